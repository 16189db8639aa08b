// The engine↔front-end wire contract, version 1. Every message body is JSON; PUB messages travel as two
// frames [topic, body]. docs/protocol.md is the human description of these types; keep them in step.
import type { EngineEvent, EngineView, LogLevelName, LogRecord } from '../domain/view.js';

export const PROTOCOL_VERSION = 1 as const;

export type Topic = 'state' | 'event' | 'hb';
export const TOPICS: readonly Topic[] = ['state', 'event', 'hb'];

/** Fields every PUB body carries: one sequence shared by all topics, and a per-start engine id. */
export interface PubHeader {
  readonly v: typeof PROTOCOL_VERSION;
  readonly seq: number;
  readonly ts: number; // engine clock, epoch ms
  readonly engineId: string;
}

export interface StateMessage extends PubHeader {
  readonly topic: 'state';
  readonly view: EngineView;
}
export interface EventMessage extends PubHeader {
  readonly topic: 'event';
  readonly event: EngineEvent;
}
export interface HeartbeatMessage extends PubHeader {
  readonly topic: 'hb';
}
export type PubMessage = StateMessage | EventMessage | HeartbeatMessage;

export type RequestType =
  | 'snapshot'
  | 'flatten'
  | 'flatten-all'
  | 'halt'
  | 'pause'
  | 'resume'
  | 'set-log-level'
  | 'ping';

export const REQUEST_TYPES: readonly RequestType[] = [
  'snapshot',
  'flatten',
  'flatten-all',
  'halt',
  'pause',
  'resume',
  'set-log-level',
  'ping',
];

/** Requests that change the engine: they need a valid `auth`. */
export const MUTATING_TYPES: ReadonlySet<RequestType> = new Set<RequestType>([
  'flatten',
  'flatten-all',
  'halt',
  'pause',
  'resume',
  'set-log-level',
]);

export interface RequestArgs {
  readonly snapshot: undefined;
  readonly flatten: { readonly symbol: string };
  readonly 'flatten-all': undefined;
  readonly halt: undefined;
  readonly pause: undefined;
  readonly resume: undefined;
  readonly 'set-log-level': { readonly level: LogLevelName };
  readonly ping: undefined;
}

/** HMAC-SHA256 over canonicalAuthInput(); `ts` is wall-clock epoch ms, checked against a replay window. */
export interface RequestAuth {
  readonly ts: number;
  readonly mac: string; // lowercase hex
}

export interface Request {
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: string;
  readonly type: RequestType;
  readonly args?: unknown;
  readonly auth?: RequestAuth;
}

export interface ClosedItem {
  readonly symbol: string;
  readonly outcome: 'FILLED' | 'REJECTED' | 'ERROR' | 'PENDING';
  readonly price?: number;
  readonly message?: string;
}

export interface SnapshotResult {
  readonly seq: number;
  readonly engineId: string;
  readonly view: EngineView;
  readonly logs: readonly LogRecord[];
}
export interface PingResult {
  readonly pong: true;
  readonly engineId: string;
  readonly seq: number;
  readonly pid: number;
}
/** Result of every mutating request that the engine accepted. */
export interface CommandResult {
  readonly message: string;
  readonly closed?: readonly ClosedItem[];
}

export interface ResultByType {
  readonly snapshot: SnapshotResult;
  readonly ping: PingResult;
  readonly flatten: CommandResult;
  readonly 'flatten-all': CommandResult;
  readonly halt: CommandResult;
  readonly pause: CommandResult;
  readonly resume: CommandResult;
  readonly 'set-log-level': CommandResult;
}

export type ErrorCode =
  | 'bad_request' // malformed JSON, missing/invalid field, bad args
  | 'unsupported_version'
  | 'unknown_type'
  | 'unauthorized' // mutating request without a valid, fresh auth
  | 'refused' // the engine declined (e.g. no such position)
  | 'internal'
  // client-side only, never on the wire:
  | 'timeout'
  | 'unavailable';

export interface ReplyError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Reply<R = unknown> =
  | { readonly v: typeof PROTOCOL_VERSION; readonly id: string; readonly ok: true; readonly result: R }
  | { readonly v: typeof PROTOCOL_VERSION; readonly id: string; readonly ok: false; readonly error: ReplyError };

/**
 * The exact bytes a request's MAC covers: a JSON array, so no field can be shifted into another. Object
 * keys are sorted and "no args" (absent, null, {}) is one value, so both ends agree after validation.
 */
export function canonicalAuthInput(id: string, type: string, args: unknown, ts: number): string {
  return JSON.stringify([PROTOCOL_VERSION, id, type, canonicalArgs(args), ts]);
}

function canonicalArgs(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(canonicalArgs);
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return null;
    return Object.fromEntries(keys.map((k) => [k, canonicalArgs((value as Record<string, unknown>)[k])]));
  }
  return value;
}
