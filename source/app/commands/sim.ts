// `algo-tui sim`: the built-in simulated market as a standalone process on the configured ports
// (default REST 127.0.0.1:18500, WS 127.0.0.1:18765), until SIGINT/SIGTERM.
import { simOrderRoutes } from '../../adapters/sim/orders/index.js';
import { loadSessionCalendar } from '../../adapters/config/index.js';
import { startSimMarket, type SimMarket } from '../../adapters/sim/sim-market.js';
import { loadSymbols } from '../../adapters/symbols/index.js';
import { istTime } from '../../domain/time.js';
import type { CommandContext } from './types.js';

export async function run(ctx: CommandContext): Promise<number> {
  const { config, packageRoot } = ctx;
  let market: SimMarket | undefined;
  const orders = simOrderRoutes();
  try {
    const { symbols, warnings } = loadSymbols(config.symbols, config.maxSymbols, packageRoot);
    const { calendar, warnings: calWarnings } = loadSessionCalendar(config, packageRoot);
    for (const w of [...warnings, ...calWarnings]) process.stderr.write(`algo-tui sim: warning: ${w}\n`);
    market = await startSimMarket({
      seed: config.sim.seed,
      symbols,
      date: config.sim.date,
      start: config.sim.start,
      speed: config.sim.speed,
      host: config.sim.host,
      wsPort: config.sim.wsPort,
      restPort: config.sim.restPort,
      // The standalone sim accepts any non-empty API key, so any engine config can talk to it.
      apiKey: '',
      isTradingDay: (d) => calendar.isTradingDay(d),
      // OpenAlgo's order endpoints with fault injection (POST /api/v1/sim/faults), so an engine in
      // live mode can trade against the simulator exactly as it would against OpenAlgo.
      routeModules: [orders],
    });
    orders.faults.attachFeedStall((stalled) => market?.ws.faults.stallFeed(stalled));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const msg = code === 'EADDRINUSE' ? `port already in use (${(err as Error).message}); set sim.restPort/sim.wsPort in the config` : (err as Error).message;
    process.stderr.write(`algo-tui sim: ${msg}\n`);
    return 1;
  }
  const m = market;
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out(`algo-tui sim: simulated NSE market, seed ${config.sim.seed}, ${m.date} from ${istTime(m.start)} IST at ${m.clock.speed}x`);
  out(`  symbols    ${m.model.symbols.join(' ')} + NIFTY (NSE_INDEX)`);
  out(`  REST       ${m.restUrl}/api/v1/   (quotes, multiquotes, history, intervals, ping, sim/clock)`);
  out(`  WebSocket  ${m.wsUrl}   (OpenAlgo protocol; any non-empty api_key)`);
  out(`  use it:    OPENALGO_HOST=${m.restUrl} OPENALGO_WS_URL=${m.wsUrl} OPENALGO_API_KEY=sim algo-tui --symbols ${config.symbols}`);
  out('  Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  await m.stop();
  out('algo-tui sim: stopped');
  return 0;
}
