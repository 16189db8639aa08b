// Shared plumbing for the one-shot bus commands (status, flatten, pause, resume, halt): find the keys,
// connect a request-only BusClient, map replies to exit codes. 0 ok, 1 refused/REJECTED/ERROR, 3 no engine.
import { BusClient } from '../../adapters/bus/bus-client.js';
import { busKeyDir, loadClientKeys } from '../../adapters/bus/keys.js';
import type { Reply, RequestArgs, RequestType, ResultByType } from '../../protocol/index.js';
import type { CommandContext } from './types.js';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_NO_ENGINE = 3;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}
export const stdio: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

function noEngine(ctx: CommandContext, why: string): string {
  return (
    `algo-tui: no engine answers on ${ctx.config.bus.routerEndpoint} (${why}).\n` +
    `Start one with 'algo-tui engine' (headless) or 'algo-tui' (console, starts an engine when none runs).`
  );
}

/** Connects and checks with a ping that an engine answers; on failure prints why and returns an exit code. */
export async function withEngine(ctx: CommandContext, io: Io, body: (client: BusClient) => Promise<number>): Promise<number> {
  const dir = busKeyDir(ctx.config.stateDir);
  let keys;
  try {
    keys = await loadClientKeys(dir);
  } catch (e) {
    io.err(noEngine(ctx, `no bus keys in ${dir}: ${(e as Error).message}`));
    return EXIT_NO_ENGINE;
  }
  const client = new BusClient({
    pubEndpoint: ctx.config.bus.pubEndpoint,
    routerEndpoint: ctx.config.bus.routerEndpoint,
    keys,
    heartbeatTimeoutMs: ctx.config.bus.heartbeatMs * 3,
    requestTimeoutMs: 10_000,
    requestRetries: 1,
  });
  const probe = new BusClient({
    pubEndpoint: ctx.config.bus.pubEndpoint,
    routerEndpoint: ctx.config.bus.routerEndpoint,
    keys,
    heartbeatTimeoutMs: 2000,
    requestTimeoutMs: 1500,
    requestRetries: 1,
  });
  try {
    probe.startRequestsOnly();
    const ping = await probe.request('ping');
    probe.stop();
    if (!ping.ok) {
      if (ping.error.code === 'timeout' || ping.error.code === 'unavailable') {
        io.err(noEngine(ctx, 'no reply to ping'));
        return EXIT_NO_ENGINE;
      }
      io.err(`algo-tui: the engine refused a ping: ${ping.error.message}`);
      return EXIT_REFUSED;
    }
    client.startRequestsOnly();
    return await body(client);
  } finally {
    probe.stop();
    client.stop();
  }
}

/** Prints a mutating command's outcome and maps it to the exit code. */
export function report<K extends RequestType>(ctx: CommandContext, io: Io, what: string, reply: Reply<ResultByType[K]>): number {
  if (!reply.ok) {
    if (reply.error.code === 'timeout' || reply.error.code === 'unavailable') {
      io.err(noEngine(ctx, reply.error.message));
      return EXIT_NO_ENGINE;
    }
    const hint = reply.error.code === 'unauthorized' ? ` (commands need ${busKeyDir(ctx.config.stateDir)}/request.secret)` : '';
    io.err(`${what}: ${reply.error.code}: ${reply.error.message}${hint}`);
    return EXIT_REFUSED;
  }
  const result = reply.result as { message: string; closed?: readonly { symbol: string; outcome: string; price?: number; message?: string }[] };
  io.out(`${what}: ${result.message}`);
  let failed = false;
  for (const c of result.closed ?? []) {
    const price = c.price !== undefined ? ` @ ${c.price.toFixed(2)}` : '';
    io.out(`  ${c.symbol.padEnd(12)} ${c.outcome}${price}${c.message ? `  ${c.message}` : ''}`);
    if (c.outcome === 'REJECTED' || c.outcome === 'ERROR') failed = true;
  }
  return failed ? EXIT_REFUSED : EXIT_OK;
}

/** The whole of pause/resume/halt/flatten: connect, send one request, report. */
export function simpleCommand<K extends RequestType>(
  what: string,
  type: K,
  args: (ctx: CommandContext) => RequestArgs[K],
): (ctx: CommandContext, io?: Io) => Promise<number> {
  return (ctx, io = stdio) =>
    withEngine(ctx, io, async (client) => {
      const a = args(ctx);
      const send = client.request.bind(client) as (t: K, a?: RequestArgs[K]) => Promise<Reply<ResultByType[K]>>;
      return report(ctx, io, what, await send(type, a));
    });
}
