// Sherpa's HTTP ZTP server, for the nat network mode: a small static file server the engine starts as
// its own supervised process (./supervised.ts) on the management network's gateway. It serves
// GET /configs/<file> from the lab's ztp/configs folder and nothing else (no listing, no path outside it).
import { startSupervised, supervisedAlive, type Supervised } from './supervised';

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

export interface ZtpServer extends Supervised {
  dir: string;
  host: string;
  port: number;
}

/** starts the server and resolves once it listens (or rejects with why not); records it in `pidFile` */
export function startZtpServer(dir: string, host: string, port: number, pidFile: string): Promise<ZtpServer> {
  return startSupervised(
    `the ZTP HTTP server on ${host}:${port}`,
    ['-e', SOURCE, MARK, dir, host, String(port)],
    pidFile,
    { dir, host, port },
  );
}

export const ztpServerAlive = (s: ZtpServer) => supervisedAlive(s);
