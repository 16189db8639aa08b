// --dry-run: the real pipeline on real market data, but orders are filled locally exactly like paper
// and labelled DRY-RUN. The guarantee that nothing leaves the process is structural: this module and
// the paper broker it wraps import no network code at all (a test checks the imports).
import type { Broker, BrokerOrderRow, BrokerPositionRow, BrokerStatus, OrderAck, OrderRequest, OrderUpdate } from '../../ports/broker.js';
import { PaperBroker, type PaperBrokerOptions } from './paper-broker.js';

export class DryRunBroker implements Broker {
  readonly name = 'dry-run';
  private readonly inner: PaperBroker;

  constructor(opts: Omit<PaperBrokerOptions, 'name' | 'statusLabel' | 'statusMessage' | 'idPrefix'>) {
    this.inner = new PaperBroker({
      ...opts,
      name: 'dry-run',
      statusLabel: 'SANDBOX',
      statusMessage: 'DRY-RUN: orders are simulated locally and never sent',
      idPrefix: 'DRY',
    });
  }

  place(req: OrderRequest): Promise<OrderAck> {
    return this.inner.place(req);
  }
  onUpdate(listener: (u: OrderUpdate) => void): void {
    this.inner.onUpdate(listener);
  }
  orders(): Promise<BrokerOrderRow[]> {
    return this.inner.orders();
  }
  positions(): Promise<BrokerPositionRow[]> {
    return this.inner.positions();
  }
  status(): BrokerStatus {
    return this.inner.status();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
