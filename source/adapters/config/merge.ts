// Deep merge of configuration layers and the unknown-key check that keeps typos from being ignored.
import { isPlainObject } from './json-file.js';

/** Objects merge key by key; arrays, null and scalars from `over` replace what was there. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

export function getAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (!isPlainObject(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

export interface UnknownKey {
  readonly path: string;
  readonly allowed: readonly string[];
  readonly suggestion: string | null;
}

/**
 * Keys of `raw` that the template (the defaults) does not have, recursing into objects. Paths listed
 * in `open` (e.g. 'strategies') hold maps with free keys and are checked elsewhere.
 */
export function findUnknownKeys(raw: unknown, template: unknown, open: ReadonlySet<string>, prefix = ''): UnknownKey[] {
  if (!isPlainObject(raw) || !isPlainObject(template)) return [];
  const found: UnknownKey[] = [];
  const allowed = Object.keys(template);
  for (const [k, v] of Object.entries(raw)) {
    const p = prefix === '' ? k : `${prefix}.${k}`;
    if (!Object.hasOwn(template, k)) {
      found.push({ path: p, allowed, suggestion: closest(k, allowed) });
    } else if (!open.has(p)) {
      found.push(...findUnknownKeys(v, template[k], open, p));
    }
  }
  return found;
}

/** The allowed key nearest to a typo, if it is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
