import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../../../source/adapters/broker/paper-broker.js';
import { DryRunBroker } from '../../../source/adapters/broker/dry-run-broker.js';
import type { OrderRequest, OrderUpdate } from '../../../source/ports/broker.js';

const req = (over: Partial<OrderRequest> = {}): OrderRequest => ({ clientId: 'AT-1', symbol: 'AAA', exchange: 'NSE', action: 'BUY', qty: 10, pricetype: 'MARKET', product: 'MIS', refPrice: 100, ...over });
const settle = () => new Promise((r) => setImmediate(r));

describe('PaperBroker', () => {
  it('ACCEPTED then FILLED at last price ± slippage on the tick, with order and position books', async () => {
    const b = new PaperBroker({ priceOf: () => 100.03, now: () => 5, slippageBps: 10 });
    const ups: OrderUpdate[] = [];
    b.onUpdate((u) => ups.push(u));
    const ack = await b.place(req());
    expect(ack.status).toBe('ACCEPTED');
    await settle();
    expect(ups.map((u) => u.status)).toEqual(['ACCEPTED', 'FILLED']);
    expect(ups[1]).toMatchObject({ avgPrice: 100.15, filledQty: 10, ts: 5 }); // 100.13 → up
    await b.place(req({ clientId: 'AT-2', action: 'SELL' }));
    await settle();
    expect(ups[3]).toMatchObject({ avgPrice: 99.9 }); // 99.93 → down
    expect(await b.positions()).toEqual([{ symbol: 'AAA', qty: 0, avgPrice: 0 }]);
    expect((await b.orders()).map((o) => o.status)).toEqual(['FILLED', 'FILLED']);
  });

  it('rejects by predicate, bad quantity, missing price, and after close', async () => {
    const b = new PaperBroker({ priceOf: (s) => (s === 'NOP' ? null : 50), now: () => 0, reject: (r) => (r.symbol === 'BAD' ? 'blocked' : null) });
    expect(await b.place(req({ symbol: 'BAD' }))).toMatchObject({ status: 'REJECTED', message: 'blocked' });
    expect(await b.place(req({ qty: 0 }))).toMatchObject({ status: 'REJECTED' });
    expect(await b.place(req({ symbol: 'NOP', refPrice: 0 }))).toMatchObject({ status: 'REJECTED', message: 'no price for NOP' });
    await b.close();
    expect(await b.place(req())).toMatchObject({ status: 'REJECTED', message: 'broker is closed' });
    expect(b.status().status).toBe('DOWN');
  });
});

describe('DryRunBroker', () => {
  it('fills locally and is labelled dry-run', async () => {
    const b = new DryRunBroker({ priceOf: () => 10, now: () => 0 });
    const ups: OrderUpdate[] = [];
    b.onUpdate((u) => ups.push(u));
    expect(await b.place(req())).toMatchObject({ status: 'ACCEPTED' });
    await settle();
    expect(ups.at(-1)).toMatchObject({ status: 'FILLED', avgPrice: 10 });
    expect(b.status()).toMatchObject({ name: 'dry-run', status: 'SANDBOX' });
    expect(b.name).toBe('dry-run');
  });

  it('contains no network code: imports are only the ports, domain and the paper broker', () => {
    for (const f of ['dry-run-broker.ts', 'paper-broker.ts']) {
      const src = readFileSync(new URL(`../../../source/adapters/broker/${f}`, import.meta.url), 'utf8');
      const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const i of imports) expect(i).toMatch(/^\.\.?\/(\.\.\/)*(ports|domain)\/|^\.\/paper-broker\.js$/);
      expect(src).not.toMatch(/\bfetch\(|require\(|import\(/);
    }
  });
});
