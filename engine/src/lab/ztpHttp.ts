// Sherpa's HTTP ZTP server, for the nat network mode: a small static file server the engine starts as
// its own process on the management network's gateway, records (pid file in the lab folder), restarts
// when it is gone and stops with the lab. It serves GET /configs/<file> from the lab's ztp/configs folder
// and nothing else (no listing, no path outside it).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const MARK = 'sherpa-ztp-http';
/** the server's source, run by this same Node (or Electron as Node): nothing to find on disk */
const SOURCE = `
const [, dir, host, port] = process.argv.slice(1);
const http = require('http'), fs = require('fs'), path = require('path');
const root = path.resolve(dir);
http.createServer((req, res) => {
  let u = '';
  try { u = decodeURIComponent((req.url || '/').split('?')[0]); } catch {}
  const f = u.startsWith('/configs/') ? path.resolve(root, u.slice('/configs/'.length)) : '';
  if (req.method !== 'GET' || !f.startsWith(root + path.sep)) { res.writeHead(404); res.end(); return; }
  fs.readFile(f, (e, b) => {
    if (e) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.end(b);
  });
}).on('error', (e) => { console.error(e.message); process.exit(1); })
  .listen(Number(port), host, () => console.log('listening'));
`;

export interface ZtpServer {
  pid: number;
  dir: string;
  host: string;
  port: number;
}

/** starts the server and resolves once it listens (or rejects with why not); records it in `pidFile` */
export function startZtpServer(dir: string, host: string, port: number, pidFile: string): Promise<ZtpServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SOURCE, MARK, dir, host, String(port)], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`the ZTP HTTP server on ${host}:${port} exited (${code}): ${err.trim()}`)),
    );
    child.stdout.on('data', (b: Buffer) => {
      if (!b.toString().includes('listening')) return;
      const server = { pid: child.pid!, dir, host, port };
      writeFileSync(pidFile, JSON.stringify(server));
      child.removeAllListeners('exit');
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      resolve(server);
    });
  });
}

export function readZtpServer(pidFile: string): ZtpServer | undefined {
  try {
    return JSON.parse(readFileSync(pidFile, 'utf8')) as ZtpServer;
  } catch {
    return undefined;
  }
}

/** the recorded server still runs: its pid is alive and is our server for that folder (not a reused pid) */
export function ztpServerAlive(s: ZtpServer): boolean {
  try {
    const cmd = readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').split('\0');
    return cmd.includes(MARK) && cmd.includes(s.dir);
  } catch {
    return false;
  }
}

export function stopZtpServer(pidFile: string): void {
  const s = readZtpServer(pidFile);
  if (s && ztpServerAlive(s)) process.kill(s.pid, 'SIGTERM');
  rmSync(pidFile, { force: true });
}

/** restarts a recorded server that is gone (a host restart, a kill); returns whether it had to */
export async function ensureZtpServer(pidFile: string): Promise<boolean> {
  const s = existsSync(pidFile) ? readZtpServer(pidFile) : undefined;
  if (!s || ztpServerAlive(s)) return false;
  await startZtpServer(s.dir, s.host, s.port, pidFile);
  return true;
}
