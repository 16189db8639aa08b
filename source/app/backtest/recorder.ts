// What the backtest observes of the engine, from the outside only: its published events (rejections by
// reason, closed trades' net P&L) and a per-minute equity sample taken on the clock (realised − charges
// + unrealised, open positions, margin in use). The engine publishes to this exactly as to the bus.
import type { RejectReason, Trade } from '../../domain/trading.js';
import type { EngineEvent, EngineView } from '../../domain/view.js';
import type { Publisher } from '../../ports/publisher.js';
import type { EquitySample } from '../../adapters/report/metrics.js';
import { netPnlPaise } from '../../domain/charges.js';

export class BacktestRecorder implements Publisher {
  readonly rejections: Partial<Record<RejectReason, number>> = {};
  readonly equity: EquitySample[] = [];
  readonly tradeEvents: Trade[] = [];
  private realisedNetPaise = 0;
  private readonly views: boolean;

  /** `wantsState`: ask the engine for its full view on every change anyway (to compare with a live run). */
  constructor(o: { wantsState?: boolean } = {}) {
    this.views = o.wantsState === true;
  }

  state(_view: EngineView): void {}

  /** The backtest never shows a view: the engine need not build one. */
  wantsState(): boolean {
    return this.views;
  }

  event(e: EngineEvent): void {
    if (e.type === 'rejection') this.rejections[e.rejection.reason] = (this.rejections[e.rejection.reason] ?? 0) + 1;
    else if (e.type === 'trade') {
      this.tradeEvents.push(e.trade);
      this.realisedNetPaise += netPnlPaise(e.trade);
    }
  }

  /** Records the equity at `ts` given the open positions' unrealised P&L and margin. */
  sample(ts: number, unrealisedPaise: number, openPositions: number, marginPaise: number): void {
    this.equity.push({ ts, equityPaise: this.realisedNetPaise + unrealisedPaise, openPositions, marginPaise });
  }
}
