import type { DocKind } from "./docs.zod.ts";

/** A starting point for a new page: its kind and a Markdown skeleton worth filling in. */
export interface DocTemplate {
  id: TemplateId;
  name: string;
  kind: DocKind;
  description: string;
  body: string;
}

export const TEMPLATE_IDS = ["runbook", "playbook", "postmortem", "adr"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

// The sections follow what SRE teams publish as practice: Google's SRE book (on-call and
// post-mortem culture), PagerDuty's incident response docs, and Michael Nygard's ADR format.

const RUNBOOK = `> **Service:** _name, link to its resource page_ · **Owner:** _team or person_ · **Severity if down:** _SEV1–SEV3_

## When to use this runbook
The alert or symptom that brings you here, e.g. *"HTTP 5xx rate above 5 % for 5 minutes"*.
Link the alert to this page (Links → Alert) so the alert names its runbook.

## Triage at a glance
\`\`\`mermaid
flowchart TD
  A[Alert fires] --> B{Is the site up?}
  B -- No --> C[Check load balancer health]
  B -- Yes --> D{Error rate rising?}
  C --> E[Restart unhealthy instances]
  D -- Yes --> F[Roll back the last deploy]
  D -- No --> G[Watch for 15 min, then resolve]
  E --> H[Post an update in the incident channel]
  F --> H
\`\`\`

## 1. Check
- [ ] Open the dashboard: _link_. Compare error rate and latency with the same hour yesterday.
- [ ] Recent changes: last deploy, config change, certificate renewal, provider status page.
- [ ] Is it one client, one region or everyone?

\`\`\`bash
# Example: the last 100 errors of the service
journalctl -u my-service --since "15 min ago" -p err | tail -n 100
\`\`\`

## 2. Mitigate
| Symptom | Action | Command or link |
| --- | --- | --- |
| Instance unhealthy | Replace it | \`aws autoscaling terminate-instance-in-auto-scaling-group …\` |
| Bad deploy | Roll back | _pipeline link_ |
| Database saturated | Kill long queries | \`SELECT pg_cancel_backend(pid) …\` |

Mitigate first, investigate later: a rollback that stops the bleeding beats a perfect diagnosis.

## 3. Verify
- [ ] Error rate back under the threshold for 10 minutes.
- [ ] The alert resolved by itself (do not silence it to make it green).

## 4. Escalate
If not mitigated within **30 minutes**, call the secondary on-call: _name, phone_. For a client
outage, tell the client's contact: _name_.

## 5. Afterwards
- [ ] Write a post-mortem for any SEV1/SEV2 (template: *Post-mortem*).
- [ ] Update this runbook with what was missing.
`;

const PLAYBOOK = `> Use this playbook for any incident that affects a client or lasts more than 15 minutes.

## Roles
| Role | Who | Does |
| --- | --- | --- |
| Incident commander | _first responder until handed over_ | Decides, delegates, keeps the timeline |
| Communications | _name_ | Updates clients and the status page every 30 min |
| Operations | _name_ | Investigates and mitigates |

## Severity
| Level | Meaning | Response |
| --- | --- | --- |
| SEV1 | A client's production is down or data is at risk | All hands, client told within 15 min |
| SEV2 | Degraded service or one feature down | On-call plus one, client told within 1 h |
| SEV3 | Minor, a workaround exists | Next working day |

## 1. Declare
- [ ] Open an incident channel named \`inc-YYYYMMDD-short-name\`.
- [ ] Post: what is broken, who is affected, who is commander.
- [ ] Start the timeline below; note times in UTC.

## 2. Stabilise
- [ ] Follow the service's runbook (search the wiki for the alert name).
- [ ] Prefer reversible actions: roll back, fail over, scale out.
- [ ] Record every action and its result in the timeline.

## 3. Communicate
Template for a client update:

> We are investigating an issue affecting **_service_** since **_time UTC_**. Impact: _what users
> see_. Next update by **_time UTC_**.

## 4. Resolve
- [ ] Confirm recovery with the metrics, not just a manual check.
- [ ] Post the all-clear with the duration and the impact.
- [ ] Schedule the post-mortem within 5 working days.

## Timeline
| Time (UTC) | Who | What |
| --- | --- | --- |
| 00:00 | | Incident declared |
`;

const POSTMORTEM = `> **Status:** draft · **Severity:** _SEV1–SEV3_ · **Date:** _YYYY-MM-DD_ · **Authors:** _names_

Blameless: we look for what in the system let this happen, not for whom to blame.

## Summary
Two or three sentences: what happened, the impact, how it was fixed.

## Impact
- **Duration:** _start – end (UTC)_, _N minutes_
- **Who was affected:** _clients, users, requests_
- **Cost:** _extra cloud spend, credits owed, hours spent_

## Timeline (UTC)
| Time | Event |
| --- | --- |
| 00:00 | First symptom |
| 00:00 | Alert fired / someone noticed |
| 00:00 | Mitigated |
| 00:00 | Resolved |

## Root cause
What in the system caused it; ask "why" until you reach something you can change.

## Detection
How did we find out? How could we have found out sooner?

## What went well
-

## What went badly
-

## Where we got lucky
-

## Action items
| Action | Type | Owner | Task |
| --- | --- | --- | --- |
| _e.g. add a concurrency limit_ | prevent | _name_ | _link the task_ |
| _e.g. alert on hourly spend_ | detect | _name_ | |
| _e.g. runbook for this alert_ | mitigate | _name_ | |
`;

const ADR = `> **Status:** proposed · **Date:** _YYYY-MM-DD_ · **Deciders:** _names_

## Context
The forces at play: the problem, the constraints (budget, skills, clients' requirements), and
what happens if we decide nothing.

## Options considered
### Option A: _name_
- Good, because …
- Bad, because …

### Option B: _name_
- Good, because …
- Bad, because …

## Decision
We will … because …

## Consequences
- What becomes easier.
- What becomes harder, and what we must now do (migrations, docs, training).

## Follow-up
- Revisit on _date_ or when _condition_.
- Supersedes / superseded by: _link another ADR_.
`;

export const TEMPLATES: readonly DocTemplate[] = [
  {
    id: "runbook",
    name: "Runbook",
    kind: "runbook",
    description: "Steps to check, mitigate, verify and escalate when an alert fires",
    body: RUNBOOK,
  },
  {
    id: "playbook",
    name: "Incident playbook",
    kind: "playbook",
    description: "Roles, severities and the steps of running an incident",
    body: PLAYBOOK,
  },
  {
    id: "postmortem",
    name: "Post-mortem",
    kind: "postmortem",
    description: "A blameless review: impact, timeline, root cause and action items",
    body: POSTMORTEM,
  },
  {
    id: "adr",
    name: "Architecture decision record",
    kind: "adr",
    description: "Context, options, decision and consequences of one decision",
    body: ADR,
  },
];

/** The built-in template with this id. */
export function templateOf(id: TemplateId): DocTemplate {
  const template = TEMPLATES.find((t) => t.id === id);
  if (!template) throw new Error(`no template ${id}`);
  return template;
}
