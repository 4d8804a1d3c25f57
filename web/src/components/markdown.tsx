import DOMPurify from "dompurify";
import { Marked } from "marked";
import { useEffect, useMemo, useRef } from "react";
import { cn } from "../lib/utils.ts";

const marked = new Marked({ gfm: true, breaks: false, async: false });
marked.use({
  renderer: {
    // Mermaid blocks become placeholders that the effect below renders as diagrams.
    code({ text, lang }) {
      if (lang?.trim() !== "mermaid") return false;
      const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      return `<pre class="mermaid-source" data-mermaid="true">${escaped}</pre>`;
    },
  },
});

/** Markdown to HTML that is safe to insert: DOMPurify strips scripts, handlers and javascript: URLs. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return DOMPurify.sanitize(html, { ADD_ATTR: ["data-mermaid"] });
}

let diagramCount = 0;

// Mermaid draws flowchart labels as HTML inside <foreignObject>. DOMPurify drops HTML found
// inside SVG unless foreignObject is declared an HTML integration point, which left every box
// of a diagram empty; mermaid's own strict-mode sanitiser passes the same option.
const SVG_SANITIZE = {
  USE_PROFILES: { svg: true, svgFilters: true, html: true },
  ADD_TAGS: ["foreignObject"],
  ADD_ATTR: ["dominant-baseline"],
  HTML_INTEGRATION_POINTS: { foreignobject: true },
};

/** Renders each mermaid placeholder under `root` as an SVG (mermaid loads only when needed). */
async function renderDiagrams(root: HTMLElement, dark: boolean) {
  // Claimed before the first await, so a second pass over the same HTML (React's StrictMode
  // runs effects twice) does not draw a diagram twice.
  const blocks = [...root.querySelectorAll<HTMLElement>('pre[data-mermaid="true"]')];
  if (blocks.length === 0) return;
  for (const block of blocks) block.dataset.mermaid = "pending";
  const { default: mermaid } = await import("mermaid");
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    // A syntax error throws instead of appending mermaid's own error picture to <body>.
    suppressErrorRendering: true,
    theme: dark ? "dark" : "default",
  });
  for (const block of blocks) {
    if (!block.isConnected) continue; // the text changed meanwhile: a newer pass draws it
    const source = block.textContent ?? "";
    try {
      diagramCount += 1;
      const { svg } = await mermaid.render(`gp-mermaid-${diagramCount}`, source);
      if (!block.isConnected) continue;
      const figure = document.createElement("figure");
      figure.className = "mermaid-diagram";
      figure.innerHTML = DOMPurify.sanitize(svg, SVG_SANITIZE);
      block.replaceWith(figure);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      block.dataset.mermaid = "error";
      block.classList.add("mermaid-error");
      block.title = `Diagram not rendered: ${reason}`;
      const note = document.createElement("p");
      note.className = "mermaid-error-note";
      note.textContent = `This diagram could not be drawn: ${reason.split("\n")[0]}`;
      block.after(note);
    }
  }
}

/** Markdown as the reader sees it: GitHub-flavoured, sanitised, with Mermaid diagrams drawn. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!root.current || !html.includes("data-mermaid")) return;
    void renderDiagrams(root.current, document.documentElement.classList.contains("dark"));
  }, [html]);
  return (
    <div
      ref={root}
      className={cn("markdown", className)}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify above.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
