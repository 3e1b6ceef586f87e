// Per-user state that other local users must not touch: lab locks and loopback reservations. A
// shared /tmp folder would let any user create our lock files first and block a lab forever.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * `$XDG_STATE_HOME/sherpa-labs/<name>` or `~/.local/state/sherpa-labs/<name>`, mode 0700. Not
 * `$XDG_RUNTIME_DIR`: an editor and a terminal of the same user may see different values of it, and the
 * extension and the CLI must share their locks.
 */
export function privateDir(name: string, env = process.env): string {
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  const dir = join(base, 'sherpa-labs', name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const d of [join(base, 'sherpa-labs'), dir]) {
    const st = statSync(d);
    if (process.getuid && st.uid !== process.getuid())
      throw new Error(`${d} belongs to another user: refusing to keep locks there`);
    if ((st.mode & 0o077) !== 0) chmodSync(d, 0o700);
  }
  return dir;
}
