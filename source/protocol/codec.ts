// Encode/decode for protocol v1. Decoders validate and never throw: bad input becomes a typed error that
// names the problem (field path and reason), so the server can answer it and the client can count it.
import type { z } from 'zod';
import type { EngineEvent, EngineView } from '../domain/view.js';
import {
  PROTOCOL_VERSION,
  type PubMessage,
  type Reply,
  type ReplyError,
  type Request,
  type RequestArgs,
  type RequestType,
  type ResultByType,
  type Topic,
} from './messages.js';
import {
  argsSchemas,
  commandResultSchema,
  eventBodySchema,
  hbBodySchema,
  pingResultSchema,
  replySchema,
  requestSchema,
  snapshotResultSchema,
  stateBodySchema,
} from './schemas.js';

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ReplyError };

/** Requests larger than this are refused before parsing; a legitimate request is a few hundred bytes. */
export const MAX_REQUEST_BYTES = 64 * 1024;

type Frame = string | Uint8Array;
const text = (f: Frame): string => (typeof f === 'string' ? f : Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('utf8'));

function bad(message: string, code: ReplyError['code'] = 'bad_request'): { ok: false; error: ReplyError } {
  return { ok: false, error: { code, message } };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

function parseJson(raw: string): Decoded<unknown> {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (e) {
    return bad(`body is not valid JSON (${(e as Error).message})`);
  }
}

function versionError(value: unknown): { ok: false; error: ReplyError } | null {
  if (typeof value === 'object' && value !== null && 'v' in value && (value as { v: unknown }).v !== PROTOCOL_VERSION) {
    return bad(`unsupported protocol version ${JSON.stringify((value as { v: unknown }).v)}; this side speaks v${PROTOCOL_VERSION}`, 'unsupported_version');
  }
  return null;
}

// ---- PUB ---------------------------------------------------------------------------------------------

/**
 * The header fields come first in the body so a receiver can read `seq`/`engineId` from the first bytes
 * without parsing a large state (peekPub). Receivers must not rely on it: peekPub falls back to a parse.
 */
export function encodePub(msg: PubMessage): [Topic, string] {
  const head = { v: msg.v, seq: msg.seq, ts: msg.ts, engineId: msg.engineId };
  const { topic, v: _v, seq: _s, ts: _t, engineId: _e, ...rest } = msg;
  return [topic, JSON.stringify({ ...head, ...rest })];
}

export interface PubPeek {
  readonly topic: string;
  readonly seq: number;
  readonly ts: number;
  readonly engineId: string;
}

// Matches what encodePub writes; anything else (other writers, other key order) takes the parse path.
const HEADER_RE = /^\{"v":(\d+),"seq":(\d+),"ts":(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?),"engineId":"([0-9A-Za-z_-]{1,128})"[,}]/;
const PEEK_BYTES = 256;

/**
 * Topic and header of a PUB message without decoding its body: a few µs for a state of any size. The
 * client sequences a state with it and decodes the body later, only if no newer state arrived meanwhile.
 */
export function peekPub(frames: readonly Frame[]): Decoded<PubPeek> {
  if (frames.length !== 2) return bad(`expected 2 frames [topic, body], got ${frames.length}`);
  const topic = text(frames[0]!);
  const body = frames[1]!;
  const prefix = typeof body === 'string' ? body.slice(0, PEEK_BYTES) : Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, PEEK_BYTES)).toString('utf8');
  const m = HEADER_RE.exec(prefix);
  if (m) {
    const v = Number(m[1]);
    if (v !== PROTOCOL_VERSION) return bad(`unsupported protocol version ${v}; this side speaks v${PROTOCOL_VERSION}`, 'unsupported_version');
    return { ok: true, value: { topic, seq: Number(m[2]), ts: Number(m[3]), engineId: m[4]! } };
  }
  const head = decodePubHeader(frames);
  return head.ok ? { ok: true, value: { topic, ...head.value } } : head;
}

export function decodePub(frames: readonly Frame[]): Decoded<PubMessage> {
  if (frames.length !== 2) return bad(`expected 2 frames [topic, body], got ${frames.length}`);
  const topic = text(frames[0]!);
  const json = parseJson(text(frames[1]!));
  if (!json.ok) return json;
  const ver = versionError(json.value);
  if (ver) return ver;
  const schema = topic === 'state' ? stateBodySchema : topic === 'event' ? eventBodySchema : topic === 'hb' ? hbBodySchema : null;
  if (!schema) return bad(`unknown topic ${JSON.stringify(topic)}`);
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) return bad(`${topic}: ${describeIssues(parsed.error)}`);
  const body = json.value as Record<string, unknown>;
  const head = { v: PROTOCOL_VERSION, seq: body.seq as number, ts: body.ts as number, engineId: body.engineId as string };
  if (topic === 'state') return { ok: true, value: { ...head, topic, view: body.view as EngineView } };
  if (topic === 'event') return { ok: true, value: { ...head, topic, event: body.event as EngineEvent } };
  return { ok: true, value: { ...head, topic: 'hb' } };
}

