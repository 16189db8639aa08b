// Whole simulated days (sim market model → MarketData → real strategies → TradingEngine → PaperBroker on a
// ManualClock) checked at every step against the engine's hard limits, over many seeds. A second check
// asserts that the simulator and the strategies actually trade on most days; if not, the per-condition
// tallies printed with the failure say which strategy conditions never pass on the sim.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPaise } from '../../source/domain/money.js';
import { netPnlPaise, roundTripCharges } from '../../source/domain/charges.js';
import { istInstant, istTime } from '../../source/domain/time.js';
import type { Position } from '../../source/domain/trading.js';
import { runSimDay, type ConditionTally, type SimDayResult } from '../helpers/sim-day-runner.js';

// 20 days × 10 symbols at 5 s steps (16 sessions of history, 12 replayed) keep the file well under a minute.
const RUNS = 20;
const OPTS = { symbols: 10, stepMs: 5000, historySessions: 16, warmSessions: 12, keepViews: false } as const;

function checkDay(r: SimDayResult): void {
  const { risk, session } = r.config;
  const tradingStart = istInstant(r.date, session.tradingStart);
  const tradingEnd = istInstant(r.date, session.tradingEnd);
  const where = (now: number) => `seed ${r.seed} ${r.date} ${istTime(now)}`;

  const lastStop = new Map<string, { side: 'LONG' | 'SHORT'; stop: number }>();
  for (const s of r.steps) {
    expect(s.openPositions, `open positions at ${where(s.now)}`).toBeLessThanOrEqual(risk.maxOpenPositions);
    expect(s.tradesToday, `trades at ${where(s.now)}`).toBeLessThanOrEqual(risk.maxDailyTrades);
    for (const [id, n] of Object.entries(s.strategyUses)) expect(n, `strategy ${id} uses at ${where(s.now)}`).toBeLessThanOrEqual(risk.maxStrategyUsesPerDay);
    if (s.now > tradingEnd + 2000) expect(s.openPositions, `positions after 15:20:02 at ${where(s.now)}`).toBe(0);
    for (const [id, side, stop] of s.stops) {
      const prev = lastStop.get(id);
      if (prev) expect(side === 'LONG' ? stop >= prev.stop : stop <= prev.stop, `stop of ${id} loosened ${prev.stop} → ${stop} at ${where(s.now)}`).toBe(true);
      lastStop.set(id, { side, stop });
    }
  }

  // Every stop change is published as a position event carrying the whole stop history: it never loosens.
  const histories: Position[] = r.events.flatMap((e) => (e.type === 'position' ? [e.position] : []));
  for (const v of r.views) histories.push(...v.positions);
  expect(histories.length >= r.trades.length * 2, `opened + closed events for every trade on ${r.date}`).toBe(true);
  for (const p of histories) {
    const stops = p.stopHistory.map((c) => c.stop);
    for (let i = 1; i < stops.length; i++) {
      const ok = p.side === 'LONG' ? (stops[i] as number) >= (stops[i - 1] as number) : (stops[i] as number) <= (stops[i - 1] as number);
      expect(ok, `stop history of ${p.id} (${p.side}) loosens: ${stops.join(' → ')}`).toBe(true);
    }
  }

  // Entries only inside [tradingStart, tradingEnd): the decision (ENTRY order) and the fill.
  const entryOrders = r.events.flatMap((e) => (e.type === 'order' && e.order.purpose === 'ENTRY' && e.order.status === 'INTENT' ? [e.order] : []));
  for (const o of entryOrders) {
    expect(o.createdAt >= tradingStart && o.createdAt < tradingEnd, `entry ${o.clientId} at ${where(o.createdAt)}`).toBe(true);
  }
  for (const t of r.trades) expect(t.entryTime >= tradingStart && t.entryTime < tradingEnd, `trade ${t.id} entered at ${where(t.entryTime)}`).toBe(true);
  expect(r.trades.length).toBeLessThanOrEqual(risk.maxDailyTrades);
  expect(r.final.positions, `flat at the end of ${r.date}`).toEqual([]);

  // P&L: Σ trade P&L = change in realized equity = cash flow of every fill (paise-exact).
  const sum = r.trades.reduce((a, t) => a + t.pnlPaise, 0);
  expect(sum).toBe(r.final.counters.realizedPaise - r.initialRealizedPaise);
  let cash = 0;
  for (const e of r.events) if (e.type === 'fill') cash += (e.order.action === 'SELL' ? 1 : -1) * toPaise(e.price) * e.qty;
  expect(cash, `fill cash flow vs trade P&L on ${r.date}`).toBe(sum);
  expect(Number.isInteger(sum)).toBe(true);

  // Charges: Σ trade charges = change in the charges counter; each trade's charges are the configured
  // round-trip charges of its own fills (a whole position, so one entry and one exit order), net = gross − charges.
  const charges = r.trades.reduce((a, t) => a + t.chargesPaise, 0);
  expect(charges, `charges counter on ${r.date}`).toBe(r.final.counters.chargesPaise - r.initialChargesPaise);
  for (const t of r.trades) {
    const expected = t.id.includes('/') ? null : roundTripCharges(r.config.charges, { side: t.side, entryPrice: t.entryPrice, exitPrice: t.exitPrice, qty: t.qty }).totalPaise;
    if (expected !== null) expect(t.chargesPaise, `charges of ${t.id}`).toBe(expected);
    expect(t.chargesPaise, `charges of ${t.id} are positive at the default rates`).toBeGreaterThan(0);
    expect(netPnlPaise(t)).toBe(t.pnlPaise - t.chargesPaise);
  }
  // The counter only grows within a day; net realised = Σ net trade P&L.
  let prevCharges = r.initialChargesPaise;
  for (const s of r.steps) {
    expect(s.chargesPaise, `charges counter fell at ${where(s.now)}`).toBeGreaterThanOrEqual(prevCharges);
    prevCharges = s.chargesPaise;
  }
  expect(r.final.counters.realizedPaise - r.final.counters.chargesPaise).toBe(r.initialRealizedPaise - r.initialChargesPaise + r.trades.reduce((a, t) => a + netPnlPaise(t), 0));
}

