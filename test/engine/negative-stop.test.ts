// Review finding 5: a long whose 1.5 × ATR exceeds its price got a negative stop, which the state
// schema refuses (stop ≥ 0). Every later save then failed, and "not durable means not sent" blocked
// every order for every position — the 15:20 close included.
import { describe, expect, it } from 'vitest';
import { at, harness } from './fixtures.js';
import { MemoryStore } from '../helpers/memory-store.js';
import { validateState } from '../../source/adapters/store/state-schema.js';
import { initialStop } from '../../source/engine/position-monitor.js';
import type { PersistedState } from '../../source/ports/store.js';

/** Refuses a save the real store would refuse (the lowdb store validates against the same schema). */
class ValidatingStore extends MemoryStore {
  problems: string[] = [];
  override async save(s: PersistedState): Promise<void> {
    const v = validateState(JSON.parse(JSON.stringify(s)));
    if (!v.ok) {
      this.problems.push(v.problem);
      throw new Error(v.problem);
    }
    return super.save(s);
  }
}

describe('stops never below the lowest tick', () => {
  it('a long stop is never below ₹0.05, however large the ATR', () => {
    expect(initialStop('LONG', 10, 8, 1.5)).toBe(0.05);
    expect(initialStop('LONG', 0.1, 5, 1.5)).toBe(0.05);
    expect(initialStop('LONG', 100, 2, 1.5)).toBe(97); // unchanged when there is room
  });

  it('a huge ATR keeps the state saveable and the 15:20 close goes out', async () => {
    const store = new ValidatingStore();
    const h = harness({ store });
    await h.engine.start();
    h.strategy('11').fire.add('AAA');
    await h.clock.advanceTo(at('09:25:00'));
    h.market.closeBar('AAA', '5m', 10, 8); // 1.5 × 8 = 12 > 10
    await h.clock.advance(1000);
    expect(h.engine.snapshot().positions[0]).toMatchObject({ status: 'OPEN', stop: 0.05 });
    await h.clock.advanceTo(at('15:20:10'));
    const st = h.engine.snapshot();
    expect(store.problems).toEqual([]);
    expect(st.positions).toEqual([]);
    expect(st.trades.map((t) => t.exitReason)).toEqual(['EOD']);
  });
});
