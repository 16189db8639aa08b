// Bus key material in <stateDir>/bus/, created on the engine's first start. Secrets are 0600 in a 0700
// directory. CURVE keys encrypt both sockets; request.secret authenticates requests that change anything.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { curveKeyPair } from 'zeromq';

export interface ServerKeys {
  readonly serverPublicKey: string; // z85, 40 chars
  readonly serverSecretKey: string;
  readonly requestSecret: Buffer;
}

export interface ClientKeys {
  readonly serverPublicKey: string;
  readonly publicKey: string;
  readonly secretKey: string;
  /** null for a read-only client: it may snapshot and ping, but every mutating request is refused. */
  readonly requestSecret: Buffer | null;
}

export const KEY_FILES = {
  serverSecret: 'server.key',
  serverPublic: 'server.pub',
  clientSecret: 'client.key',
  clientPublic: 'client.pub',
  requestSecret: 'request.secret',
} as const;

export const busKeyDir = (stateDir: string): string => join(stateDir, 'bus');

const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

async function readKey(path: string): Promise<string> {
  const value = (await readFile(path, 'utf8')).trim();
  if (!Z85_KEY.test(value)) throw new Error(`${path}: not a 40-character Z85 CURVE key`);
  return value;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Writes through a temp file and rename, so a crash never leaves a half-written key. */
async function writeSecretFile(path: string, content: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
}

async function ensurePair(dir: string, secretName: string, publicName: string): Promise<void> {
  const sec = join(dir, secretName);
  const pub = join(dir, publicName);
  if ((await exists(sec)) && (await exists(pub))) return;
  const pair = curveKeyPair();
  await writeSecretFile(pub, `${pair.publicKey}\n`, 0o600);
  await writeSecretFile(sec, `${pair.secretKey}\n`, 0o600);
}

/** Secrets readable by group or others are tightened to 0600 rather than trusted as they are. */
async function tighten(path: string): Promise<void> {
  const st = await stat(path);
  if ((st.mode & 0o077) !== 0) await chmod(path, 0o600);
}

/** Creates any missing key file and returns the server's keys. Safe to call on every start. */
export async function ensureKeys(stateDir: string): Promise<ServerKeys> {
  const dir = busKeyDir(stateDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await ensurePair(dir, KEY_FILES.serverSecret, KEY_FILES.serverPublic);
  await ensurePair(dir, KEY_FILES.clientSecret, KEY_FILES.clientPublic);
  const secretPath = join(dir, KEY_FILES.requestSecret);
  if (!(await exists(secretPath))) await writeSecretFile(secretPath, `${randomBytes(32).toString('hex')}\n`, 0o600);
  for (const name of Object.values(KEY_FILES)) await tighten(join(dir, name));
  return {
    serverPublicKey: await readKey(join(dir, KEY_FILES.serverPublic)),
    serverSecretKey: await readKey(join(dir, KEY_FILES.serverSecret)),
    requestSecret: await readSecret(secretPath),
  };
}

async function readSecret(path: string): Promise<Buffer> {
  const hex = (await readFile(path, 'utf8')).trim();
  if (!/^[0-9a-f]{64,}$/i.test(hex)) throw new Error(`${path}: expected at least 64 hex characters`);
  return Buffer.from(hex, 'hex');
}

/**
 * Keys a front-end needs, from a key directory (`<stateDir>/bus`, or a copy on another machine).
 * Throws naming the missing file when the CURVE keys are absent; a missing request.secret gives a
 * read-only client.
 */
export async function loadClientKeys(dir: string): Promise<ClientKeys> {
  const secretPath = join(dir, KEY_FILES.requestSecret);
  return {
    serverPublicKey: await readKey(join(dir, KEY_FILES.serverPublic)),
    publicKey: await readKey(join(dir, KEY_FILES.clientPublic)),
    secretKey: await readKey(join(dir, KEY_FILES.clientSecret)),
    requestSecret: (await exists(secretPath)) ? await readSecret(secretPath) : null,
  };
}

/** The client keys in `<stateDir>/bus`, or null when there are none (no engine has ever run with this state directory). */
export async function readClientKeys(stateDir: string): Promise<ClientKeys | null> {
  try {
    return await loadClientKeys(busKeyDir(stateDir));
  } catch {
    return null;
  }
}
