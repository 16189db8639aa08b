// `algo-tui dashboard [--attach [ENDPOINT]]`: the read-only chart dashboard (blessed-contrib) on a running
// engine. It never starts an engine and never sends a request that changes one.
import type { CommandContext } from './types.js';

export async function run(ctx: CommandContext): Promise<number> {
  // Loaded here so other commands never pay for blessed.
  const { runDashboard } = await import('../dashboard/run-dashboard.js');
  const { attach } = ctx.flags;
  return runDashboard({ config: ctx.config, ...(typeof attach === 'string' ? { attachEndpoint: attach } : {}) });
}
