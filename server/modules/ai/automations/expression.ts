// A small, safe expression language for automation conditions and input templates. It is
// parsed here and interpreted over plain data: no eval, no Function, no property access
// outside the data's own keys, so an expression (or a webhook body) can never run code.
//
//   expr    := or
//   or      := and ( ("||" | "or") and )*
//   and     := not ( ("&&" | "and") not )*
//   not     := ("!" | "not") not | compare
//   compare := value ( ("==" | "!=" | "<" | "<=" | ">" | ">=") value )?
//   value   := number | 'text' | "text" | true | false | null | "(" expr ")"
//            | name "(" expr ("," expr)* ")" | path
//   path    := name ( "." name | "." digits | "[" (digits | text) "]" )*
//
// Numbers and numeric strings compare as decimals (money arrives as decimal strings).

import Decimal from "decimal.js";
import { invalid } from "../../../platform/errors.ts";

type Token =
  | { t: "num"; v: string }
  | { t: "str"; v: string }
  | { t: "name"; v: string }
  | { t: "op"; v: string };

type Node =
  | { k: "lit"; v: unknown }
  | { k: "path"; parts: (string | number)[] }
  | { k: "not"; e: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "call"; fn: string; args: Node[] };

const MAX_LENGTH = 500;
const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ".", ","];
const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  /** Items of a list, characters of a text, keys of an object. */
  len: (x) =>
    Array.isArray(x) || typeof x === "string"
      ? x.length
      : x && typeof x === "object"
        ? Object.keys(x).length
        : 0,
  /** A list holds the value, or a text holds the substring. */
  contains: (haystack, needle) =>
    Array.isArray(haystack)
      ? haystack.some((item) => isEqual(item, needle))
      : typeof haystack === "string" && typeof needle === "string" && haystack.includes(needle),
  lower: (x) => (typeof x === "string" ? x.toLowerCase() : x),
};

