import type { DemoPage } from "./demo.ts";

const MAYA = "maya.admin@demo.glasspane.dev";
const LEO = "leo.dev@demo.glasspane.dev";
/** Not an email: stands for the workspace's owner. */
const OWNER = "owner";

const dayOf = (today: Date, daysAgo: number) =>
  new Date(today.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);

const STOREFRONT_RUNBOOK = `> **Service:** Acme storefront (acme-web-1, acme-web-2, acme-db) · **Owner:** Leo · **Severity if down:** SEV1

## When to use this runbook
The alert **Site down** or **Storefront slow** fired — requests to \`shop.acme.example\` fail or
answer 5xx, or its p95 latency stays above 500 ms for 5 minutes — or Acme called to say the shop
is down.

## Triage at a glance
\`\`\`mermaid
flowchart TD
  A[Site down or Storefront slow fires] --> B{Does the shop load?}
  B -- No --> C{Both targets healthy in the load balancer?}
  B -- Yes --> D{Errors only on checkout?}
  C -- No --> E[Replace the unhealthy instance]
  C -- Yes --> F[Check acme-db connections]
  D -- Yes --> G[Check the payment provider status page]
  D -- No --> H[Roll back the last deploy]
  E --> I[Update Acme in #acme-shared]
  F --> I
  G --> I
  H --> I
\`\`\`

## 1. Check
- [ ] Target health: \`aws elbv2 describe-target-health --target-group-arn $ACME_TG\`
- [ ] Last deploy: the *storefront* pipeline; anything in the last two hours is the first suspect.
- [ ] Database: connections on acme-db above 90 of 100 means the app is leaking them.

\`\`\`bash
# Connections by state on acme-db
psql "$ACME_DB_URL" -c "select state, count(*) from pg_stat_activity group by 1"
\`\`\`

## 2. Mitigate
| Symptom | Action |
| --- | --- |
| One instance unhealthy | Terminate it; the auto-scaling group replaces it in ~4 min |
| Bad deploy | Re-run the previous green pipeline |
| Connections exhausted | Restart the app on both instances, one at a time |

## 3. Verify
- [ ] 5xx rate under 1 % and p95 latency under 500 ms for 10 minutes; the alerts resolve by
  themselves.

## 4. Escalate
Not mitigated in 30 minutes: call Maya (secondary). Tell Acme's contact, Priya, after 15 minutes
of customer-facing impact.
`;

const ETL_POSTMORTEM = (
  today: Date,
) => `> **Status:** final · **Severity:** SEV3 (cost) · **Date:** ${dayOf(today, 10)} · **Authors:** Maya, Leo

## Summary
The **globex-etl** Lambda (AWS, us-east-1) retried a poison message in a loop for three days and
cost about **9×** its usual daily spend. The cost anomaly detector flagged it; we fixed the
handler, added a dead-letter queue and capped its concurrency.

## Impact
- **Duration:** ${dayOf(today, 10)} to ${dayOf(today, 8)}, about 70 hours
- **Who was affected:** nobody saw an outage; Globex's nightly report ran late once
- **Cost:** roughly $65 of extra Lambda spend, which we absorb (not billed to Globex)

## Timeline (UTC)
| Time | Event |
| --- | --- |
| ${dayOf(today, 10)} 01:12 | A malformed CSV from Globex's SFTP drop reaches the queue |
| ${dayOf(today, 10)} 01:13 | The handler throws; SQS redelivers; the loop starts |
| ${dayOf(today, 7)} 08:30 | Glass Pane flags a cost anomaly on AWS Lambda |
| ${dayOf(today, 7)} 09:05 | Leo finds 1.2 M invocations of globex-etl in a day |
| ${dayOf(today, 7)} 09:40 | Message moved aside, handler fixed and deployed; spend back to normal |

## Root cause
The handler threw on a row with an unquoted comma, and the queue had no redrive policy, so the
message came back forever. Nothing capped the function's concurrency.

## Detection
The daily anomaly check found it on the third day. An hourly spend alert would have caught it
within hours.

## What went well
- The anomaly pointed straight at the function and the day it started.

## What went badly
- Three days to notice; the Lambda had no error-rate alert.

## Action items
| Action | Type | Owner | Status |
| --- | --- | --- | --- |
| Dead-letter queue after 5 receives | prevent | Leo | done |
| Reserved concurrency of 5 on globex-etl | prevent | Leo | done |
| Alert on Lambda errors > 1 % | detect | Maya | open |
| Budget on the data-pipeline project with a forecast threshold | detect | Maya | open |
`;

