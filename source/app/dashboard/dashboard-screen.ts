// The dashboard's terminal: a blessed screen with a one-line header over a blessed-contrib 12×12 grid
// (price chart, equity chart, P&L per strategy, limit gauges, tick-rate sparkline, log) and a banner for
// a lost engine. It only draws what the pure model (source/dashboard) computes. blessed-contrib sizes its
// canvases once, when a widget is attached, so a resize rebuilds the grid rather than resizing it.
import blessed, { type Widgets } from 'blessed';
import contrib, { type LineElement, type LineOptions } from 'blessed-contrib';
import { equityChart, priceChart, type LineChartData } from '../../dashboard/charts.js';
import type { DashState } from '../../dashboard/model.js';
import { cut, gaugeBar, gauges, headerText, logLines, pnlBars, sparkline, strategyPnl, tickRateLabel, type Tone } from '../../dashboard/panels.js';

export interface ScreenKeys {
  readonly onSelect: (delta: number) => void;
  readonly onQuit: () => void;
}

interface Widgets_ {
  readonly container: Widgets.BoxElement;
  readonly price: LineElement;
  readonly pricePlaceholder: Widgets.BoxElement;
  readonly equity: LineElement;
  readonly pnl: Widgets.BoxElement;
  readonly limits: Widgets.BoxElement;
  readonly ticks: Widgets.BoxElement;
  readonly log: Widgets.BoxElement;
}

const TONE: Record<Tone, string> = { good: 'green', bad: 'red', warn: 'yellow', neutral: 'white' };
const LEVEL_COLOUR = { debug: 'gray', info: 'white', warn: 'yellow', error: 'red' } as const;
const tone = (t: Tone, s: string): string => (s === '' ? s : `{${TONE[t]}-fg}${s}{/${TONE[t]}-fg}`);
const esc = (s: string): string => blessed.escape(s);
const inner = (el: Widgets.BoxElement): { w: number; h: number } => ({ w: Math.max(1, Number(el.width) - 2), h: Math.max(1, Number(el.height) - 2) });

export class DashboardScreen {
  private readonly screen: Widgets.Screen;
  private readonly header: Widgets.BoxElement;
  private readonly banner: Widgets.BoxElement;
  private w: Widgets_;
  private last: DashState | null = null;
  private destroyed = false;

