import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import type { Execute } from "../../../platform/operations/execute.ts";
import { statusPageView, type ZPublicStatusPage } from "./status-page.ops.ts";
import { dayTone, uptimePercent } from "./uptime-tone.ts";

type Page = z.output<typeof ZPublicStatusPage>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS_TEXT = {
  up: "Operational",
  down: "Down",
  paused: "Monitoring paused",
  unknown: "No data",
} as const;
const OVERALL = {
  operational: "All systems operational",
  degraded: "Some systems are down",
  paused: "Monitoring paused",
  unknown: "Status unknown",
} as const;

/** The page as plain HTML and one stylesheet: no script, so the strict CSP holds. */
export function renderStatusPage(page: Page): string {
  const components = page.components
    .map(
      (c) => `<section class="component">
  <div class="row"><h2>${escapeHtml(c.name)}</h2><span class="status ${c.status}">${STATUS_TEXT[c.status]}</span></div>
  <div class="bars" aria-label="Daily uptime, last 90 days">${c.days
    .map(
      // A day's bar: its colour class says how much of the day was up (no inline styles: CSP).
      (d) =>
        `<span class="bar ${dayTone(d.uptime)}" title="${d.day}: ${uptimePercent(d.uptime)}"></span>`,
    )
    .join("")}</div>
  <div class="row small"><span>90 days ago</span><span>${uptimePercent(c.uptime)} uptime</span><span>Today</span></div>
</section>`,
    )
    .join("\n");
  const incidents = page.incidents.length
    ? `<section class="incidents"><h2>Open incidents</h2><ul>${page.incidents
        .map(
          (i) =>
            `<li><strong>${escapeHtml(i.title)}</strong> <span class="small">${escapeHtml(i.status)} since ${i.openedAt.slice(0, 16).replace("T", " ")} UTC</span></li>`,
        )
        .join("")}</ul></section>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title><link rel="stylesheet" href="/status/style.css"></head>
<body><main>
<h1>${escapeHtml(page.title)}</h1>
<p class="overall ${page.status}">${OVERALL[page.status]}</p>
${incidents}
${components || '<p class="small">No components yet.</p>'}
<p class="small footer">Updated ${page.generatedAt.slice(0, 16).replace("T", " ")} UTC</p>
</main></body></html>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:760px;margin:0 auto;padding:32px 16px}h1{font-size:28px;margin:0 0 16px}
h2{font-size:16px;margin:0}.overall{padding:14px 16px;border-radius:8px;color:#fff;font-weight:600}
.overall.operational{background:#16a34a}.overall.degraded{background:#dc2626}.overall.unknown,.overall.paused{background:#64748b}
.component,.incidents{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:16px;margin:16px 0}
.row{display:flex;justify-content:space-between;align-items:center;gap:8px}
.status.up{color:#16a34a}.status.down{color:#dc2626}.status.unknown,.status.paused{color:#64748b}
.bars{display:flex;gap:2px;height:32px;margin:12px 0 6px}.bar{flex:1;border-radius:2px}
.bar.up{background:#22c55e}.bar.partial{background:#f59e0b}.bar.down{background:#ef4444}.bar.none{background:#e2e8f0}
.small{font-size:12px;color:#64748b}.incidents ul{margin:8px 0 0;padding-left:18px}.footer{margin-top:24px}`;

/** GET /status/<slug>: the public page, read through the registry as an anonymous caller. */
export function registerStatusPageRoutes(app: FastifyInstance, execute: Execute) {
  app.get("/status/style.css", async (_request, reply) =>
    reply
      .type("text/css; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .send(STYLE),
  );
  app.get<{ Params: { slug: string } }>("/status/:slug", async (request, reply) => {
    try {
      // The registry hands back the wire form (timestamps as ISO strings), as HTTP would.
      const page = (await execute(
        statusPageView,
        { slug: request.params.slug },
        { actor: { type: "anonymous" } },
      )) as Page;
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "public, max-age=30")
        .send(renderStatusPage(page));
    } catch (error) {
      if (
        !(error instanceof AppError) ||
        (error.code !== "not_found" && error.code !== "invalid_input")
      )
        throw error;
      return reply
        .status(404)
        .type("text/html; charset=utf-8")
        .send(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><p>No status page here.</p></body></html>',
        );
    }
  });
}
