// Building the live broker from the resolved configuration, with the live guard checked once more
// here (config resolution checks it first): real orders only in mode "live" (from --live or the
// config file) with an OpenAlgo host and API key. Anything else is refused with the reason.
import type { AppConfig } from '../../domain/config.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { OpenAlgoBroker, type OpenAlgoBrokerOptions } from './broker.js';
import { OpenAlgoRestClient } from './rest-client.js';

export class LiveGuardError extends Error {
  override readonly name = 'LiveGuardError';
}

/** Why live orders are not allowed with this configuration, or null when they are. */
export function liveGuardProblem(config: Pick<AppConfig, 'mode' | 'openalgo'>): string | null {
  if (config.mode !== 'live') return `live orders need mode "live" (--live or "mode": "live" in the config); mode is "${config.mode}"`;
  const missing = [config.openalgo.host ? null : 'OPENALGO_HOST', config.openalgo.apiKey ? null : 'OPENALGO_API_KEY'].filter((m) => m !== null);
  if (missing.length > 0) return `live orders need ${missing.join(' and ')}; refusing to start`;
  return null;
}

export function createOpenAlgoBroker(
  config: Pick<AppConfig, 'mode' | 'openalgo'>,
  deps: { clock: Clock; logger: Logger } & Partial<Omit<OpenAlgoBrokerOptions, 'client' | 'clock' | 'logger'>>,
): OpenAlgoBroker {
  const problem = liveGuardProblem(config);
  if (problem) throw new LiveGuardError(problem);
  const client = new OpenAlgoRestClient({ host: config.openalgo.host, apiKey: config.openalgo.apiKey });
  return new OpenAlgoBroker({ strategyPrefix: config.openalgo.strategyTag || 'algo-tui', ...deps, client });
}
