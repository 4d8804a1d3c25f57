import type { Operation } from "../../platform/operations/define.ts";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A self-contained API reference page (no scripts, no CDN), grouped by module. */
export function renderDocsPage(operations: readonly Operation[]): string {
  const groups = new Map<string, Operation[]>();
  for (const op of operations) {
    const module = op.name.split(".")[0]!;
    groups.set(module, [...(groups.get(module) ?? []), op]);
  }
  const sections = [...groups.entries()]
    .map(
      ([module, ops]) =>
        `<section><h2 id="${escapeHtml(module)}">${escapeHtml(module)}</h2>${ops
          .map(
            (op) => `<article>
  <h3><code>POST /api/${escapeHtml(op.name)}</code>${op.mutates ? '<span class="m">mutates</span>' : '<span class="r">read</span>'}</h3>
  <p>${escapeHtml(op.summary)}</p>${op.description ? `<p class="d">${escapeHtml(op.description)}</p>` : ""}
  <p class="p">Permission: <code>${escapeHtml(op.permission)}</code></p>
</article>`,
          )
          .join("")}</section>`,
    )
    .join("");
  const nav = [...groups.keys()]
    .map((m) => `<a href="#${escapeHtml(m)}">${escapeHtml(m)}</a>`)
    .join(" ");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Glass Pane API</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:920px;margin:2rem auto;padding:0 1rem;color:#18181b;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e4e4e7;background:#09090b}article{border-color:#27272a!important}code{background:#27272a!important}}
h1{margin-bottom:.25rem}nav a{margin-right:.75rem}article{border:1px solid #e4e4e7;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
h3{font-size:1rem;margin:0;display:flex;gap:.5rem;align-items:center}code{background:#f4f4f5;padding:.1rem .3rem;border-radius:4px}
.m,.r{font-size:.75rem;padding:.05rem .4rem;border-radius:999px}.m{background:#fef3c7;color:#92400e}.r{background:#dcfce7;color:#166534}.p,.d{color:#71717a;margin:.25rem 0}
</style></head><body><h1>Glass Pane API</h1>
<p>Every capability is an operation: <code>POST /api/&lt;operation&gt;</code> with a JSON body; read operations also answer <code>GET</code> with <code>?input=&lt;json&gt;</code>. Authenticate with <code>Authorization: Bearer gp_…</code>; choose the workspace with <code>x-workspace-id</code>. Schemas: <a href="/api/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<nav>${nav}</nav>${sections}</body></html>`;
}