/**
 * Only the shared header of a PUB message. A client uses it to keep its sequence when a body is invalid or
 * of a newer, unknown kind (e.g. a new event type): the message is skipped without looking like a gap.
 */
export function decodePubHeader(frames: readonly Frame[]): Decoded<{ seq: number; engineId: string; ts: number }> {
  if (frames.length !== 2) return bad(`expected 2 frames [topic, body], got ${frames.length}`);
  const json = parseJson(text(frames[1]!));
  if (!json.ok) return json;
  const ver = versionError(json.value);
  if (ver) return ver;
  const parsed = hbBodySchema.safeParse(json.value);
  if (!parsed.success) return bad(describeIssues(parsed.error));
  return { ok: true, value: { seq: parsed.data.seq, engineId: parsed.data.engineId, ts: parsed.data.ts } };
}

// ---- requests ----------------------------------------------------------------------------------------

export function encodeRequest(req: Request): string {
  return JSON.stringify(req);
}

/** A request that passed validation; args are checked against the type's schema. */
export type ValidRequest = { [K in RequestType]: Omit<Request, 'type' | 'args'> & { type: K; args: RequestArgs[K] } }[RequestType];

/** On failure, `id` is the request id when one could be read, so the error reply can still be correlated. */
export type DecodedRequest =
  | { readonly ok: true; readonly value: ValidRequest }
  | { readonly ok: false; readonly error: ReplyError; readonly id: string | null };

export function decodeRequest(raw: Frame): DecodedRequest {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
  if (size > MAX_REQUEST_BYTES) return { ...bad(`request is ${size} bytes; the limit is ${MAX_REQUEST_BYTES}`), id: null };
  const json = parseJson(text(raw));
  if (!json.ok) return { ...json, id: null };
  const value = json.value;
  const id =
    typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
      ? ((value as { id: string }).id.slice(0, 128) || null)
      : null;
  const ver = versionError(value);
  if (ver) return { ...ver, id };
  const envelope = requestSchema.safeParse(value);
  if (!envelope.success) {
    const typeIssue = envelope.error.issues.find((i) => i.path[0] === 'type' && i.code === 'invalid_value');
    if (typeIssue) return { ...bad(`unknown request type ${JSON.stringify((value as { type?: unknown }).type)}`, 'unknown_type'), id };
    return { ...bad(describeIssues(envelope.error)), id };
  }
  const type = envelope.data.type as RequestType;
  const args = argsSchemas[type].safeParse(envelope.data.args);
  if (!args.success) return { ...bad(`args for ${type}: ${describeIssues(args.error)}`), id };
  const normalized = args.data === null || (typeof args.data === 'object' && Object.keys(args.data).length === 0) ? undefined : args.data;
  const req = { v: PROTOCOL_VERSION, id: envelope.data.id, type, args: normalized, ...(envelope.data.auth ? { auth: envelope.data.auth } : {}) };
  return { ok: true, value: req as ValidRequest };
}

// ---- replies -----------------------------------------------------------------------------------------

export function okReply<R>(id: string, result: R): Reply<R> {
  return { v: PROTOCOL_VERSION, id, ok: true, result };
}
export function errorReply(id: string, code: ReplyError['code'], message: string): Reply<never> {
  return { v: PROTOCOL_VERSION, id, ok: false, error: { code, message } };
}

export function encodeReply(reply: Reply): string {
  return JSON.stringify(reply);
}

export function decodeReply(raw: Frame): Decoded<Reply> {
  const json = parseJson(text(raw));
  if (!json.ok) return json;
  const ver = versionError(json.value);
  if (ver) return ver;
  const parsed = replySchema.safeParse(json.value);
  if (!parsed.success) return bad(`reply: ${describeIssues(parsed.error)}`);
  return { ok: true, value: json.value as Reply };
}

const resultSchemas = {
  snapshot: snapshotResultSchema,
  ping: pingResultSchema,
  flatten: commandResultSchema,
  'flatten-all': commandResultSchema,
  halt: commandResultSchema,
  pause: commandResultSchema,
  resume: commandResultSchema,
  'set-log-level': commandResultSchema,
} as const;

/** Validates an ok reply's result against what its request type promises. */
export function decodeResult<K extends RequestType>(type: K, result: unknown): Decoded<ResultByType[K]> {
  const parsed = resultSchemas[type].safeParse(result);
  if (!parsed.success) return bad(`${type} result: ${describeIssues(parsed.error)}`);
  return { ok: true, value: result as ResultByType[K] };
}
