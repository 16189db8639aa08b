// Data for the dashboard's smaller panels: P&L per strategy as a diverging bar chart, the limit gauges,
// the feed's tick-rate sparkline, the log lines and the header. Plain strings sized to a given width;
// colour is decided by the caller from the `tone` each row carries.
import { formatInr, fromPaise } from '../domain/money.js';
import { istTime } from '../domain/time.js';
import type { EngineView, LogRecord } from '../domain/view.js';
import { dayPnlPaise, netPaise, selectionIndex, type DashState } from './model.js';

export type Tone = 'good' | 'bad' | 'neutral' | 'warn';

export interface StrategyPnl {
  readonly strategy: string;
  readonly realisedPaise: number;
  readonly unrealisedPaise: number;
  readonly totalPaise: number;
}

/** Each strategy's P&L today: closed trades (net of charges) plus its open positions' unrealised, every known strategy listed. */
export function strategyPnl(view: EngineView): StrategyPnl[] {
  const acc = new Map<string, { r: number; u: number }>();
  const get = (id: string): { r: number; u: number } => {
    let v = acc.get(id);
    if (!v) acc.set(id, (v = { r: 0, u: 0 }));
    return v;
  };
  for (const s of view.constraints.strategies) get(s.id);
  for (const t of view.trades) get(t.strategy).r += netPaise(t);
  for (const p of view.positions) get(p.strategy).u += p.unrealizedPaise;
  return [...acc.entries()]
    .map(([strategy, v]) => ({ strategy, realisedPaise: v.r, unrealisedPaise: v.u, totalPaise: v.r + v.u }))
    .sort((a, b) => a.strategy.localeCompare(b.strategy, 'en', { numeric: true }));
}

export interface BarRow {
  readonly label: string;
  /** Left half (losses grow leftwards from the axis), axis, right half (gains), each padded to width. */
  readonly left: string;
  readonly right: string;
  readonly value: string;
  readonly tone: Tone;
}

const BAR = '█';

/** Diverging bars around a centre axis, scaled to the largest |P&L|; `width` is the whole line. */
export function pnlBars(rows: readonly StrategyPnl[], width: number): BarRow[] {
  const values = rows.map((r) => `${r.totalPaise > 0 ? '+' : ''}${formatInr(fromPaise(r.totalPaise), 0)}`);
  const labelW = Math.max(3, ...rows.map((r) => r.strategy.length + 1));
  const valueW = Math.max(0, ...values.map((v) => [...v].length));
  const half = Math.max(1, Math.floor((width - labelW - valueW - 3) / 2));
  const maxAbs = Math.max(0, ...rows.map((r) => Math.abs(r.totalPaise)));
  return rows.map((r, i) => {
    const n = maxAbs === 0 ? 0 : Math.max(r.totalPaise === 0 ? 0 : 1, Math.round((Math.abs(r.totalPaise) / maxAbs) * half));
    const neg = r.totalPaise < 0 ? n : 0;
    const pos = r.totalPaise > 0 ? n : 0;
    return {
      label: `S${r.strategy}`.padEnd(labelW),
      left: ' '.repeat(half - neg) + BAR.repeat(neg),
      right: BAR.repeat(pos) + ' '.repeat(half - pos),
      value: values[i]!.padStart(valueW),
      tone: r.totalPaise > 0 ? 'good' : r.totalPaise < 0 ? 'bad' : 'neutral',
    };
  });
}

export interface Gauge {
  readonly label: string;
  /** 0..100, clamped. */
  readonly percent: number;
  readonly text: string;
  readonly tone: Tone;
}

const pct = (used: number, max: number): number => (max > 0 ? Math.min(100, Math.max(0, (used / max) * 100)) : used > 0 ? 100 : 0);
const toneOf = (p: number): Tone => (p >= 75 ? 'bad' : p >= 40 ? 'warn' : 'good');