  constructor(
    private readonly endpoint: string,
    keys: ScreenKeys,
    io: { input?: NodeJS.ReadStream; output?: NodeJS.WriteStream } = {},
  ) {
    // warnings off: blessed would draw terminfo complaints over the dashboard. forceUnicode: the console
    // already writes UTF-8 (₹, box drawing); without it blessed guesses from LANG and swaps in ACS look-alikes.
    this.screen = blessed.screen({
      smartCSR: true, fullUnicode: true, forceUnicode: true, warnings: false, autoPadding: true, title: 'algo-tui dashboard',
      ...(io.input ? { input: io.input } : {}), ...(io.output ? { output: io.output } : {}),
    });
    // Box drawing as UTF-8 like the console, not the alternate character set: ACS lines come out as
    // 'qqqx' in tmux captures and in terminals whose terminfo is off, and '·' would become an ACS bullet.
    (this.screen.program as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
    this.header = blessed.box({ parent: this.screen, top: 0, left: 0, width: '100%', height: 1, tags: true });
    this.w = this.build();
    this.banner = blessed.box({
      parent: this.screen, top: 'center', left: 'center', width: 50, height: 5, tags: true, hidden: true,
      border: { type: 'line' }, align: 'center', valign: 'middle', style: { fg: 'white', bg: 'red', bold: true, border: { fg: 'white', bg: 'red' } },
    });
    this.screen.key(['up', 'k'], () => keys.onSelect(-1));
    this.screen.key(['down', 'j'], () => keys.onSelect(1));
    this.screen.key(['q', 'C-c'], () => keys.onQuit());
    this.screen.on('resize', () => this.relayout());
  }

  private build(): Widgets_ {
    const container = blessed.box({ parent: this.screen, top: 1, left: 0, width: '100%', height: '100%-1' });
    const grid = new contrib.grid({ rows: 12, cols: 12, screen: container, color: 'cyan' });
    const wide = Number(this.screen.width) >= 100;
    const chart = (legend: boolean): LineOptions => ({
      label: ' ', showLegend: legend, legend: { width: 9 }, numYLabels: 4, xLabelPadding: 3, xPadding: 3, wholeNumbersOnly: false,
      style: { line: 'yellow', text: 'white', baseline: 'white' },
    });
    const box = (label: string): Widgets.BoxOptions => ({ label: ` ${label} `, tags: true, wrap: false });
    const pricePlaceholder = grid.set(0, 0, 7, 8, blessed.box, { ...box('Price'), align: 'center', valign: 'middle' });
    const price = grid.set(0, 0, 7, 8, contrib.line, chart(wide));
    const equity = grid.set(0, 8, 7, 4, contrib.line, chart(false));
    const pnl = grid.set(7, 0, 5, 4, blessed.box, box('P&L per strategy'));
    const limits = grid.set(7, 4, 3, 4, blessed.box, box('Limits'));
    const ticks = grid.set(10, 4, 2, 4, blessed.box, box('Ticks/s'));
    const log = grid.set(7, 8, 5, 4, blessed.box, box('Log'));
    return { container, price, pricePlaceholder, equity, pnl, limits, ticks, log };
  }

  private relayout(): void {
    if (this.destroyed) return;
    this.w.container.destroy();
    this.w = this.build();
    this.banner.setFront();
    if (this.last) this.draw(this.last);
    else this.screen.render();
  }

  /** Draws the whole screen from the model's state (the caller bounds the rate). */
  draw(state: DashState): void {
    if (this.destroyed) return;
    this.last = state;
    const width = Number(this.screen.width);
    const lost = state.phase === 'lost';
    this.header.style.bg = lost ? 'red' : 'blue';
    this.header.style.fg = 'white';
    this.header.setContent(esc(headerText(state, width)));
    this.drawPrice(state);
    this.drawLine(this.w.equity, equityChart(state, this.points(this.w.equity)), 'Equity');
    this.drawPanels(state);
    this.drawBanner(state);
    this.screen.render();
  }

  /** Points per chart: about one per character column of the plot area. */
  private points(el: Widgets.BoxElement): number {
    return Math.max(2, Math.min(200, Number(el.width) - 12));
  }

  private drawPrice(state: DashState): void {
    const data = priceChart(state, this.points(this.w.price));
    if (!data) {
      this.w.price.hide();
      this.w.pricePlaceholder.show();
      const msg = state.view ? 'no position yet — the chart follows the selected open position (↑↓)' : 'waiting for the engine…';
      this.w.pricePlaceholder.setContent(esc(msg));
      return;
    }
    this.w.pricePlaceholder.hide();
    this.w.price.show();
    this.drawLine(this.w.price, data, 'Price');
  }

  private drawLine(el: LineElement, data: LineChartData | null, fallback: string): void {
    const width = Number(el.width);
    if (!data) {
      el.setLabel(` ${fallback} `);
      return;
    }
    // The label starts two columns in and must end before the corner, or blessed wraps it into the plot.
    const room = width - 6;
    el.setLabel(` ${cut([...data.label].length <= room ? data.label : data.shortLabel, room)} `);
    // blessed-contrib reads a zero maxY as "unset" and rescales; nudge it off zero.
    el.options.minY = data.minY;
    el.options.maxY = data.maxY === 0 ? 1e-9 : data.maxY;
    // blessed-contrib sizes the y-label gutter from the top label only, which cuts '-50' to '-5'; size it
    // from the widest label it will print (it prints 2 decimals when a step is under 1).
    const decimals = (data.maxY - data.minY) / (el.options.numYLabels ?? 5) < 1 ? 2 : 0;
    const labelChars = Math.max(data.minY.toFixed(decimals).length, data.maxY.toFixed(decimals).length);
    el.options.xLabelPadding = el.options.xPadding = (labelChars + 1) * 2;
    const colours: Record<string, string> = { price: 'yellow', entry: 'cyan', stop: 'red', equity: 'green' };
    el.setData(data.series.map((s) => ({ title: s.title, x: [...s.x], y: [...s.y], style: { line: colours[s.title] ?? 'yellow' } })));
  }

  private drawPanels(state: DashState): void {
    const v = state.view;
    const { pnl, limits, ticks, log } = this.w;
    if (v) {
      const pw = inner(pnl);
      const rows = pnlBars(strategyPnl(v), pw.w);
      pnl.setContent(rows.slice(0, pw.h).map((r) => `${esc(r.label)} {red-fg}${r.left}{/red-fg}│{green-fg}${r.right}{/green-fg} ${tone(r.tone, esc(r.value))}`).join('\n'));
      const lw = inner(limits);
      const gs = gauges(v);
      const textW = Math.max(...gs.map((g) => g.text.length));
      limits.setContent(gs.map((g) => {
        const bar = gaugeBar(g.percent, lw.w - 7 - textW - 1);
        return `${g.label.padEnd(6)} ${tone(g.tone, bar)} ${esc(g.text.padStart(textW))}`;
      }).join('\n'));
    }
    const tw = inner(ticks);
    ticks.setLabel(` ${cut(tickRateLabel(state.tickRates, tw.w), tw.w - 4)} `);
    ticks.setContent(`{green-fg}${sparkline(state.tickRates, tw.w)}{/green-fg}`);
    const gw = inner(log);
    log.setContent(logLines(state.logs, gw.h, gw.w).map((l) => `{${LEVEL_COLOUR[l.level]}-fg}${esc(l.text)}{/${LEVEL_COLOUR[l.level]}-fg}`).join('\n'));
  }

  private drawBanner(state: DashState): void {
    let text: string | null = null;
    if (state.phase === 'lost') text = `ENGINE LOST — waiting for it to come back\n${this.endpoint}`;
    else if (!state.view) text = `connecting… ${this.endpoint}`;
    if (text === null) {
      this.banner.hide();
      return;
    }
    const width = Math.min(Number(this.screen.width) - 2, Math.max(...text.split('\n').map((l) => [...l].length)) + 6);
    this.banner.width = Math.max(10, width);
    this.banner.style.bg = state.phase === 'lost' ? 'red' : 'blue';
    (this.banner.style.border as { bg?: string }).bg = this.banner.style.bg;
    this.banner.setContent(`{bold}${esc(text)}{/bold}`);
    this.banner.show();
    this.banner.setFront();
  }

  /** Gives the terminal back (normal screen, cursor, cooked input). Idempotent. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.screen.destroy();
  }
}
