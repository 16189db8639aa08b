// The zod schema of PersistedState (ports/store.ts) and of an archived day. Every save is checked
// against it before a byte is written, and every load before the engine trusts it. Objects are
// "loose": fields this schema does not know (optional additions by other modules) are validated
// by nobody but are kept, never stripped, so a round trip through the store loses nothing.
import { z } from 'zod';
import type { PersistedState } from '../../ports/store.js';
import type { Trade } from '../../domain/trading.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an IST date YYYY-MM-DD');
const epochMs = z.number().int().nonnegative();
const price = z.number().finite().nonnegative();
const paise = z.number().int();
const count = z.number().int().nonnegative();

const side = z.enum(['LONG', 'SHORT']);
const action = z.enum(['BUY', 'SELL']);
const timeframe = z.enum(['1m', '5m', '15m']);
const engineState = z.enum(['ACTIVE', 'PAUSED', 'HALTED']);
const exitReason = z.enum(['TRAIL_STOP', 'EOD', 'MANUAL', 'FLATTEN_ALL', 'HALT', 'SHUTDOWN', 'RECONCILED']);
const orderStatus = z.enum(['INTENT', 'SENT', 'ACCEPTED', 'FILLED', 'REJECTED', 'CANCELLED', 'UNKNOWN']);

export const tradeSchema = z.looseObject({
  id: z.string().min(1),
  symbol: z.string().min(1),
  side,
  strategy: z.string().min(1),
  qty: z.number().int().positive(),
  entryPrice: price,
  exitPrice: price,
  entryTime: epochMs,
  exitTime: epochMs,
  exitReason,
  pnlPaise: paise,
  // Added with charges (docs/charges.md): state and archives written before have none, read as 0.
  chargesPaise: paise.nonnegative().default(0),
});

export const orderSchema = z.looseObject({
  clientId: z.string().min(1),
  symbol: z.string().min(1),
  action,
  qty: z.number().int().positive(),
  purpose: z.enum(['ENTRY', 'EXIT']),
  strategy: z.string().min(1),
  positionId: z.string().min(1),
  status: orderStatus,
  brokerOrderId: z.string().optional(),
  filledQty: count,
  avgPrice: price.optional(),
  reason: z.string().optional(),
  createdAt: epochMs,
  updatedAt: epochMs,
});

const stopChangeSchema = z.looseObject({
  ts: epochMs,
  stop: price,
  atr: z.number().finite().nonnegative(),
  reason: z.enum(['INITIAL', 'TRAIL', 'RESTORED']),
  best: price,
});

export const positionSchema = z.looseObject({
  id: z.string().min(1),
  symbol: z.string().min(1),
  side,
  strategy: z.string().min(1),
  timeframe,
  qty: count,
  entryPrice: price,
  entryTime: epochMs,
  atr: z.number().finite().nonnegative(),
  stop: price,
  best: price,
  lastPrice: price,
  status: z.enum(['OPENING', 'OPEN', 'CLOSING']),
  entryOrderId: z.string().min(1),
  exitOrderId: z.string().optional(),
  exitReason: exitReason.optional(),
  stopHistory: z.array(stopChangeSchema),
});

const countersSchema = z.looseObject({
  date: isoDate,
  tradesToday: count,
  strategyUses: z.record(z.string(), count),
  realizedPaise: paise,
  chargesPaise: paise.nonnegative().default(0),
});

export const persistedStateSchema = z.looseObject({
  version: z.literal(1),
  date: isoDate,
  engineState,
  stateReason: z.string().nullable(),
  haltedOn: isoDate.nullable(),
  counters: countersSchema,
  positions: z.array(positionSchema),
  orders: z.array(orderSchema),
  trades: z.array(tradeSchema),
  consumedSignals: z.array(z.string()),
  nextOrderSeq: count,
  updatedAt: epochMs,
});

export const ARCHIVE_VERSION = 1;

export const archivedDaySchema = z.looseObject({
  version: z.literal(ARCHIVE_VERSION),
  date: isoDate,
  archivedAt: epochMs,
  trades: z.array(tradeSchema),
});

export interface ArchivedDay {
  version: typeof ARCHIVE_VERSION;
  date: string;
  archivedAt: number;
  trades: Trade[];
}

export type Validation<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Describes the first problem as `path.to.field: message` (or `(root)` for the document itself). */
function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid document';
  const path = issue.path.length === 0 ? '(root)' : issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replaceAll('.[', '[');
  return `${path}: ${issue.message}`;
}

export function validateState(doc: unknown): Validation<PersistedState> {
  // An unknown version is reported as such rather than as a field-by-field mismatch.
  if (doc !== null && typeof doc === 'object' && 'version' in doc && doc.version !== 1) {
    return { ok: false, problem: `version: unknown state version ${JSON.stringify(doc.version)} (this build reads version 1)` };
  }
  const r = persistedStateSchema.safeParse(doc);
  return r.success ? { ok: true, value: r.data as unknown as PersistedState } : { ok: false, problem: firstProblem(r.error) };
}

export function validateArchive(doc: unknown): Validation<ArchivedDay> {
  const r = archivedDaySchema.safeParse(doc);
  return r.success ? { ok: true, value: r.data as unknown as ArchivedDay } : { ok: false, problem: firstProblem(r.error) };
}

export function validateTrades(trades: unknown): Validation<Trade[]> {
  const r = z.array(tradeSchema).safeParse(trades);
  return r.success ? { ok: true, value: r.data as unknown as Trade[] } : { ok: false, problem: firstProblem(r.error) };
}
