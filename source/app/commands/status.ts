// `algo-tui status [--json]`: one snapshot from the engine, as a human summary or the raw snapshot JSON.
import { formatDuration, istDate, istTime } from '../../domain/time.js';
import { formatPaise } from '../../domain/money.js';
import type { SnapshotResult } from '../../protocol/index.js';
import { EXIT_OK, EXIT_REFUSED, report, stdio, withEngine, type Io } from './bus-command.js';
import type { CommandContext, CommandRun } from './types.js';
import { chargesOf, dayNetPaise } from '../../domain/charges.js';

export function formatStatus(s: SnapshotResult): string {
  const v = s.view;
  const c = v.constraints;
  const lines: string[] = [];
  const reason = v.stateReason ? ` (${v.stateReason})` : '';
  lines.push(`engine    ${v.mode}  ${v.engineState}${reason}  pid ${v.pid}  up ${formatDuration(Math.max(0, v.clock.now - v.startedAt))}  id ${s.engineId}`);
  const next = v.clock.next ? `  next: ${v.clock.next.label} ${istTime(v.clock.next.at)}` : '';
  const speed = v.clock.speed !== 1 ? `  speed ×${v.clock.speed}` : '';
  lines.push(`clock     ${istDate(v.clock.now)} ${istTime(v.clock.now)} IST  ${v.clock.phase}${v.clock.tradingDay ? '' : ' (holiday)'}${next}${speed}`);
  const lastTick = v.feed.lastTickAt ? `  last tick ${istTime(v.feed.lastTickAt)}` : '';
  lines.push(`feed      ${v.feed.source} ${v.feed.status}  ticks ${v.feed.ticks}  stale symbols ${v.feed.staleSymbols}  reconnects ${v.feed.reconnects}${lastTick}${v.feed.message ? `  ${v.feed.message}` : ''}`);
  lines.push(`broker    ${v.broker.name} ${v.broker.status}${v.broker.message ? `  ${v.broker.message}` : ''}`);
  lines.push(`symbols   ${v.symbols}`);
  lines.push(
    `counters  positions ${c.openPositions}/${c.maxOpenPositions}  trades ${c.tradesToday}/${c.maxDailyTrades}  ` +
      `realized ${formatPaise(c.realizedPaise)}  charges ${formatPaise(chargesOf(c))}${v.mode === 'LIVE' ? ' (estimate)' : ''}  ` +
      `unrealized ${formatPaise(c.unrealizedPaise)}  day net ${formatPaise(dayNetPaise(c))}  loss limit ${formatPaise(c.lossLimitPaise)}`,
  );
  const rejections = Object.entries(c.rejectionCounts).map(([k, n]) => `${k} ${n}`);
  if (rejections.length) lines.push(`rejected  ${rejections.join(', ')}`);
  if (v.positions.length === 0) lines.push('positions none open');
  else {
    lines.push('positions');
    for (const p of v.positions) {
      lines.push(
        `  ${p.symbol.padEnd(12)} ${p.side.padEnd(5)} ${String(p.qty).padStart(5)} @ ${p.entryPrice.toFixed(2)}  last ${p.lastPrice.toFixed(2)}  ` +
          `stop ${p.stop.toFixed(2)}  P&L ${formatPaise(p.unrealizedPaise)}  [${p.strategy}] ${p.status}`,
      );
    }
  }
  for (const u of v.unmanaged) lines.push(`  ${u.symbol.padEnd(12)} unmanaged ${u.qty} @ ${u.avgPrice.toFixed(2)}  ${u.note}`);
  return lines.join('\n');
}

export async function statusCommand(ctx: CommandContext, io: Io = stdio): Promise<number> {
  return withEngine(ctx, io, async (client) => {
    const reply = await client.request('snapshot');
    if (!reply.ok) return report(ctx, io, 'status', reply);
    io.out(ctx.flags.json === true ? JSON.stringify(reply.result, null, 2) : formatStatus(reply.result));
    return reply.ok ? EXIT_OK : EXIT_REFUSED;
  });
}

export const run: CommandRun = (ctx) => statusCommand(ctx);
