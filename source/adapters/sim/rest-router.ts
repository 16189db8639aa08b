// A tiny POST/JSON router with OpenAlgo's request conventions (reference/openalgo-api.md §3.1):
// marshmallow-like field schemas that reject unknown fields with 400, `apikey` in the body checked
// after the schema (403 "Invalid openalgo apikey"), and 500 for a body that is not JSON.
// Endpoints register themselves through `RestRouter.register`, so order endpoints can live in
// their own files (see registerMarketRoutes for the pattern).
import type { IncomingMessage, ServerResponse } from 'node:http';

export type FieldType = 'string' | 'number' | 'int' | 'date' | 'boolean' | 'array' | 'object' | 'any';

export interface FieldSpec {
  readonly type: FieldType;
  readonly required?: boolean;
  readonly oneOf?: readonly string[];
}

export interface RouteResult {
  readonly status: number;
  readonly body: unknown;
}

export interface RouteDef {
  /** Path under /api/v1/, e.g. 'quotes' or 'sim/clock'. */
  readonly path: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** How schema errors are reported: a JSON object (data endpoints) or its Python repr (orders). */
  readonly errorStyle?: 'object' | 'repr';
  /** Whether `apikey` must match the configured key (default true). */
  readonly auth?: boolean;
  handle(body: Record<string, unknown>): RouteResult | Promise<RouteResult>;
}

export const ok = (body: Record<string, unknown>): RouteResult => ({ status: 200, body: { status: 'success', ...body } });
export const fail = (status: number, message: unknown): RouteResult => ({ status, body: { status: 'error', message } });

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function fieldError(spec: FieldSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return 'Not a valid string.';
      break;
    case 'number':
      if (typeof value === 'boolean' || value === null || value === '' || !Number.isFinite(Number(value))) return 'Not a valid number.';
      break;
    case 'int':
      if (typeof value === 'boolean' || value === null || value === '' || !Number.isInteger(Number(value))) return 'Not a valid integer.';
      break;
    case 'date':
      if (typeof value !== 'string' || !DATE_RE.test(value) || Number.isNaN(Date.parse(value))) return 'Not a valid date.';
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return 'Not a valid boolean.';
      break;
    case 'array':
      if (!Array.isArray(value)) return 'Not a valid list.';
      break;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Invalid input type.';
      break;
    case 'any':
      break;
  }
  if (spec.oneOf && !spec.oneOf.includes(String(value))) return `Must be one of: ${spec.oneOf.join(', ')}.`;
  return null;
}

/** Field errors in marshmallow's shape: {field: [message]}; empty when the body is valid. */
export function validate(fields: Readonly<Record<string, FieldSpec>>, body: Record<string, unknown>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const [name, spec] of Object.entries(fields)) {
    if (!(name in body) || body[name] === undefined) {
      if (spec.required) errors[name] = ['Missing data for required field.'];
      continue;
    }
    const e = fieldError(spec, body[name]);
    if (e) errors[name] = [e];
  }
  for (const name of Object.keys(body)) if (!(name in fields)) errors[name] = ['Unknown field.'];
  return errors;
}

/** Python's repr of a {field: [messages]} dict, as OpenAlgo's order endpoints put it in `message`. */
export function pythonRepr(errors: Record<string, string[]>): string {
  const q = (s: string): string => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return `{${Object.entries(errors).map(([k, v]) => `${q(k)}: [${v.map(q).join(', ')}]`).join(', ')}}`;
}

export class RestRouter {
  private readonly routes = new Map<string, RouteDef>();

  /** @param apiKey accepted key; empty accepts any non-empty key. */
  constructor(private readonly apiKey: string) {}

  register(def: RouteDef): void {
    const path = def.path.replace(/^\/+|\/+$/g, '');
    if (this.routes.has(path)) throw new Error(`route /api/v1/${path} registered twice`);
    this.routes.set(path, def);
  }

  /** Registers a route in place of an existing one (e.g. an order module's stateful `analyzer`). */
  replace(def: RouteDef): void {
    this.routes.delete(def.path.replace(/^\/+|\/+$/g, ''));
    this.register(def);
  }

  paths(): string[] {
    return [...this.routes.keys()];
  }

  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (r: RouteResult): void => {
      const text = JSON.stringify(r.body);
      res.writeHead(r.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://sim');
      const m = /^\/api\/v1\/(.+?)\/?$/.exec(url.pathname);
      const route = m ? this.routes.get(m[1] as string) : undefined;
      if (!route) return reply(fail(404, 'Not found'));
      if (req.method !== 'POST') return reply(fail(405, 'Method not allowed'));
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        // OpenAlgo's catch-all answers 500 for an unreadable body (§3.1).
        return reply(fail(500, 'An unexpected error occurred'));
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return reply(fail(500, 'An unexpected error occurred'));
      const b = body as Record<string, unknown>;
      const errors = validate(route.fields, b);
      if (Object.keys(errors).length > 0) return reply(fail(400, route.errorStyle === 'repr' ? pythonRepr(errors) : errors));
      if (route.auth !== false && (typeof b.apikey !== 'string' || !b.apikey || (this.apiKey && b.apikey !== this.apiKey))) {
        return reply(fail(403, 'Invalid openalgo apikey'));
      }
      reply(await route.handle(b));
    } catch (err) {
      reply(fail(500, err instanceof Error ? err.message : String(err)));
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