class ExpressionError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // After a dot only an index may follow: items.0.1 is two steps, not the number 0.1.
    const afterDot = tokens.at(-1)?.t === "op" && tokens.at(-1)?.v === ".";
    const number = (afterDot ? /^\d+/ : /^-?\d+(\.\d+)?/).exec(source.slice(i));
    if (number && (c !== "-" || !isValueEnd(tokens.at(-1)))) {
      tokens.push({ t: "num", v: number[0] });
      i += number[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let text = "";
      while (j < source.length && source[j] !== c) {
        if (source[j] === "\\" && j + 1 < source.length) j++;
        text += source[j];
        j++;
      }
      if (j >= source.length) throw new ExpressionError("a text is not closed");
      tokens.push({ t: "str", v: text });
      i = j + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (name) {
      tokens.push({ t: "name", v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected "${c}"`);
    tokens.push({ t: "op", v: op });
    i += op.length;
  }
  return tokens;
}

const isValueEnd = (token: Token | undefined) =>
  !!token && (token.t !== "op" || token.v === ")" || token.v === "]");

const KEYWORD_OPS: Record<string, string> = { and: "&&", or: "||", not: "!" };
const CONSTANTS: Record<string, unknown> = { true: true, false: false, null: null };

function parse(tokens: Token[]): Node {
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => {
    const token = peek();
    if (!token) return false;
    if (token.t === "op") return token.v === v;
    return token.t === "name" && KEYWORD_OPS[token.v] === v;
  };
  const expect = (v: string) => {
    if (!isOp(v)) throw new ExpressionError(`expected "${v}"`);
    pos++;
  };

  const orExpr = (): Node => {
    let left = andExpr();
    while (isOp("||")) {
      pos++;
      left = { k: "bin", op: "||", l: left, r: andExpr() };
    }
    return left;
  };
  const andExpr = (): Node => {
    let left = notExpr();
    while (isOp("&&")) {
      pos++;
      left = { k: "bin", op: "&&", l: left, r: notExpr() };
    }
    return left;
  };
  const notExpr = (): Node => {
    if (isOp("!")) {
      pos++;
      return { k: "not", e: notExpr() };
    }
    return compare();
  };
  const compare = (): Node => {
    const left = value();
    const token = peek();
    if (token?.t === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(token.v)) {
      pos++;
      return { k: "bin", op: token.v, l: left, r: value() };
    }
    return left;
  };
  const value = (): Node => {
    const token = peek();
    if (!token) throw new ExpressionError("the expression ends too early");
    pos++;
    if (token.t === "num") return { k: "lit", v: Number(token.v) };
    if (token.t === "str") return { k: "lit", v: token.v };
    if (token.t === "op" && token.v === "(") {
      const inner = orExpr();
      expect(")");
      return inner;
    }
    if (token.t !== "name" || token.v in KEYWORD_OPS)
      throw new ExpressionError(`unexpected "${token.v}"`);
    if (token.v in CONSTANTS) return { k: "lit", v: CONSTANTS[token.v] };
    if (isOp("(")) {
      if (!(token.v in FUNCTIONS)) throw new ExpressionError(`no function named ${token.v}`);
      pos++;
      const args: Node[] = [orExpr()];
      while (isOp(",")) {
        pos++;
        args.push(orExpr());
      }
      expect(")");
      return { k: "call", fn: token.v, args };
    }
    const parts: (string | number)[] = [token.v];
    for (;;) {
      if (isOp(".")) {
        pos++;
        const next = peek();
        pos++;
        if (next?.t === "name") parts.push(next.v);
        else if (next?.t === "num" && /^\d+$/.test(next.v)) parts.push(Number(next.v));
        else throw new ExpressionError("expected a name after the dot");
      } else if (isOp("[")) {
        pos++;
        const next = peek();
        pos++;
        if (next?.t === "str") parts.push(next.v);
        else if (next?.t === "num" && /^\d+$/.test(next.v)) parts.push(Number(next.v));
        else throw new ExpressionError("expected a number or a text inside [ ]");
        expect("]");
      } else return { k: "path", parts };
    }
  };

  const tree = orExpr();
  if (pos < tokens.length) throw new ExpressionError(`unexpected "${tokens[pos]!.v}"`);
  return tree;
}

/** Only the data's own keys: never __proto__, constructor or anything inherited. */
function lookup(scope: unknown, parts: (string | number)[]): unknown {
  let current: unknown = scope;
  for (const part of parts) {
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current)) {
      current = typeof part === "number" ? current[part] : undefined;
    } else if (Object.hasOwn(current, part)) {
      current = (current as Record<string, unknown>)[part];
    } else return undefined;
  }
  return current;
}

const asDecimal = (value: unknown): Decimal | undefined => {
  if (typeof value === "number" && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()))
    return new Decimal(value.trim());
  return undefined;
};

function isEqual(a: unknown, b: unknown): boolean {
  const da = asDecimal(a);
  const db = asDecimal(b);
  if (da && db) return da.equals(db);
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (typeof a === "object" || typeof b === "object")
    return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function order(a: unknown, b: unknown): number | undefined {
  const da = asDecimal(a);
  const db = asDecimal(b);
  if (da && db) return da.comparedTo(db);
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** Truth as people expect it: false, null, 0, "", [] and missing values are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  const decimal = typeof value === "number" ? asDecimal(value) : undefined;
  if (decimal) return !decimal.isZero();
  return !!value;
}

function evaluate(node: Node, scope: unknown): unknown {
  switch (node.k) {
    case "lit":
      return node.v;
    case "path":
      return lookup(scope, node.parts);
    case "not":
      return !isTruthy(evaluate(node.e, scope));
    case "call":
      return FUNCTIONS[node.fn]!(...node.args.map((arg) => evaluate(arg, scope)));
    case "bin": {
      if (node.op === "&&")
        return isTruthy(evaluate(node.l, scope)) && isTruthy(evaluate(node.r, scope));
      if (node.op === "||")
        return isTruthy(evaluate(node.l, scope)) || isTruthy(evaluate(node.r, scope));
      const l = evaluate(node.l, scope);
      const r = evaluate(node.r, scope);
      if (node.op === "==") return isEqual(l, r);
      if (node.op === "!=") return !isEqual(l, r);
      const cmp = order(l, r);
      if (cmp === undefined) return false;
      if (node.op === "<") return cmp < 0;
      if (node.op === "<=") return cmp <= 0;
      if (node.op === ">") return cmp > 0;
      return cmp >= 0;
    }
  }
}

/** Parses an expression; throws invalid_input naming `field` when it is not well-formed. */
export function compileExpression(source: string, field = "expression") {
  if (source.length > MAX_LENGTH) throw invalid(field, `is longer than ${MAX_LENGTH} characters`);
  try {
    const tree = parse(tokenize(source));
    return (scope: unknown) => evaluate(tree, scope);
  } catch (error) {
    if (error instanceof ExpressionError) throw invalid(field, `${error.message} in "${source}"`);
    throw error;
  }
}

/** Evaluates an expression over the data in scope. */
export function evaluateExpression(source: string, scope: unknown, field?: string): unknown {
  return compileExpression(source, field)(scope);
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const WHOLE = /^\{\{([^{}]*)\}\}$/;

/** Checks every {{ … }} placeholder of a template parses; names the field when one does not. */
export function checkTemplate(template: unknown, field: string): void {
  if (typeof template === "string") {
    for (const match of template.matchAll(PLACEHOLDER)) compileExpression(match[1]!.trim(), field);
  } else if (Array.isArray(template)) {
    for (const [i, item] of template.entries()) checkTemplate(item, `${field}.${i}`);
  } else if (template && typeof template === "object") {
    for (const [key, item] of Object.entries(template)) checkTemplate(item, `${field}.${key}`);
  }
}

/**
 * Fills {{ expression }} placeholders from the scope. A string that is one placeholder keeps
 * the value's type (a number stays a number, an object an object); inside longer text values
 * are written out (objects as JSON, missing values as nothing).
 */
export function renderTemplate(template: unknown, scope: unknown): unknown {
  if (typeof template === "string") {
    const whole = WHOLE.exec(template);
    if (whole) return evaluateExpression(whole[1]!.trim(), scope) ?? null;
    return template.replace(PLACEHOLDER, (_match, source: string) => {
      const value = evaluateExpression(source.trim(), scope);
      if (value === undefined || value === null) return "";
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    });
  }
  if (Array.isArray(template)) return template.map((item) => renderTemplate(item, scope));
  if (template && typeof template === "object") {
    return Object.fromEntries(
      Object.entries(template).map(([key, item]) => [key, renderTemplate(item, scope)]),
    );
  }
  return template;
}