const ADR_V1 = `> **Status:** proposed · **Deciders:** Maya, Leo

## Context
The Globex ETL runs as a Lambda that parses one CSV per invocation. Files are growing (40 MB now)
and the 15-minute limit and retries on failure make cost hard to predict.

## Options considered
### Option A: keep Lambda, split files
- Good, because nothing new to run.
- Bad, because retries still multiply cost.

### Option B: a scheduled ECS Fargate task
- Good, because one run per night, predictable cost, no time limit.
- Bad, because we must own a container image.

## Decision
_To be decided._
`;

const ADR_V2 = ADR_V1.replace(
  "_To be decided._",
  `We will move the ETL to a **scheduled Fargate task** (0.5 vCPU, 1 GB) that runs nightly at 01:00 UTC.

## Consequences
- The cost is one task-hour a night, about $0.75, whatever the file sizes.
- We own a container image; it is built by the existing pipeline.`,
);

const ADR_V3 = ADR_V2.replace("**Status:** proposed", "**Status:** accepted").concat(
  `- A failed run is retried once by the scheduler, never in a loop (see the globex-etl post-mortem).

## Follow-up
- Revisit if Globex needs data more often than nightly.
`,
);

/** The demo wiki, parents before children. */
export function demoPages(today: Date): DemoPage[] {
  return [
    {
      key: "oncall",
      kind: "page",
      versions: [
        {
          title: "On-call handbook",
          author: OWNER,
          daysAgo: 60,
          body: "How we run on-call as a team of three: one primary and one secondary per week, handover on Monday at 10:00.\n\n- Runbooks for each alert live below this page.\n- Any incident that a client notices gets a post-mortem.\n- Pager: the *Glass Pane alerts* channel; phone numbers are in the team sheet.\n",
        },
      ],
    },
    {
      key: "storefront",
      parentKey: "oncall",
      kind: "runbook",
      versions: [
        {
          title: "Runbook: Acme storefront 5xx",
          author: LEO,
          daysAgo: 21,
          body: STOREFRONT_RUNBOOK,
        },
      ],
      links: [
        // The demo's own alert rules (demo-alerts.ts): their alerts and incidents list this page.
        { kind: "alert", target: "Site down", title: "Site down" },
        { kind: "alert", target: "Storefront slow", title: "Storefront slow" },
        { kind: "resource", target: "210987654321/acme-web-1", title: "acme-web-1" },
        { kind: "resource", target: "210987654321/acme-db", title: "acme-db" },
      ],
    },
    {
      key: "postmortems",
      kind: "page",
      versions: [
        {
          title: "Post-mortems",
          author: MAYA,
          daysAgo: 45,
          body: "Blameless reviews of incidents and cost surprises, newest first. Each one ends with action items linked to tasks.\n",
        },
      ],
    },
    {
      key: "etl",
      parentKey: "postmortems",
      kind: "postmortem",
      versions: [
        {
          title: "Post-mortem: runaway globex-etl Lambda",
          author: MAYA,
          daysAgo: 6,
          body: ETL_POSTMORTEM(today),
        },
      ],
      links: [
        { kind: "resource", target: "210987654321/globex-etl", title: "globex-etl (AWS Lambda)" },
        { kind: "alert", target: "cost-anomaly:AWS Lambda", title: "Cost anomaly on AWS Lambda" },
      ],
    },
    {
      key: "adrs",
      kind: "page",
      versions: [
        {
          title: "Architecture decisions",
          author: LEO,
          daysAgo: 40,
          body: "One page per decision (ADR), numbered, never deleted: a reversed decision gets a new ADR that supersedes it.\n",
        },
      ],
    },
    {
      key: "adr1",
      parentKey: "adrs",
      kind: "adr",
      versions: [
        {
          title: "ADR 001: Globex ETL on Lambda or Fargate",
          author: LEO,
          daysAgo: 5,
          body: ADR_V1,
        },
        {
          title: "ADR 001: Run the Globex ETL as a Fargate task",
          author: LEO,
          daysAgo: 4,
          body: ADR_V2,
        },
        {
          title: "ADR 001: Run the Globex ETL as a Fargate task",
          author: MAYA,
          daysAgo: 3,
          body: ADR_V3,
        },
      ],
      links: [
        { kind: "resource", target: "210987654321/globex-etl", title: "globex-etl (AWS Lambda)" },
      ],
    },
  ];
}
