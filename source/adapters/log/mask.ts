// Secrets never reach a log output. Two nets: values of secret-looking keys (apiKey, api_key,
// password, …) are replaced wholesale, and every string anywhere in a record (message, field values,
// nested objects, error messages and stacks) has each known secret value (the configured API key, …)
// masked, so a secret that slipped into a URL or an exception text is caught too.

export const REDACTED = '[REDACTED]';
export const MASK = '****';

/** Keys whose values are secret whatever they contain (compared case-insensitively, '-' and '_' ignored). */
const SECRET_KEYS = new Set(['apikey', 'password', 'passwd', 'secret', 'secretkey', 'token', 'accesstoken', 'authtoken', 'authorization', 'cookie']);

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replaceAll(/[-_]/g, ''));
}

// `apikey=XYZ`, `"apiKey":"XYZ"`, `api_key: XYZ` inside free text (URLs, payload dumps).
const INLINE_SECRET = /((?:api[-_]?key|password|token|secret)["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi;

/** Secrets shorter than this are not masked as substrings: masking "ab" everywhere would garble the log. */
const MIN_SECRET_LENGTH = 4;
const MAX_DEPTH = 8;

export class Masker {
  private secrets: string[] = [];

  constructor(secrets: readonly string[] = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH || this.secrets.includes(secret)) return;
    this.secrets.push(secret);
    // Longest first, so a secret that contains another is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  string(s: string): string {
    let out = s;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out.replace(INLINE_SECRET, (_m, prefix: string) => `${prefix}${MASK}`);
  }

  /** A JSON-safe, masked deep copy of log fields (Errors become {type, message, stack}). */
  fields(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return this.object(fields, 0, new WeakSet()) as Record<string, unknown>;
  }

  private value(v: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof v === 'string') return this.string(v);
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (v === undefined) return undefined;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (depth >= MAX_DEPTH) return '[too deep]';
    if (seen.has(v)) return '[circular]';
    if (v instanceof Error) {
      seen.add(v);
      const cause = (v as { cause?: unknown }).cause;
      return {
        type: v.name,
        message: this.string(v.message),
        ...(v.stack ? { stack: this.string(v.stack) } : {}),
        ...(cause !== undefined ? { cause: this.value(cause, depth + 1, seen) } : {}),
      };
    }
    if (Array.isArray(v)) {
      seen.add(v);
      return v.map((x) => this.value(x, depth + 1, seen) ?? null);
    }
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof Map) return this.object(Object.fromEntries(v), depth, seen);
    if (v instanceof Set) return this.value([...v], depth, seen);
    return this.object(v as Record<string, unknown>, depth, seen);
  }

  private object(o: Readonly<Record<string, unknown>>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    seen.add(o);
    const out: Record<string, unknown> = {};
    for (const [k, raw] of Object.entries(o)) {
      if (isSecretKey(k)) {
        out[k] = REDACTED;
        continue;
      }
      const v = this.value(raw, depth + 1, seen);
      if (v !== undefined) out[this.string(k)] = v;
    }
    return out;
  }
}