function describeTallies(days: SimDayResult[]): string {
  const total: Record<string, ConditionTally> = {};
  for (const d of days) {
    for (const [id, t] of Object.entries(d.conditions)) {
      const acc = (total[id] ??= { bars: 0, matches: 0, passed: {}, onlyFailure: {} });
      acc.bars += t.bars;
      acc.matches += t.matches;
      for (const [k, v] of Object.entries(t.passed)) acc.passed[k] = (acc.passed[k] ?? 0) + v;
      for (const [k, v] of Object.entries(t.onlyFailure)) acc.onlyFailure[k] = (acc.onlyFailure[k] ?? 0) + v;
    }
  }
  return Object.entries(total)
    .map(([id, t]) => `strategy ${id}: ${t.matches}/${t.bars} bars matched; pass counts ${JSON.stringify(t.passed)}; sole blocker ${JSON.stringify(t.onlyFailure)}`)
    .join('\n');
}

describe('simulated trading days (property)', () => {
  it('hold every limit at every step and trade on most days', async () => {
    const days: SimDayResult[] = [];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), async (seed) => {
        const r = await runSimDay({ seed, ...OPTS });
        checkDay(r);
        days.push({ ...r, views: [], events: [], steps: [] }); // keep the tallies, drop the bulk
      }),
      { numRuns: RUNS, seed: 20250602, endOnFailure: true },
    );
    const withEntry = days.filter((d) => d.trades.length > 0).length;
    expect(withEntry / days.length, `only ${withEntry}/${days.length} sim days had an entry:\n${describeTallies(days)}`).toBeGreaterThanOrEqual(0.6);
  }, 180_000);
});
