// Per-user state that other local users must not touch: lab locks and loopback reservations. A
// shared /tmp folder would let any user create our lock files first and block a lab forever.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_RUNTIME_DIR/sherpa-labs/<name>` (a per-user tmpfs) or `~/.local/state/sherpa-labs/<name>`, mode 0700 */
export function privateDir(name: string, env = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR && ownedByMe(env.XDG_RUNTIME_DIR) ? env.XDG_RUNTIME_DIR : undefined;
  const base = runtime ?? env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state');
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

function ownedByMe(path: string): boolean {
  try {
    return !process.getuid || statSync(path).uid === process.getuid();
  } catch {
    return false;
  }
}
