// zod schemas for protocol v1. The view and events are checked structurally: the fields front-ends rely
// on are typed exactly, nested domain records must be objects with their identifying fields, and unknown
// extra fields are allowed (additive changes do not bump the version; see docs/protocol.md).
import { z } from 'zod';
import { PROTOCOL_VERSION, REQUEST_TYPES } from './messages.js';

const num = z.number().finite();
const nullableNum = num.nullable();

export const logRecordSchema = z.looseObject({
  ts: num,
  level: z.enum(['debug', 'info', 'warn', 'error']),
  msg: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

const positionSchema = z.looseObject({
  id: z.string(),
  symbol: z.string(),
  side: z.enum(['LONG', 'SHORT']),
  strategy: z.string(),
  qty: num,
  entryPrice: num,
  stop: num,
  lastPrice: num,
  status: z.string(),
});
const positionViewSchema = positionSchema.extend({ unrealizedPaise: num });
// chargesPaise: added with charges (docs/charges.md); optional so an older engine's trades still parse.
const tradeSchema = z.looseObject({ id: z.string(), symbol: z.string(), side: z.enum(['LONG', 'SHORT']), pnlPaise: num, chargesPaise: num.optional() });
const orderSchema = z.looseObject({ clientId: z.string(), symbol: z.string(), status: z.string(), qty: num });
const rejectionSchema = z.looseObject({ ts: num, symbol: z.string(), reason: z.string(), message: z.string() });
const signalSchema = z.looseObject({ id: z.string(), symbol: z.string(), strategy: z.string(), side: z.enum(['LONG', 'SHORT']) });
const engineStateSchema = z.enum(['ACTIVE', 'PAUSED', 'HALTED']);

// The watchlist is the one large array in a view. Per-row zod objects cost ~1 µs a row and allocate a
// copy; a plain loop over the fields front-ends read costs a few ns and keeps the same error paths.
const isNumOrNull = (x: unknown): boolean => x === null || (typeof x === 'number' && Number.isFinite(x));
const watchRowsSchema = z.array(z.unknown()).check((ctx) => {
  const rows = ctx.value;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Record<string, unknown> | null;
    const problem =
      typeof r !== 'object' || r === null || Array.isArray(r)
        ? [[], 'expected an object']
        : typeof r.symbol !== 'string'
          ? [['symbol'], 'expected a string']
          : !isNumOrNull(r.last)
            ? [['last'], 'expected a finite number or null']
            : r.changePct !== undefined && !isNumOrNull(r.changePct)
              ? [['changePct'], 'expected a finite number or null']
              : r.held !== undefined && typeof r.held !== 'boolean'
                ? [['held'], 'expected a boolean']
                : null;
    if (problem) {
      ctx.issues.push({ code: 'custom', input: r, path: [i, ...(problem[0] as string[])], message: problem[1] as string });
      return; // one named row is enough to explain the refusal
    }
  }
});

export const engineViewSchema = z.looseObject({
  mode: z.enum(['SIM', 'PAPER', 'DRY-RUN', 'LIVE']),
  engineState: engineStateSchema,
  stateReason: z.string().nullable(),
  startedAt: num,
  pid: num,
  clock: z.looseObject({ now: num, phase: z.enum(['CLOSED', 'PRE_OPEN', 'OPEN']), tradingDay: z.boolean(), speed: num }),
  feed: z.looseObject({
    status: z.enum(['CONNECTING', 'LIVE', 'STALE', 'DOWN']),
    source: z.string(),
    lastTickAt: nullableNum,
    ticks: num,
  }),
  broker: z.looseObject({ name: z.string(), status: z.string() }),
  positions: z.array(positionViewSchema),
  constraints: z.looseObject({
    openPositions: num,
    maxOpenPositions: num,
    tradesToday: num,
    maxDailyTrades: num,
    realizedPaise: num,
    chargesPaise: num.optional(),
    unrealizedPaise: num,
  }),
  watchlist: watchRowsSchema,
  trades: z.array(tradeSchema),
  unmanaged: z.array(z.looseObject({ symbol: z.string(), qty: num })),
  niftyTrend: z.union([z.literal(-1), z.literal(0), z.literal(1)]).nullable(),
  symbols: num,
});

export const engineEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('signal'), signal: signalSchema }),
  z.looseObject({ type: z.literal('rejection'), rejection: rejectionSchema }),
  z.looseObject({ type: z.literal('order'), order: orderSchema }),
  z.looseObject({ type: z.literal('fill'), order: orderSchema, price: num, qty: num }),
  z.looseObject({ type: z.literal('position'), change: z.enum(['opened', 'closed', 'stop']), position: positionSchema }),
  z.looseObject({ type: z.literal('trade'), trade: tradeSchema, reason: z.string() }),
  z.looseObject({ type: z.literal('engine-state'), state: engineStateSchema, reason: z.string().nullable() }),
  z.looseObject({ type: z.literal('log'), record: logRecordSchema }),
]);

const header = {
  v: z.literal(PROTOCOL_VERSION),
  seq: z.number().int().nonnegative(),
  ts: num,
  engineId: z.string().min(1),
};
export const stateBodySchema = z.looseObject({ ...header, view: engineViewSchema });
export const eventBodySchema = z.looseObject({ ...header, event: engineEventSchema });
export const hbBodySchema = z.looseObject(header);

export const requestAuthSchema = z.strictObject({ ts: num, mac: z.string().regex(/^[0-9a-f]{64}$/, 'mac must be 64 hex chars') });

/** The envelope; args are checked per type by argsSchemas. */
export const requestSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  id: z.string().min(1).max(128),
  type: z.enum(REQUEST_TYPES as [string, ...string[]]),
  args: z.unknown().optional(),
  auth: requestAuthSchema.optional(),
});

const noArgs = z.union([z.undefined(), z.null(), z.strictObject({})]);
export const argsSchemas = {
  snapshot: noArgs,
  ping: noArgs,
  'flatten-all': noArgs,
  halt: noArgs,
  pause: noArgs,
  resume: noArgs,
  flatten: z.strictObject({ symbol: z.string().regex(/^[A-Z0-9&_.-]{1,32}$/, 'symbol must be an NSE symbol like RELIANCE') }),
  'set-log-level': z.strictObject({ level: z.enum(['debug', 'info', 'warn', 'error']) }),
} as const;

const replyErrorSchema = z.strictObject({ code: z.string(), message: z.string() });
export const replySchema = z.union([
  z.strictObject({ v: z.literal(PROTOCOL_VERSION), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ v: z.literal(PROTOCOL_VERSION), id: z.string(), ok: z.literal(false), error: replyErrorSchema }),
]);

export const snapshotResultSchema = z.looseObject({
  seq: z.number().int().nonnegative(),
  engineId: z.string().min(1),
  view: engineViewSchema,
  logs: z.array(logRecordSchema),
});
export const commandResultSchema = z.looseObject({
  message: z.string(),
  closed: z
    .array(z.looseObject({ symbol: z.string(), outcome: z.enum(['FILLED', 'REJECTED', 'ERROR', 'PENDING']) }))
    .optional(),
});
export const pingResultSchema = z.looseObject({ pong: z.literal(true), engineId: z.string(), seq: num, pid: num });
