// Feed-loss policy with open positions (docs/crash-safety.md): while the WebSocket feed is STALE or
// DOWN during the session, the last prices of the symbols the engine holds are refreshed from REST
// (`multiquotes`) every ~5 s of clock time, so trailing stops and the 15:20 close keep working. New
// entries stay off: the risk gate refuses them on the feed status (FEED_STALE), not on tick age.
import { equity, type Tick } from '../../domain/market.js';
import type { FeedHealth } from '../../domain/view.js';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { OpenAlgoQuotes } from '../../adapters/openalgo/data.js';

export interface StaleFeedQuotesOptions {
  readonly quotes: Pick<OpenAlgoQuotes, 'multiquotes'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly feedHealth: () => FeedHealth;
  readonly marketOpen: (ms: number) => boolean;
  /** Symbols with an open position right now. */
  readonly held: () => readonly string[];
  readonly ingest: (t: Tick) => void;
  readonly everyMs?: number;
}

export function startStaleFeedQuotes(o: StaleFeedQuotesOptions): { stop(): void } {
  let busy = false;
  let polling = false;
  const tick = async (): Promise<void> => {
    const now = o.clock.now();
    const status = o.feedHealth().status;
    const symbols = o.held();
    const stale = (status === 'STALE' || status === 'DOWN') && o.marketOpen(now) && symbols.length > 0;
    if (stale !== polling) {
      polling = stale;
      o.logger[stale ? 'warn' : 'info'](stale ? `feed ${status}: polling REST quotes for ${symbols.join(', ')} every ${(o.everyMs ?? 5000) / 1000} s; no new entries` : 'feed back: REST quote polling stopped');
    }
    if (!stale || busy) return;
    busy = true;
    try {
      const got = await o.quotes.multiquotes(symbols.map(equity));
      for (const [key, q] of got) {
        const symbol = key.slice(key.indexOf(':') + 1);
        o.ingest({ key, symbol, exchange: 'NSE', ltp: q.ltp, ts: q.ts });
      }
    } catch (err) {
      o.logger.warn(`REST quotes failed while the feed is ${status}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      busy = false;
    }
  };
  const timer: TimerHandle = o.clock.setInterval(() => void tick(), o.everyMs ?? 5_000);
  return { stop: () => o.clock.clear(timer) };
}
