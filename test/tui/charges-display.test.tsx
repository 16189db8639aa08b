// Charges in the TUI: the day figures are net of charges (as the loss limit counts them), the positions
// totals show gross realised, the charges and the net day without overflowing, and the trades panel shows
// net P&L. Views from an engine without charges (no chargesPaise) look as before.
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { TuiApp } from '../../source/tui/app.js';
import type { EngineView } from '../../source/domain/view.js';
import type { Trade } from '../../source/domain/trading.js';
import { positionsLines, totalsSegments } from '../../source/tui/components/positions-panel.js';
import { constraintsLines, dayNetPaise } from '../../source/tui/components/constraints-panel.js';
import { tradesLines } from '../../source/tui/components/trades-panel.js';
import { FakeBackend, loadView, sampleLogs } from './fake-backend.js';

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 80));
// eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
const strip = (s: string): string => s.replace(/\u001B\[[0-9;]*m/g, '');

/** The fixture with charges: ₹1,234.56 on the day, ₹600.00 and ₹634.56 on its two trades. */
function withCharges(view: EngineView, mode: EngineView['mode'] = view.mode): EngineView {
  const trades = view.trades.map((t, i) => ({ ...t, chargesPaise: i === 0 ? 60_000 : 63_456 }));
  return { ...view, mode, trades, constraints: { ...view.constraints, chargesPaise: 123_456 } };
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((c) => c());
  cleanup = [];
});

async function frameOf(view: EngineView, size: { columns: number; rows: number }): Promise<string> {
  const backend = new FakeBackend();
  backend.logs = sampleLogs(view.clock.now - 60_000, 30);
  const r = render(<TuiApp backend={backend} onQuit={() => {}} size={size} clock={() => 0} tickMs={0} ownsEngine={false} />);
  cleanup.push(() => r.unmount());
  await flush();
  backend.phase('live');
  backend.state(view);
  await flush();
  return strip(r.lastFrame() ?? '');
}

const base = loadView('three-positions-halted'); // realised +₹700.65, unrealised +₹1,135.55

describe('positions totals', () => {
  it('realised gross, charges, and the day net of charges', () => {
    const v = withCharges(base);
    const lines = positionsLines({ positions: v.positions, selectedSymbol: null, focused: false, width: 120, rows: 4, realizedPaise: 70_065, chargesPaise: 123_456 });
    const totals = lines[lines.length - 1]?.plain ?? '';
    // day = 1,13,555 + 70,065 − 1,23,456 = 60,164 p
    expect(totals).toMatch(/unrealised \+₹1,135\.55 {2}realised \+₹700\.65 {2}chg -₹1,234\.56 {2}day \+₹601\.64/);
  });

  it('drops the charges segment rather than the day total when the line is too narrow', () => {
    const plain = (width: number) => totalsSegments(113_555, 70_065, 123_456, false, width).map((s) => s.text).join('');
    expect(plain(80)).not.toContain('chg');
    expect(plain(80)).toContain('day +₹601.64');
    expect(plain(90)).toContain('chg -₹1,234.56');
  });

  it('labels LIVE charges as an estimate, and leaves the line as it was without charges', () => {
    expect(totalsSegments(0, 0, 100, true, 120).map((s) => s.text).join('')).toContain('chg≈ -₹1.00');
    expect(totalsSegments(113_555, 70_065, 0, false, 120).map((s) => s.text).join('')).not.toContain('chg');
  });
});

describe('constraints', () => {
  it('the day figure is net of charges and the capital line says so', () => {
    const c = withCharges(base).constraints;
    expect(dayNetPaise(c)).toBe(60_164);
    const text = constraintsLines({ constraints: c, width: 120, lines: 6 }).map((l) => l.plain).join('\n');
    expect(text).toContain('Day +₹601.64');
    expect(text).toContain('Day is net of ₹1,234.56 charges');
  });

  it('an engine without charges: day = realised + unrealised, no charges note', () => {
    const text = constraintsLines({ constraints: base.constraints, width: 120, lines: 6 }).map((l) => l.plain).join('\n');
    expect(text).toContain('Day +₹1,836.20');
    expect(text).not.toContain('charges');
  });
});

describe('trades panel', () => {
  it('shows net P&L per trade, the charges column, and net and charges in the title', () => {
    const v = withCharges(base);
    const text = tradesLines({ trades: v.trades, focused: false, width: 120, height: 6, scroll: 0 }).map((l) => l.plain).join('\n');
    expect(text).toContain('Net P&L');
    expect(text).toContain('Chg');
    // ICICIBANK −₹1,529.75 − ₹600.00 = −₹2,129.75; LT +₹2,230.40 − ₹634.56 = +₹1,595.84
    expect(text).toMatch(/ICICIBANK.*-₹2,129\.75/);
    expect(text).toMatch(/LT.*\+₹1,595\.84/);
    expect(text).toContain('2 closed · net -₹533.91 · chg ₹1,234.56');
  });

  it('trades without chargesPaise (an older engine) show their gross as net', () => {
    const old = base.trades as readonly Trade[];
    const text = tradesLines({ trades: old, focused: false, width: 120, height: 6, scroll: 0 }).map((l) => l.plain).join('\n');
    expect(text).toContain('2 closed · net +₹700.65');
    expect(text).not.toContain('chg ₹');
  });
});

describe('frames', () => {
  it('80×24 shows the net day and still fits', async () => {
    const f = await frameOf(withCharges(base), { columns: 80, rows: 24 });
    expect(f).toContain('Day +₹601.64');
    expect(f).toContain('day +₹601.64');
    for (const l of f.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(80);
  });

  it('160×48 LIVE: estimated charges in the totals, net trades, the charges note', async () => {
    const f = await frameOf(withCharges(base, 'LIVE'), { columns: 160, rows: 48 });
    for (const s of ['chg≈ -₹1,234.56', 'Net P&L', '-₹2,129.75', 'Day is net of ₹1,234.56 charges']) expect(f, s).toContain(s);
  });
});
