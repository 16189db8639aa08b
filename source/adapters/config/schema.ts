// The zod schema for a fully resolved AppConfig. Every check carries the sentence a user sees after
// "key = value in SOURCE:", so messages read "expected an integer ≥ 1" rather than zod's defaults.
import { z } from 'zod';
import { isClockTime, isIsoDate, parseClockTime } from '../../domain/time.js';
import type { AppConfig } from '../../domain/config.js';

const e = (message: string) => ({ error: message });

const int = (min: number, max?: number) => {
  const msg = max === undefined ? `expected an integer ≥ ${min}` : `expected an integer from ${min} to ${max}`;
  const s = z.number(e(msg)).int(e(msg)).min(min, e(msg));
  return max === undefined ? s : s.max(max, e(msg));
};

/** A finite number > 0 (and ≤ max when given). */
const positive = (max?: number) => {
  const msg = max === undefined ? 'expected a number > 0' : `expected a number > 0 and ≤ ${max}`;
  const s = z.number(e(msg)).gt(0, e(msg));
  return max === undefined ? s : s.max(max, e(msg));
};

/**
 * A number from 0 to max with at most `decimals` decimal places: charge percentages resolve to 1e-7 %
 * (domain/charges.ts) and rupee amounts to the paisa, so a finer value would be silently rounded.
 */
const rate = (max: number, decimals: number) => {
  const msg = `expected a number from 0 to ${max} with at most ${decimals} decimal places`;
  return z
    .number(e(msg))
    .min(0, e(msg))
    .max(max, e(msg))
    .refine((v) => Math.abs(v * 10 ** decimals - Math.round(v * 10 ** decimals)) < 1e-6, e(msg));
};

const clock = () => z.string(e('expected a time HH:MM or HH:MM:SS')).refine(isClockTime, e('expected a time HH:MM or HH:MM:SS'));

const urlWith = (protocols: readonly string[], what: string) =>
  z.string(e(what)).refine((s) => {
    if (s === '') return true;
    try {
      const u = new URL(s);
      return protocols.includes(u.protocol) && u.hostname !== '';
    } catch {
      return false;
    }
  }, e(what));

const endpoint = () =>
  z
    .string(e('expected a ZeroMQ endpoint such as tcp://127.0.0.1:6560 or ipc:///path'))
    .regex(/^(tcp:\/\/[^\s/]+:\d{1,5}|ipc:\/\/\S+)$/, e('expected a ZeroMQ endpoint such as tcp://127.0.0.1:6560 or ipc:///path'));

const strategyParams = z.strictObject({
  enabled: z.boolean(e('expected true or false')),
  params: z.record(z.string(), z.number(e('expected a number')).refine(Number.isFinite, e('expected a finite number'))),
});

export const appConfigSchema = z
  .strictObject({
    mode: z.enum(['paper', 'dry-run', 'live'], e('expected one of "paper", "dry-run", "live"')),
    symbols: z.string(e('expected "live", "test" or a path to a CSV file')).min(1, e('expected "live", "test" or a path to a CSV file')),
    maxSymbols: int(1).nullable(),
    stateDir: z.string(e('expected a directory path (or "" for the default)')),
    logLevel: z.enum(['debug', 'info', 'warn', 'error'], e('expected one of "debug", "info", "warn", "error"')),
    openalgo: z.strictObject({
      host: urlWith(['http:', 'https:'], 'expected "" or an http(s) URL such as http://127.0.0.1:5000'),
      wsUrl: urlWith(['ws:', 'wss:'], 'expected "" or a ws(s) URL such as ws://127.0.0.1:8765'),
      apiKey: z.string(e('expected a string')).regex(/^\S*$/, e('expected a key without whitespace')),
      strategyTag: z.string(e('expected 1–40 letters, digits, "-", "_" or "."')).regex(/^[\w.-]{1,40}$/, e('expected 1–40 letters, digits, "-", "_" or "."')),
    }),
    sim: z.strictObject({
      seed: int(0, 4294967295),
      date: z.string(e('expected a date YYYY-MM-DD or null')).refine(isIsoDate, e('expected a date YYYY-MM-DD or null')).nullable(),
      start: clock().nullable(),
      speed: positive(10000),
      host: z.string(e('expected a host name or IP address')).min(1, e('expected a host name or IP address')),
      wsPort: int(0, 65535),
      restPort: int(0, 65535),
    }),
    session: z.strictObject({
      preOpen: clock(),
      open: clock(),
      close: clock(),
      tradingStart: clock(),
      tradingEnd: clock(),
      holidaysFile: z.string(e('expected a file path or null')).min(1, e('expected a file path or null')).nullable(),
    }),
    risk: z.strictObject({
      capital: positive(),
      allocationPct: positive(100),
      leverage: positive(50),
      maxOpenPositions: int(1),
      maxDailyTrades: int(1),
      maxStrategyUsesPerDay: int(1),
      dailyLossLimitPct: positive(100),
      slippageBps: z.number(e('expected a number from 0 to 1000')).min(0, e('expected a number from 0 to 1000')).max(1000, e('expected a number from 0 to 1000')),
      feedStaleSeconds: positive(),
    }),
    charges: z.strictObject({
      brokeragePerOrder: rate(1000, 2),
      brokeragePct: rate(5, 7).nullable(),
      sttSellPct: rate(1, 7),
      exchangeTxnPct: rate(1, 7),
      sebiFeePerCrore: rate(1000, 2),
      stampDutyBuyPct: rate(1, 7),
      gstPct: rate(50, 7),
    }),
    exits: z.strictObject({
      atrPeriod: int(1, 500),
      atrMultiple: positive(20),
    }),
    schedule: z.strictObject({
      scanMs: int(100),
      monitorMs: int(100),
      statusMs: int(1000),
    }),
    bus: z.strictObject({
      pubEndpoint: endpoint(),
      routerEndpoint: endpoint(),
      maxStateHz: positive(100),
      heartbeatMs: int(100),
    }),
    strategies: z.record(z.string(), strategyParams),
    strategyFiles: z.array(z.string(e('expected a file path')).min(1, e('expected a file path')), e('expected a list of file paths')),
  })
  .superRefine((c, ctx) => {
    // Session times must be in order; report the first one that is not, naming its neighbour.
    const order = ['preOpen', 'open', 'tradingStart', 'tradingEnd', 'close'] as const;
    if (!order.every((k) => isClockTime(c.session[k]))) return;
    for (let i = 1; i < order.length; i++) {
      const prev = order[i - 1] as (typeof order)[number];
      const cur = order[i] as (typeof order)[number];
      if (parseClockTime(c.session[cur]) < parseClockTime(c.session[prev])) {
        ctx.addIssue({ code: 'custom', path: ['session', cur], message: `expected a time at or after session.${prev} (${c.session[prev]})` });
        return;
      }
    }
    if (c.bus.pubEndpoint === c.bus.routerEndpoint) {
      ctx.addIssue({ code: 'custom', path: ['bus', 'routerEndpoint'], message: 'expected an endpoint different from bus.pubEndpoint' });
    }
  });

// Compile-time proof that the schema produces exactly AppConfig (both directions).
type Parsed = z.output<typeof appConfigSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _exact: Same<Parsed, DeepMutable<AppConfig>> = true;
void _exact;

type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;
