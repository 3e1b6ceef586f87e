// Readiness probes. A forwarded port accepts connections as soon as QEMU starts, long before the
// guest listens, so a port is ready only when a connection delivers at least one byte.
import { connect } from 'node:net';

export function portAnswers(host: string, port: number, timeoutMs = 1000, hello?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => {
      if (hello) s.write(hello);
    });
    s.once('data', () => done(true));
    s.once('end', () => done(false));
    s.once('error', () => done(false));
  });
}

/** `probe` again until it holds, the deadline passes or the signal aborts; the wait between tries doubles
 *  from `first` to `max` ms (there is no event to wait for: a guest's port or login only answers when tried) */
export async function retryUntil(
  probe: () => Promise<boolean>,
  deadline: number,
  signal: AbortSignal | undefined,
  first: number,
  max: number,
): Promise<boolean> {
  let delay = first;
  while (Date.now() < deadline && !signal?.aborted) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, max);
  }
  return false;
}

/** probe until the port answers, the deadline passes or the signal aborts; backs off 50 ms -> 1 s */
export function waitForPort(host: string, port: number, deadline: number, signal?: AbortSignal): Promise<boolean> {
  const probe = () =>
    portAnswers(host, port, Math.min(1000, Math.max(100, deadline - Date.now())), 'HEAD / HTTP/1.0\r\n\r\n');
  return retryUntil(probe, deadline, signal, 50, 1000);
}
