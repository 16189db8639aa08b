import { describe, expect, it } from 'vitest';
import { dashReducer, initialDashState } from '../../source/dashboard/model.js';
import { cut, gaugeBar, gauges, headerText, logLines, pnlBars, sparkline, strategyPnl, tickRateLabel } from '../../source/dashboard/panels.js';
import { at, position, trade, view } from './fixtures.js';

describe('panel data', () => {
  it('sums P&L per strategy from trades and open positions, listing every strategy', () => {
    const v = view({
      trades: [trade('a', { strategy: '11', pnlPaise: 10_000 }), trade('b', { strategy: '8', pnlPaise: -5_000 }), trade('c', { strategy: '11', pnlPaise: 2_500 })],
      positions: [position('d', { strategy: '8', unrealizedPaise: 1_000 })],
    });
    const rows = strategyPnl(v);
    expect(rows.map((r) => r.strategy)).toEqual(['8', '9', '10', '11', '12']);
    expect(rows.find((r) => r.strategy === '11')).toEqual({ strategy: '11', realisedPaise: 12_500, unrealisedPaise: 0, totalPaise: 12_500 });
    expect(rows.find((r) => r.strategy === '8')!.totalPaise).toBe(-4_000);
  });

  it('draws diverging bars scaled to the largest P&L, each line exactly the width', () => {
    const bars = pnlBars([
      { strategy: '8', realisedPaise: -5_000, unrealisedPaise: 0, totalPaise: -5_000 },
      { strategy: '11', realisedPaise: 10_000, unrealisedPaise: 0, totalPaise: 10_000 },
      { strategy: '12', realisedPaise: 0, unrealisedPaise: 0, totalPaise: 0 },
    ], 30);
    const [neg, pos, zero] = bars;
    expect(pos!.right.trimEnd().length).toBe(pos!.right.length); // full half
    expect(neg!.left.trimStart().length).toBe(Math.round(pos!.right.length / 2));
    expect(zero!.left.trim() + zero!.right.trim()).toBe('');
    expect(bars.map((b) => b.tone)).toEqual(['bad', 'good', 'neutral']);
    expect(pos!.value).toBe('+₹100');
    for (const b of bars) expect([...`${b.label} ${b.left}│${b.right} ${b.value}`].length).toBeLessThanOrEqual(30);
  });

  it('fills the gauges from the constraints; a profit uses none of the loss limit', () => {
    const g = gauges(view({ positions: [position('a'), position('b')], tradesToday: 5, realizedPaise: -300_000, unrealizedPaise: -150_000 }));
    expect(g.map((x) => [x.label, Math.round(x.percent), x.text, x.tone])).toEqual([
      ['Open', 67, '2/3', 'warn'],
      ['Trades', 100, '5/5', 'bad'],
      ['Loss', 75, '₹4,500/₹6,000', 'bad'],
    ]);
    expect(gauges(view({ realizedPaise: 90_000 }))[2]!.percent).toBe(0);
    expect(gaugeBar(50, 10)).toBe('█████░░░░░');
    expect(gaugeBar(150, 4)).toBe('████');
  });

  it('draws a sparkline of the newest values scaled to their maximum', () => {
    expect(sparkline([0, 4, 8], 10)).toBe('▁▅█');
    expect(sparkline([99, 0, 0, 7], 2)).toBe('▁█');
    expect(sparkline([0, 0], 5)).toBe('▁▁');
    expect(tickRateLabel([], 10)).toBe('Ticks/s —');
    expect(tickRateLabel([10, 30.4, 20], 10)).toBe('Ticks/s 20 · max 30');
  });

  it('formats log lines without debug, newest last, cut to the width', () => {
    const logs = [
      { ts: at('10:00'), level: 'info' as const, msg: 'opened LONG A' },
      { ts: at('10:01'), level: 'debug' as const, msg: 'noise' },
      { ts: at('10:02'), level: 'error' as const, msg: 'a very long message that will not fit' },
    ];
    expect(logLines(logs, 5, 20)).toEqual([
      { text: '10:00:00 INFO opene…', level: 'info' },
      { text: '10:02:00 ERROR a ve…', level: 'error' },
    ]);
    expect(logLines(logs, 1, 80).map((l) => l.level)).toEqual(['error']);
    expect(cut('abc', 3)).toBe('abc');
  });

  it('puts mode, state, clock, bus phase and the selection in the header', () => {
    expect(headerText(initialDashState(), 80)).toBe('algo-tui dashboard · bus connecting · q quit');
    const s = dashReducer(initialDashState(), { type: 'snapshot', view: view({ positions: [position('a'), position('b')] }), logs: [] });
    expect(headerText(s, 200)).toBe('algo-tui dashboard · SIM · ACTIVE · 10:00:00 IST · feed LIVE · bus connecting · position 1/2 · ↑↓ select · q quit');
    expect(headerText(s, 95)).toBe('algo-tui dashboard · SIM · ACTIVE · 10:00:00 IST · feed LIVE · bus connecting · position 1/2');
    expect(headerText(s, 83)).toBe('dashboard · SIM · ACTIVE · 10:00:00 IST · feed LIVE · bus connecting · position 1/2');
    expect([...headerText(s, 40)].length).toBe(40);
  });
});
