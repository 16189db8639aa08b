import { describe, expect, it } from 'vitest';
import { sizeQuantity, marginPaise } from '../../source/engine/sizing.js';
import { checkEntry, type GateInput } from '../../source/engine/risk-gate.js';
import { at } from './fixtures.js';

const base: GateInput = {
  now: at('10:00:00'),
  phase: 'OPEN',
  window: { start: at('09:20:00'), end: at('15:20:00') },
  engineState: 'ACTIVE',
  feedStatus: 'LIVE',
  lastTickAt: at('09:59:59'),
  openPositions: 0,
  tradesToday: 0,
  strategyUses: 0,
  symbolHeld: false,
  dayPnlPaise: 0,
  lossLimitPaise: 600_000,
  price: 100,
  qty: 3000,
  marginInUsePaise: 0,
  newMarginPaise: 6_000_000,
  capitalPaise: 20_000_000,
  limits: { maxOpenPositions: 3, maxDailyTrades: 5, maxStrategyUsesPerDay: 1, feedStaleMs: 30_000 },
};

describe('sizing', () => {
  it('floor(capital × alloc% × leverage ÷ price)', () => {
    const p = { capital: 200_000, allocationPct: 30, leverage: 5 };
    expect(sizeQuantity(p, 100)).toBe(3000);
    expect(sizeQuantity(p, 333.35)).toBe(899);
    expect(sizeQuantity(p, 300_000)).toBe(1);
    expect(sizeQuantity(p, 300_000.05)).toBe(0);
    expect(sizeQuantity(p, 0)).toBe(0);
    expect(marginPaise(100, 3000, 5)).toBe(6_000_000);
  });
});

describe('risk gate', () => {
  it('passes a clean entry', () => expect(checkEntry(base)).toEqual({ ok: true }));
  const cases: Array<[string, Partial<GateInput>]> = [
    ['MARKET_CLOSED', { phase: 'CLOSED' }],
    ['MARKET_CLOSED', { window: null }],
    ['OUTSIDE_WINDOW', { now: at('09:19:59') }],
    ['AFTER_CLOSE_TIME', { now: at('15:20:00') }],
    ['ENGINE_PAUSED', { engineState: 'PAUSED' }],
    ['ENGINE_HALTED', { engineState: 'HALTED' }],
    ['FEED_STALE', { feedStatus: 'DOWN' }],
    ['FEED_STALE', { lastTickAt: at('09:59:29') }],
    ['FEED_STALE', { lastTickAt: null }],
    ['MAX_OPEN_POSITIONS', { openPositions: 3 }],
    ['MAX_DAILY_TRADES', { tradesToday: 5 }],
    ['STRATEGY_USED', { strategyUses: 1 }],
    ['SYMBOL_HELD', { symbolHeld: true }],
    ['DAILY_LOSS_LIMIT', { dayPnlPaise: -600_000 }],
    ['NO_PRICE', { price: null }],
    ['ZERO_QUANTITY', { qty: 0 }],
    ['INSUFFICIENT_CAPITAL', { marginInUsePaise: 14_000_001 }],
  ];
  it.each(cases)('%s', (reason, over) => {
    const r = checkEntry({ ...base, ...over });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.message.length).toBeGreaterThan(5);
    }
  });
  it('checks in DESIGN.md order: the earlier reason wins', () => {
    const r = checkEntry({ ...base, engineState: 'PAUSED', openPositions: 3, symbolHeld: true });
    expect(r).toMatchObject({ ok: false, reason: 'ENGINE_PAUSED' });
    expect(checkEntry({ ...base, dayPnlPaise: -700_000 })).toMatchObject({ haltEngine: true });
  });
});
