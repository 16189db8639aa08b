import type { EngineEvent, EngineView } from '../domain/view.js';

/** The engine's outlet to front-ends (the ZeroMQ bus in production, an array in tests). */
export interface Publisher {
  /** Latest full view; the bus coalesces to at most ~10 Hz. */
  state(view: EngineView): void;
  event(e: EngineEvent): void;
}

export const nullPublisher: Publisher = { state: () => {}, event: () => {} };