/** Open positions n/max, trades n/max, and the day's loss used against the limit (a profit uses none). */
export function gauges(view: EngineView): Gauge[] {
  const c = view.constraints;
  const day = dayPnlPaise(view);
  const lossUsed = Math.max(0, -day);
  const open = pct(c.openPositions, c.maxOpenPositions);
  const trades = pct(c.tradesToday, c.maxDailyTrades);
  const loss = pct(lossUsed, c.lossLimitPaise);
  return [
    { label: 'Open', percent: open, text: `${c.openPositions}/${c.maxOpenPositions}`, tone: toneOf(open) },
    { label: 'Trades', percent: trades, text: `${c.tradesToday}/${c.maxDailyTrades}`, tone: toneOf(trades) },
    { label: 'Loss', percent: loss, text: `${formatInr(fromPaise(lossUsed), 0)}/${formatInr(fromPaise(c.lossLimitPaise), 0)}`, tone: toneOf(loss) },
  ];
}

/** A horizontal gauge bar of `width` cells: filled, then empty. */
export function gaugeBar(percent: number, width: number): string {
  const w = Math.max(1, Math.floor(width));
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * w);
  return '█'.repeat(filled) + '░'.repeat(w - filled);
}

const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** The newest `width` values as one line of block characters, scaled from 0 to their maximum. */
export function sparkline(values: readonly number[], width: number): string {
  const tail = values.slice(-Math.max(0, Math.floor(width)));
  const max = Math.max(0, ...tail);
  return tail.map((v) => SPARKS[max <= 0 ? 0 : Math.min(7, Math.max(0, Math.round((v / max) * 7)))]!).join('');
}

/** "Ticks/s 42 · max 60" for the sparkline's title (engine-clock seconds). */
export function tickRateLabel(rates: readonly number[], width: number): string {
  const last = rates[rates.length - 1];
  if (last === undefined) return 'Ticks/s —';
  const recent = rates.slice(-Math.max(1, width));
  return `Ticks/s ${Math.round(last)} · max ${Math.round(Math.max(...recent))}`;
}

const LEVEL: Record<LogRecord['level'], string> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

/** The newest `rows` non-debug records as `HH:MM:SS LEVEL message`, each cut to `width` characters. */
export function logLines(logs: readonly LogRecord[], rows: number, width: number): { text: string; level: LogRecord['level'] }[] {
  const shown = logs.filter((r) => r.level !== 'debug').slice(-Math.max(0, rows));
  return shown.map((r) => ({ text: cut(`${istTime(r.ts)} ${LEVEL[r.level]} ${r.msg}`, width), level: r.level }));
}

/** Cuts to `width` characters, marking a cut with an ellipsis. */
export function cut(s: string, width: number): string {
  const chars = [...s];
  if (width <= 0) return '';
  return chars.length <= width ? s : `${chars.slice(0, width - 1).join('')}…`;
}

/** The one-line header: mode, engine state, IST clock, feed, bus phase, selection, keys. */
export function headerText(state: DashState, width: number): string {
  const v = state.view;
  const { index, count } = selectionIndex(state);
  const title = 'algo-tui dashboard';
  const parts = v
    ? [
        title,
        `${v.mode} · ${v.engineState}`,
        `${istTime(v.clock.now)} IST`,
        `feed ${v.feed.status}`,
        `bus ${state.phase}`,
        count > 0 ? `position ${index + 1}/${count}` : 'no open position',
        '↑↓ select · q quit',
      ]
    : [title, `bus ${state.phase}`, 'q quit'];
  // Narrow terminals lose the key hint first, then the long title; only then is the line cut.
  const fits = (p: readonly string[]): boolean => [...p.join(' · ')].length <= width;
  let shown = parts;
  if (!fits(shown)) shown = shown.slice(0, -1);
  if (!fits(shown)) shown = ['dashboard', ...shown.slice(1)];
  return cut(shown.join(' · '), width);
}
