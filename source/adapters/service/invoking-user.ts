// Who the service runs as. Installing a system unit needs root, usually through sudo; the unit must
// then run as the user who typed `sudo`, with that user's home, not as root.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface InvokingUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  /** True when we run as root on behalf of SUDO_USER (files we create must be chowned to them). */
  readonly viaSudo: boolean;
}

export interface InvokingUserOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly uid: number;
  readonly passwdFile?: string;
}

export function invokingUser(o: InvokingUserOptions): InvokingUser {
  const sudoUser = o.env.SUDO_USER;
  if (o.uid === 0 && sudoUser !== undefined && sudoUser !== '' && sudoUser !== 'root') {
    const entry = passwdEntry(sudoUser, o.passwdFile ?? '/etc/passwd');
    const uid = Number(o.env.SUDO_UID ?? entry?.uid ?? NaN);
    const gid = Number(o.env.SUDO_GID ?? entry?.gid ?? NaN);
    if (entry && Number.isInteger(uid) && Number.isInteger(gid)) return { name: sudoUser, uid, gid, home: entry.home, viaSudo: true };
  }
  const me = os.userInfo();
  const home = o.env.HOME !== undefined && o.env.HOME !== '' ? o.env.HOME : me.homedir;
  return { name: me.username, uid: me.uid, gid: me.gid, home, viaSudo: false };
}

function passwdEntry(name: string, file: string): { uid: number; gid: number; home: string } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 7) return { uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '' };
  }
  return null;
}
