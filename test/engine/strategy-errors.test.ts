// Review finding 3: a strategy that throws (here: it reads daily features that are null) escaped the
// scanner, the 1 s timer callback rethrew it, and in production the process died on an uncaught
// exception — and crash-looped after every restart. A throwing strategy is now contained: logged,
// counted, treated as "no match"; and no exception in a timer body can stop the scan or the monitor.
import { describe, expect, it } from 'vitest';
import { at, harness, ScriptedStrategy } from './fixtures.js';
import type { StrategyContext } from '../../source/strategies/strategy.js';
import type { Logger } from '../../source/ports/logger.js';

class ThrowingStrategy extends ScriptedStrategy {
  override evaluate(ctx: StrategyContext) {
    super.evaluate(ctx);
    const daily = ctx.daily as unknown as { atr10: number };
    return { match: daily.atr10 > 0, conditions: [] }; // TypeError: ctx.daily is null
  }
}

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  const noop = (): void => {};
  return { errors, debug: noop, info: noop, warn: noop, error: (msg: string) => void errors.push(msg) } as unknown as Logger & { errors: string[] };
}

describe('a throwing strategy or tick', () => {
  it('is contained and counted; the other strategies still trade, on live and deferred bars', async () => {
    const logger = recordingLogger();
    const bad = new ThrowingStrategy('99', 'LONG', '5m');
    const good = new ScriptedStrategy('11', 'LONG', '5m');
    const h = harness({ strategies: [bad, good], logger });
    await h.engine.start();
    good.fire.add('BBB');
    await h.clock.advanceTo(at('09:30:00'));
    h.market.closeBar('NIFTY', '15m', 22000, 20);
    h.market.closeBar('AAA', '5m', 100, 2); // evaluated at once (the NIFTY bar of its boundary is in)
    h.market.closeBar('CCC', '5m', 100, 2, true); // a warm-up bar: deferred to the scan
    h.market.closeBar('BBB', '5m', 100, 2);
    expect(bad.evaluations).toBe(2);
    await h.clock.advance(1000);
    await h.clock.advance(1000);
    expect(bad.evaluations).toBe(3);
    expect(h.engine.faults().strategyErrors).toEqual({ '99': bad.evaluations });
    expect(h.engine.snapshot().positions.map((p) => `${p.symbol} ${p.strategy} ${p.status}`)).toEqual(['BBB 11 OPEN']);
    expect(logger.errors.some((m) => m.includes('strategy 99') && m.includes('AAA'))).toBe(true);
  });

  it('an exception inside a monitor pass is logged and the next pass still exits the position', async () => {
    const logger = recordingLogger();
    const h = harness({ logger });
    await h.engine.start();
    h.strategy('11').fire.add('AAA');
    await h.clock.advanceTo(at('09:25:00'));
    h.market.closeBar('AAA', '5m', 100, 2);
    await h.clock.advance(1000);
    expect(h.engine.snapshot().positions).toHaveLength(1);
    const real = h.market.lastPrice.bind(h.market);
    let boom = 1;
    h.market.lastPrice = (s: string) => {
      if (boom-- > 0) throw new Error('price source exploded');
      return real(s);
    };
    h.market.setPrice('AAA', 90); // through the stop (97)
    await h.clock.advance(2000); // this pass throws
    await h.clock.advance(2000); // this one exits
    expect(h.engine.faults().tickErrors).toBeGreaterThanOrEqual(1);
    expect(logger.errors.some((m) => m.includes('price source exploded'))).toBe(true);
    expect(h.engine.snapshot().trades.map((t) => t.exitReason)).toEqual(['TRAIL_STOP']);
  });
});
