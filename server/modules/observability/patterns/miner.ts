import {
  fillAlternatives,
  firstWord,
  openAlternative,
  recordAlternatives,
  variantKey,
  type WordHomes,
} from "./alternatives.ts";
import { type Cluster, fnv1a, shapeOf, similarity, wildcards } from "./cluster.ts";
import { tokenize, WILDCARD } from "./mask.ts";

/**
 * A streaming log template miner in the spirit of Drain (He et al., ICWS 2017), written here.
 *
 * Each message is masked (mask.ts) and routed by its token count and first token to a short list
 * of templates; it joins the most similar one when enough of their literal tokens agree, and the
 * positions where they differ become `<*>`. Otherwise it starts a new template.
 *
 * Two refinements over plain Drain, both generic:
 * - A `<*>` position that has only ever held a few plain words (VM Started / Stopped / Paused)
 *   names alternative events, not a value: each word gets its own template id (a "variant"),
 *   until the position shows a value or more than `maxAlternatives` words.
 * - Templates of different lengths whose literal words agree once values (and short units after
 *   values) are left out — `0 bytes sent` / `1190 bytes (1.16 KB) sent` — are merged, the older
 *   one surviving (cluster.ts `shapeOf`).
 *
 * Ids come from the first message's masked text (and the variant's words), so the same stream
 * gives the same ids on every run and machine; a merged template still answers to its old id
 * through `resolve`.
 */

export interface MinerConfig {
  /** Share of literal tokens a message must share with a template to join it (0..1). */
  similarity: number;
  /** A `<*>` position holding more distinct words than this is a variable. */
  maxAlternatives: number;
  /** Exact-match cache of masked messages, cleared when it grows past this size. */
  cacheSize: number;
}

export const defaultMinerConfig: MinerConfig = {
  similarity: 0.4,
  maxAlternatives: 5,
  cacheSize: 50_000,
};

export interface MatchResult {
  templateId: string;
  template: string;
  /** True when this message is the first of its template or variant (a "new pattern" signal). */
  created: boolean;
}

export interface TemplateSummary {
  templateId: string;
  template: string;
  count: number;
}

type SnapshotWords = [number, { context: string; words: [string, number][] } | null][];

export interface MinerSnapshot {
  version: 1;
  config: MinerConfig;
  templates: {
    id: string;
    tokens: string[];
    count: number;
    mergedInto?: string;
    alternatives: SnapshotWords;
    variants: [string, number][];
  }[];
  /** Which templates saw which word after which token at an alternative position. */
  homes: [string, string[]][];
}

interface LengthGroup {
  byFirst: Map<string, Cluster[]>;
  all: Cluster[];
}

/**
 * A position just became an alternative: the messages counted so far all had `word` there, so
 * each variant (and the messages before any variant) gains that word.
 */
function splitVariants(cluster: Cluster, position: number, word: string) {
  const part = `${position}\u0000${word}\u0001`;
  let inVariants = 0;
  const variants = new Map<string, number>();
  for (const [key, count] of cluster.variants) {
    variants.set(key + part, count);
    inVariants += count;
  }
  const before = cluster.count - inVariants;
  if (before > 0) {
    let key = "";
    for (const [at, words] of cluster.alternatives) {
      if (at === position) continue;
      const first = firstWord(words);
      if (first !== undefined) key += `${at}\u0000${first}\u0001`;
    }
    variants.set(key + part, before);
  }
  cluster.variants = variants;
}

function rootOf(cluster: Cluster): Cluster {
  let root = cluster;
  while (root.mergedInto) root = root.mergedInto;
  return root;
}

export class TemplateMiner {
  readonly config: MinerConfig;
  #groups = new Map<number, LengthGroup>();
  #byId = new Map<string, Cluster>();
  #byShape = new Map<string, Cluster>();
  #cache = new Map<string, Cluster>();
  #homes: WordHomes = new Map();

  constructor(config: Partial<MinerConfig> = {}) {
    this.config = { ...defaultMinerConfig, ...config };
  }

