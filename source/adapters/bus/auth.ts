// Per-request authentication: HMAC-SHA256 with the shared request.secret over (v, id, type, args, ts).
// CURVE already encrypts the transport; the MAC proves the sender holds the secret, and the timestamp
// window plus the server's reply cache stop a captured request from being executed again.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalAuthInput, type RequestAuth } from '../../protocol/index.js';

export const DEFAULT_REPLAY_WINDOW_MS = 60_000;

export function signRequest(secret: Buffer, id: string, type: string, args: unknown, ts: number): RequestAuth {
  return { ts, mac: createHmac('sha256', secret).update(canonicalAuthInput(id, type, args, ts)).digest('hex') };
}

export type AuthCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function verifyRequest(
  secret: Buffer,
  req: { readonly id: string; readonly type: string; readonly args?: unknown; readonly auth?: RequestAuth },
  nowMs: number,
  windowMs = DEFAULT_REPLAY_WINDOW_MS,
): AuthCheck {
  if (!req.auth) return { ok: false, reason: `${req.type} changes the engine and needs auth (request.secret from the state directory)` };
  const skew = Math.abs(nowMs - req.auth.ts);
  if (skew > windowMs) return { ok: false, reason: `auth timestamp is ${Math.round(skew / 1000)} s away from the engine's clock (window ${windowMs / 1000} s)` };
  const expected = signRequest(secret, req.id, req.type, req.args, req.auth.ts).mac;
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(req.auth.mac, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'auth mac does not match (wrong request.secret?)' };
  return { ok: true };
}
