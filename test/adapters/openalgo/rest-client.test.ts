import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAlgoHttpError, OpenAlgoRestClient, NOT_LOGGED_IN_MESSAGE } from '../../../source/adapters/openalgo/rest-client.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const servers: Server[] = [];

async function serve(handler: Handler): Promise<{ host: string; requests: Array<{ url: string; body: string }> }> {
  const requests: Array<{ url: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

async function failure(p: Promise<unknown>): Promise<OpenAlgoHttpError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpenAlgoHttpError);
  return err as OpenAlgoHttpError;
}

describe('OpenAlgoRestClient', () => {
  it('POSTs JSON with the apikey in the body to /api/v1/<name> and returns the body', async () => {
    const srv = await serve((req, _body, res) => json(res, 200, { status: 'success', data: { message: 'pong', broker: 'zerodha' }, method: req.method }));
    const client = new OpenAlgoRestClient({ host: `${srv.host}/`, apiKey: 'secret-key-123' });
    const out = await client.post<{ status: string; data: { broker: string }; method: string }>('ping', { extra: 1 });
    expect(out).toMatchObject({ status: 'success', data: { broker: 'zerodha' }, method: 'POST' });
    expect(srv.requests[0]?.url).toBe('/api/v1/ping');
    expect(JSON.parse(srv.requests[0]?.body ?? '')).toEqual({ extra: 1, apikey: 'secret-key-123' });
    expect(inspect(client)).not.toContain('secret-key-123');
    expect(JSON.stringify(client)).not.toContain('secret-key-123');
  });

  it.each([
    [400, { status: 'error', message: { symbol: ['Missing data for required field.'] } }, 'bad_request'],
    [403, { status: 'error', message: 'Invalid openalgo apikey' }, 'not_logged_in'],
    [404, { status: 'error', message: 'Order 1 not found' }, 'not_found'],
    [429, { status: 'error', message: 'Rate limit exceeded. Please slow down your requests.' }, 'rate_limited'],
    [500, { status: 'error', message: 'broker exploded' }, 'server'],
    [502, { status: 'error', message: 'bad gateway' }, 'server'],
  ] as const)('maps HTTP %i to %s', async (status, body, kind) => {
    const srv = await serve((_req, _b, res) => json(res, status, body));
    const err = await failure(new OpenAlgoRestClient({ host: srv.host, apiKey: 'k-secret' }).post('orderstatus', { orderid: '1' }));
    expect(err).toMatchObject({ status, kind, endpoint: 'orderstatus' });
    expect(err.message).not.toContain('k-secret');
    if (status === 403) expect(err.message).toContain(NOT_LOGGED_IN_MESSAGE);
    if (status === 400) expect(err.message).toContain('Missing data for required field.'); // object message rendered
  });

  it('treats a 200 with status "error" and a non-JSON body as server errors', async () => {
    const srv = await serve((req, _b, res) => {
      if (req.url?.endsWith('/weird')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>oops</html>');
      } else json(res, 200, { status: 'error', message: 'nope' });
    });
    const client = new OpenAlgoRestClient({ host: srv.host, apiKey: 'k' });
    expect(await failure(client.post('quotes'))).toMatchObject({ kind: 'server', status: 200, message: 'quotes: nope' });
    expect(await failure(client.post('weird'))).toMatchObject({ kind: 'server', status: 200 });
  });

  it('times out with kind "timeout" when the server does not answer', async () => {
    const srv = await serve(() => {
      /* never answers */
    });
    const err = await failure(new OpenAlgoRestClient({ host: srv.host, apiKey: 'k' }).post('history', {}, { timeoutMs: 100 }));
    expect(err).toMatchObject({ kind: 'timeout', status: 0 });
  });

  it('reports a refused connection as kind "network"', async () => {
    const srv = await serve((_r, _b, res) => json(res, 200, {}));
    const host = srv.host;
    const s = servers.pop() as Server;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    const err = await failure(new OpenAlgoRestClient({ host, apiKey: 'k' }).post('ping'));
    expect(err.kind).toBe('network');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('refuses a host without a scheme', () => {
    expect(() => new OpenAlgoRestClient({ host: '127.0.0.1:5000', apiKey: 'k' })).toThrow(/http/);
  });
});