  /** Mines one message: the template it belongs to now. */
  add(message: string): MatchResult {
    const tokens = tokenize(message);
    const key = tokens.join(" ");
    let cluster = this.#cache.get(key);
    let created = false;
    if (!cluster) {
      const group = this.#group(tokens.length);
      cluster = this.#bestMatch(group, tokens);
      if (cluster) this.#absorb(group, cluster, tokens);
      else {
        cluster = this.#create(group, tokens, key);
        created = true;
      }
      if (this.#cache.size >= this.config.cacheSize) this.#cache.clear();
      this.#cache.set(key, cluster);
    } else if (cluster.alternatives.size > 0) {
      recordAlternatives(cluster, tokens, this.config.maxAlternatives, this.#homes);
    }
    rootOf(cluster).count++;
    const variant = variantKey(cluster, tokens, this.#homes);
    if (variant) {
      const seen = cluster.variants.get(variant);
      // A word not seen before at an alternative position is a new event too (VM Crashed).
      if (seen === undefined) created = true;
      cluster.variants.set(variant, (seen ?? 0) + 1);
    }
    const { templateId, template } = this.#describe(cluster, tokens, variant);
    return { templateId, template, created };
  }

  /** The template a message belongs to now, without learning from it. */
  match(message: string): Omit<MatchResult, "created"> | undefined {
    const tokens = tokenize(message);
    const cluster =
      this.#cache.get(tokens.join(" ")) ?? this.#bestMatch(this.#group(tokens.length), tokens);
    return cluster
      ? this.#describe(cluster, tokens, variantKey(cluster, tokens, this.#homes))
      : undefined;
  }

  /** The id a template answers to now (templates merge; old ids stay valid). */
  resolve(templateId: string): string | undefined {
    const cluster = this.#byId.get(templateId.split(".")[0] ?? "");
    if (!cluster) return undefined;
    const root = rootOf(cluster);
    const dot = templateId.indexOf(".");
    return dot === -1 || root !== cluster ? root.id : templateId;
  }

  /** Every live template with its message count, most frequent first. */
  templates(): TemplateSummary[] {
    const out: TemplateSummary[] = [];
    for (const cluster of this.#byId.values()) {
      if (cluster.mergedInto) continue;
      let inVariants = 0;
      for (const [variant, count] of cluster.variants) {
        const filled = [...cluster.tokens];
        for (const part of variant.split("\u0001")) {
          const [position, word] = part.split("\u0000");
          if (word !== undefined) filled[Number(position)] = word;
        }
        out.push({
          templateId: this.#variantId(cluster, variant),
          template: filled.join(" "),
          count,
        });
        inVariants += count;
      }
      if (cluster.count > inVariants) {
        const template = cluster.tokens.join(" ");
        out.push({ templateId: cluster.id, template, count: cluster.count - inVariants });
      }
    }
    return out.sort((a, b) => b.count - a.count || a.templateId.localeCompare(b.templateId));
  }

  snapshot(): MinerSnapshot {
    const templates: MinerSnapshot["templates"] = [];
    for (const cluster of this.#byId.values()) {
      const alternatives: SnapshotWords = [];
      for (const [position, alt] of cluster.alternatives) {
        alternatives.push([position, alt ? { context: alt.context, words: [...alt.words] } : null]);
      }
      templates.push({
        id: cluster.id,
        tokens: [...cluster.tokens],
        count: cluster.count,
        ...(cluster.mergedInto ? { mergedInto: cluster.mergedInto.id } : {}),
        alternatives,
        variants: [...cluster.variants],
      });
    }
    const homes: MinerSnapshot["homes"] = [];
    for (const [key, ids] of this.#homes) homes.push([key, [...ids]]);
    return { version: 1, config: { ...this.config }, templates, homes };
  }

  static restore(snapshot: MinerSnapshot): TemplateMiner {
    if (snapshot.version !== 1)
      throw new Error(`Unknown miner snapshot version ${snapshot.version}`);
    const miner = new TemplateMiner(snapshot.config);
    for (const [key, ids] of snapshot.homes) miner.#homes.set(key, new Set(ids));
    for (const entry of snapshot.templates) {
      const cluster: Cluster = {
        id: entry.id,
        tokens: [...entry.tokens],
        count: entry.count,
        mergedInto: undefined,
        alternatives: new Map(
          entry.alternatives.map(([position, alt]) => [
            position,
            alt ? { context: alt.context, words: new Map(alt.words) } : null,
          ]),
        ),
        variants: new Map(entry.variants),
        named: new Map(),
      };
      miner.#byId.set(cluster.id, cluster);
      miner.#index(miner.#group(cluster.tokens.length), cluster);
    }
    for (const entry of snapshot.templates) {
      if (!entry.mergedInto) continue;
      const cluster = miner.#byId.get(entry.id);
      const into = miner.#byId.get(entry.mergedInto);
      if (!cluster || !into) throw new Error(`Snapshot merges ${entry.id} into a missing template`);
      cluster.mergedInto = into;
    }
    for (const cluster of miner.#byId.values()) {
      if (!cluster.mergedInto) miner.#byShape.set(shapeOf(cluster.tokens), cluster);
    }
    return miner;
  }

  #describe(cluster: Cluster, tokens: string[], variant: string): Omit<MatchResult, "created"> {
    const root = rootOf(cluster);
    const holder = variant ? cluster : root;
    let named = holder.named.get(variant);
    if (!named) {
      // The alternative words fill the template of the length this message has.
      named = variant
        ? {
            templateId: this.#variantId(cluster, variant),
            template: fillAlternatives(cluster, tokens, this.#homes).join(" "),
          }
        : { templateId: root.id, template: root.tokens.join(" ") };
      holder.named.set(variant, named);
    }
    return named;
  }

  #variantId(cluster: Cluster, variant: string): string {
    return `${rootOf(cluster).id}.${fnv1a(`${cluster.id}\u0002${variant}`)}`;
  }

  #group(length: number): LengthGroup {
    let group = this.#groups.get(length);
    if (!group) {
      group = { byFirst: new Map(), all: [] };
      this.#groups.set(length, group);
    }
    return group;
  }

  #index(group: LengthGroup, cluster: Cluster) {
    group.all.push(cluster);
    const first = cluster.tokens[0] ?? "";
    const list = group.byFirst.get(first);
    if (list) list.push(cluster);
    else group.byFirst.set(first, [cluster]);
  }

  #bestMatch(group: LengthGroup, tokens: string[]): Cluster | undefined {
    const first = tokens[0] ?? "";
    const threshold = this.config.similarity;
    const pick = (candidates: Cluster[] | undefined) => {
      let best: Cluster | undefined;
      let bestScore = threshold;
      let bestWild = Number.POSITIVE_INFINITY;
      for (const cluster of candidates ?? []) {
        const score = similarity(cluster.tokens, tokens);
        if (score < bestScore) continue;
        const wild = wildcards(cluster.tokens);
        if (!best || score > bestScore || wild < bestWild) {
          best = cluster;
          bestScore = score;
          bestWild = wild;
        }
      }
      return best;
    };
    return (
      pick(group.byFirst.get(first)) ??
      (first === WILDCARD ? undefined : pick(group.byFirst.get(WILDCARD))) ??
      pick(group.all)
    );
  }

