// What a finished replay logs: days and bars played, and the trades the engine published (count,
// gross and net P&L), tallied from its events as any front-end would see them.
import { formatPaise } from '../../domain/money.js';
import type { EngineEvent } from '../../domain/view.js';
import type { Logger } from '../../ports/logger.js';
import { chargesOf, netPnlPaise } from '../../domain/charges.js';

export class ReplayTally {
  trades = 0;
  wins = 0;
  grossPaise = 0;
  chargesPaise = 0;

  event(e: EngineEvent): void {
    if (e.type !== 'trade') return;
    this.trades++;
    this.grossPaise += e.trade.pnlPaise;
    this.chargesPaise += chargesOf(e.trade);
    if (netPnlPaise(e.trade) > 0) this.wins++;
  }

  log(logger: Logger, days: number, bars: number): void {
    const net = this.grossPaise - this.chargesPaise;
    logger.info(
      `replay finished: ${days} day(s), ${bars} bars, ${this.trades} trade(s), net P&L ${formatPaise(net)} (gross ${formatPaise(this.grossPaise)}, charges ${formatPaise(this.chargesPaise)})`,
      { days, bars, trades: this.trades, wins: this.wins, grossPaise: this.grossPaise, chargesPaise: this.chargesPaise, netPaise: net },
    );
  }
}
