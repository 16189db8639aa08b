// `algo-tui engine`: the headless engine, for a terminal, a TUI's child process, systemd or launchd.
// SIGTERM/SIGINT stop entries, persist, close sockets and exit 0 within 5 s; positions stay open unless
// --flatten-on-exit was given (they are the trader's, and a restart resumes managing them).
import { startEngine, type RunningEngine } from '../engine/start-engine.js';
import type { ReplayRequest } from '../engine/replay-source.js';
import type { CommandRun } from './types.js';

/** Hard deadline for a graceful stop: systemd's default TimeoutStopSec is far longer, but we promise 5 s. */
const STOP_DEADLINE_MS = 4_500;

export const run: CommandRun = async (ctx) => {
  // A speed other than the default 1, or any --speed, is the user's choice; otherwise a replayed day runs faster.
  const speedExplicit = ctx.flags.speed !== undefined || ctx.config.sim.speed !== 1;
  let running: RunningEngine;
  try {
    running = await startEngine({
      config: ctx.config,
      packageRoot: ctx.packageRoot,
      speedExplicit,
      stdout: process.env.ALGO_TUI_CHILD === '1' ? 'none' : 'auto',
      ...(typeof ctx.flags.replay === 'string' ? { replay: replayRequest(ctx.flags) } : {}),
    });
  } catch (e) {
    process.stderr.write(`algo-tui engine: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const flatten = ctx.flags.flattenOnExit === true;

  return await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      running.logger.info(`received ${signal}: stopping entries and shutting down`, { flattenOnExit: flatten });
      const deadline = setTimeout(() => {
        process.stderr.write('algo-tui engine: shutdown took too long; exiting with state as last saved\n');
        resolve(0);
      }, STOP_DEADLINE_MS);
      deadline.unref();
      running.stop({ flatten }).then(
        () => {
          clearTimeout(deadline);
          resolve(0);
        },
        (e: unknown) => {
          clearTimeout(deadline);
          process.stderr.write(`algo-tui engine: error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
          resolve(1);
        },
      );
    };
    // A headless replay ends by itself once its last day has played; under a console (ALGO_TUI_CHILD)
    // the engine stays up, showing "replay finished", until the user quits.
    if (running.replayDone && process.env.ALGO_TUI_CHILD !== '1') {
      void running.replayDone.then((finished) => finished && stop('the end of the replay'));
    }
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.on('unhandledRejection', (reason) => {
      // Logged, not fatal: the state on disk is consistent after every write, and dying would leave
      // open positions without a trailing stop.
      running.logger.error('unhandled promise rejection', { reason: reason instanceof Error ? reason.stack : String(reason) });
    });
    process.on('uncaughtException', (err) => {
      // The engine contains its own errors (strategies, timer bodies); anything that still escapes leaves
      // the process in an unknown state. Log it and exit non-zero so systemd/launchd restart us: every
      // state write is durable and a restart resumes (and reconciles) exactly.
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      try {
        running.logger.error('uncaught exception: exiting for a restart', { error: text });
      } finally {
        process.stderr.write(`algo-tui engine: uncaught exception: ${text}\n`);
        process.exit(70);
      }
    });
  });
};

function replayRequest(flags: Record<string, unknown>): ReplayRequest {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const from = str(flags.from);
  const to = str(flags.to);
  return {
    dir: String(flags.replay),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(typeof flags.speed === 'number' ? { speed: flags.speed } : {}),
  };
}