  #create(group: LengthGroup, tokens: string[], key: string): Cluster {
    let id = fnv1a(key);
    for (let n = 2; this.#byId.has(id); n++) id = fnv1a(`${key}\u0000${n}`);
    const cluster: Cluster = {
      id,
      tokens,
      count: 0,
      mergedInto: undefined,
      alternatives: new Map(),
      variants: new Map(),
      named: new Map(),
    };
    this.#byId.set(id, cluster);
    this.#index(group, cluster);
    this.#mergeByShape(cluster);
    return cluster;
  }

  #absorb(group: LengthGroup, cluster: Cluster, tokens: string[]) {
    recordAlternatives(cluster, tokens, this.config.maxAlternatives, this.#homes);
    const template = cluster.tokens;
    const oldShape = cluster.mergedInto ? "" : shapeOf(template);
    let changed = false;
    for (let i = 0; i < tokens.length; i++) {
      const token = template[i] as string;
      if (token === tokens[i] || token === WILDCARD) continue;
      if (i === 0) this.#moveToWildcardFirst(group, cluster);
      // Remember what the position held so far: it may be one of a few alternative words.
      const opened = openAlternative(cluster, i, token, tokens, this.#homes);
      if (opened !== undefined) splitVariants(cluster, i, opened);
      template[i] = WILDCARD;
      changed = true;
    }
    if (!changed) return;
    cluster.named.clear();
    if (cluster.mergedInto) return;
    if (this.#byShape.get(oldShape) === cluster) this.#byShape.delete(oldShape);
    this.#mergeByShape(cluster);
  }

  #moveToWildcardFirst(group: LengthGroup, cluster: Cluster) {
    const old = group.byFirst.get(cluster.tokens[0] ?? "");
    if (old) {
      const at = old.indexOf(cluster);
      if (at >= 0) old.splice(at, 1);
    }
    const list = group.byFirst.get(WILDCARD);
    if (list) list.push(cluster);
    else group.byFirst.set(WILDCARD, [cluster]);
  }

  #mergeByShape(cluster: Cluster) {
    const shape = shapeOf(cluster.tokens);
    const other = this.#byShape.get(shape);
    if (!other || other === cluster || other.mergedInto) {
      this.#byShape.set(shape, cluster);
      return;
    }
    other.count += cluster.count;
    cluster.count = 0;
    cluster.mergedInto = other;
    cluster.named.clear();
  }
}
