import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { DocKind } from "./docs.zod.ts";

// ts_headline marks matches with these private-use characters, never with HTML: the snippet is
// split into plain-text pieces here, so a page body can never inject markup into the results.
const START = "\uE000";
const STOP = "\uE001";
const HEADLINE_OPTIONS = `StartSel="${START}", StopSel="${STOP}", MaxWords=28, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
const TITLE_OPTIONS = `StartSel="${START}", StopSel="${STOP}", HighlightAll=true`;

// Markdown punctuation (emphasis, headings, quotes, tables, code fences, rules) reads as noise
// in a one-line snippet; the words stay.
// A ">" is only taken at a line's start (a quote): elsewhere it may close an HTML tag, which the
// parser must still see as a tag so the tag never reaches a snippet.
const MARKUP = "[*`|#~]+|-{3,}|(^|\n)[ \t]*>+";

const WORD = /[\p{L}\p{N}]/u;
const LAST_WORD = /(^|\s)([\p{L}\p{N}]+)$/u;

/**
 * The tsquery of what a person typed: web-search syntax (quotes, OR, -word) through
 * websearch_to_tsquery, which never fails on syntax, or the same with the last word as a prefix
 * so results appear while typing ("runb" finds "runbook"). Undefined when nothing is searchable.
 */
export function queryOf(text: string): SQL | undefined {
  const q = text.replace(/\p{Cc}/gu, " ").trim();
  if (!WORD.test(q)) return undefined;
  const last = LAST_WORD.exec(q);
  const quotesOpen = (q.match(/"/g)?.length ?? 0) % 2 === 1;
  const prefix = last && !quotesOpen && last[2]!.toLowerCase() !== "or" ? last[2]! : undefined;
  const asTyped = sql`websearch_to_tsquery('simple', ${q})`;
  if (!prefix) return asTyped;
  // Either as typed, or with its last word as a prefix: "rota or replica" keeps its OR. The
  // prefix word holds only letters and digits, so it is valid to_tsquery syntax.
  const asPrefix = sql`to_tsquery('simple', ${`${prefix}:*`})`;
  const rest = q.slice(0, last!.index).trim();
  const typing = WORD.test(rest)
    ? sql`(websearch_to_tsquery('simple', ${rest}) && ${asPrefix})`
    : asPrefix;
  return sql`(${asTyped} || ${typing})`;
}

export interface SnippetPiece {
  text: string;
  match: boolean;
}

/** ts_headline's output as pieces of plain text, the matched words flagged. */
export function piecesOf(headline: string): SnippetPiece[] {
  const pieces: SnippetPiece[] = [];
  const text = headline.replace(/\s+/g, " ").trim();
  for (const [i, part] of text.split(START).entries()) {
    const [matched, after] = i === 0 ? [undefined, part] : splitOnce(part, STOP);
    if (matched) pieces.push({ text: matched, match: true });
    if (after) pieces.push({ text: after, match: false });
  }
  return pieces;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + separator.length)];
}

interface SearchRow {
  id: string;
  title: string;
  kind: string;
  parent_id: string | null;
  rank: number | string;
  updated_at: Date | string;
  title_headline: string;
  headline: string;
}

/**
 * Pages matching the search, best first: a match in the title weighs more than one in the
 * body (ts_rank_cd over title weight A, body weight D), ties go to the newest page.
 */
export async function searchPages(db: Db, workspaceId: string, text: string, limit: number) {
  const query = queryOf(text);
  if (!query) return [];
  // The WHERE clause repeats the expression of the doc_pages_search GIN index so it is used.
  const result = await db.execute(sql`
    WITH q AS (SELECT ${query} AS query)
    SELECT p.id, p.title, p.kind, p.parent_id, p.updated_at,
      ts_rank_cd(
        setweight(to_tsvector('simple', p.title), 'A') || setweight(to_tsvector('simple', p.body), 'D'),
        q.query
      ) AS rank,
      ts_headline('simple', p.title, q.query, ${TITLE_OPTIONS}) AS title_headline,
      ts_headline('simple', regexp_replace(p.body, ${MARKUP}, ' ', 'g'), q.query, ${HEADLINE_OPTIONS}) AS headline
    FROM doc_pages p, q
    WHERE p.workspace_id = ${workspaceId}
      AND numnode(q.query) > 0
      AND to_tsvector('simple', p.title || ' ' || p.body) @@ q.query
    ORDER BY rank DESC, p.updated_at DESC, p.id
    LIMIT ${limit}`);
  return rowsOf<SearchRow>(result).map((row) => ({
    id: row.id,
    title: row.title,
    kind: row.kind as DocKind,
    parentId: row.parent_id,
    rank: Number(row.rank),
    updatedAt: new Date(row.updated_at),
    titleSnippet: piecesOf(row.title_headline),
    snippet: piecesOf(row.headline),
  }));
}
