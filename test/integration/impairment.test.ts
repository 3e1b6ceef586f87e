// Link impairments on real libvirt: two Linux guests on an impaired p2p link ping each other through the
// lab's relay. The delay shows in the round trip (each way), `link impair` changes it on the running lab
// (CLI and engine), loss drops probes, a killed relay is reported and restored by `up`, a capture holds
// the guests' echoes; destroy leaves nothing of the relay or the captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { NO_IMPAIRMENT } from '../../common/manifest/impairment';
import { waitForSerial } from '../../engine/src/lab/serialLog';
import { followCapture, onPath } from '../../engine/src/capture/live';
import { PcapReader, summarizeFrame } from '../../engine/src/capture/pcap';
import { labFolder, needLibvirt, testEngine } from '../helpers/libvirt';

const CLI = resolve(__dirname, '../../../engine/dist/cli.js');
const guest = (name: string, ping: boolean) =>
  `[[nodes]]\nname = "${name}"\nmodel = "generic_unikernel"\nversion = "linux"\nkernel_cmdline = "console=ttyS0 ` +
  `quiet panic=-1${ping ? ' sherpa.ping' : ''}"\nmemory = 192\ndata_interface_count = ${ping ? 1 : 2}\n`;
const MANIFEST =
  `name = "it-impair"\n${guest('pa', true)}${guest('pb', false)}` +
  `[[links]]\nsrc = "pa::eth1"\ndst = "pb::eth1"\np2p = true\nimpairment = { delay = 100 }\n`;

/** the guest's probes once it has printed `total` of them: each a round trip in ms, or NaN when lost */
async function probes(log: string, total: number, timeoutMs: number): Promise<number[]> {
  const read = (text: string) => [...text.matchAll(/RTT ([0-9.]+|lost)\r?\n/g)];
  const text = await waitForSerial(log, (t) => read(t).length >= total, timeoutMs);
  return read(text).map((m) => (m[1] === 'lost' ? NaN : Number(m[1])));
}
const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
/** the probes after the `seen` already read, skipping the one in flight when the impairment changed */
async function next(log: string, seen: number, n: number): Promise<{ all: number[]; fresh: number[] }> {
  const all = await probes(log, seen + 1 + n, 30_000 + n * 1500);
  return { all, fresh: all.slice(seen + 1, seen + 1 + n) };
}
/** a process runs (a zombie, exited but not yet reaped by its parent, does not) */
const running = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').length > 0;
  } catch {
    return false;
  }
};
const cli = (...args: string[]) => execa('node', [CLI, ...args], { reject: false, stdin: 'ignore' });
/** a UDP port is free again on that address: nothing of the relay still holds it */
const udpFree = (address: string, port: number) =>
  new Promise<boolean>((res) => {
    const s = createSocket('udp4');
    s.once('error', () => res(false));
    s.bind(port, address, () => s.close(() => res(true)));
  });

test(
  'an impaired p2p link: delay each way, changed and cleared live, loss, relay supervised',
  { timeout: 600_000 },
  async (t) => {
    if (!needLibvirt(t)) return;
    const engine = testEngine();
    const r = await engine.up(labFolder(MANIFEST));
    const id = r.plan.id;
    const labs = ['--lab', id, '--labs-dir', engine.settings.labsDir];
    const log = r.plan.nodes[0].serialLog;
    let relayPid = 0;
    let captures: string[] = [];
    try {
      // the relay runs and status says so, with the link and its ports
      const st = (await engine.status({ relays: true })).find((l) => l.id === id)!;
      assert.equal(st.relay?.running, true);
      relayPid = st.relay!.pid!;
      assert.deepEqual(
        st.relay!.links.map((l) => [l.src, l.dst, l.impairment.delay]),
        [['pa::eth1', 'pb::eth1', 100]],
      );
      const json = JSON.parse(String((await cli('status', '--json', ...labs)).stdout)) as {
        id: string;
        relay?: unknown;
      }[];
      assert.ok(json.find((l) => l.id === id)?.relay, 'status --json shows the relay');

      // 1. delay = 100 each way: 10 probes
      await waitForSerial(log, 'PEER fe80::', 120_000);
      const delayed = (await next(log, 0, 10)).fresh;
      // 2. cleared through the CLI, nodes untouched: the baseline
      const cleared = await cli('link', 'impair', 'pb::eth1', '--clear', ...labs);
      assert.equal(cleared.exitCode, 0, String(cleared.stderr));
      assert.match(String(cleared.stdout), /pa::eth1 - pb::eth1: none/);
      const base = await next(log, (await probes(log, 1, 1000)).length, 10);
      const rise = median(delayed) - median(base.fresh);
      assert.ok(rise > 170 && rise < 230, `RTT rose by ${rise} ms (delayed ${delayed}, baseline ${base.fresh})`);

      // 3. 50 % loss each way: a probe (two frames) comes back with probability 0.25
      // counted from the relay's acknowledgement, not from the baseline: unimpaired probes are quick, and
      // those answered while the change was on its way would otherwise count as kept (a CI run saw 55 %)
      await engine.impairLink(id, 'pa::eth1', { ...NO_IMPAIRMENT, loss_percent: 50 });
      const lossy = (await next(log, (await probes(log, 1, 1000)).length, 40)).fresh;
      const lost = lossy.filter(Number.isNaN).length / lossy.length;
      assert.ok(lost >= 0.55 && lost < 0.93, `${lost * 100}% of 40 probes lost`);

      // bad input: refused with the field named, nothing changed
      const bad = await cli('link', 'impair', 'pa::eth1', '--loss', '150', ...labs);
      assert.notEqual(bad.exitCode, 0);
      assert.match(String(bad.stderr), /--loss: `loss_percent` is a percentage from 0 to 100, not 150/);
      const direct = await cli('link', 'impair', 'pa::eth9', '--delay', '5', ...labs);
      assert.match(String(direct.stderr), /pa::eth9 is not an impaired link/);
      await engine.impairLink(id, 'pa::eth1', NO_IMPAIRMENT);

      // 4. the relay killed from outside: status says so, up starts it again (same ports), frames flow
      process.kill(relayPid, 'SIGKILL');
      await new Promise<void>((res) => {
        const poll = async () =>
          (await engine.status({ relays: true })).find((l) => l.id === id)?.relay?.running ? setImmediate(poll) : res();
        void poll();
      });
      assert.match(String((await cli('status', ...labs)).stdout), /impairment relay: NOT RUNNING/);
      const again = await engine.up(r.plan.manifestPath);
      assert.ok(again.resumed);
      const back = (await engine.status({ relays: true })).find((l) => l.id === id)!.relay!;
      assert.equal(back.running, true);
      assert.notEqual(back.pid, relayPid);
      relayPid = back.pid!;
      const seen = (await probes(log, 1, 1000)).length;
      assert.ok(
        (await next(log, seen, 3)).fresh.every((x) => !Number.isNaN(x)),
        'probes answered through the new relay',
      );

      // 5. capture on the linked interface while the guests ping: their ICMPv6 echoes, in a valid pcap
      const cap = await engine.capture(id, 'pa', 'eth1');
      const lines: string[] = [];
      let saw: () => void = () => undefined;
      const both = new Promise<void>((res) => (saw = res));
      const live = followCapture(cap.file, (l) => {
        lines.push(l);
        if (lines.some((x) => /echo request/.test(x)) && lines.some((x) => /echo reply/.test(x))) saw();
      });
      await Promise.race([
        both,
        new Promise((_, rej) => setTimeout(() => rej(new Error(`no echoes: ${lines}`)), 30_000).unref()),
      ]);
      await cap.stop();
      await live.stop();
      const recs = new PcapReader().feed(readFileSync(cap.file));
      assert.ok(recs.length >= 2 && recs.length === live.frames, `${recs.length} records, ${live.frames} seen live`);
      assert.match(recs.map((x) => summarizeFrame(x.data)).join('\n'), /fe80::\S+ > fe80::\S+ ICMPv6 echo reply/);
      // the same file through tshark, as the capture terminal reads it when tshark is installed (CI installs it)
      const tshark = onPath('tshark');
      if (tshark) {
        const tl: string[] = [];
        const t = followCapture(cap.file, (l) => tl.push(l), { tshark });
        assert.equal(t.decoder, 'tshark');
        await t.stop();
        assert.equal(tl.filter((l) => l.trim()).length, recs.length, tl.join('\n'));
        assert.match(tl.join('\n'), /ICMPv6 .*Echo \(ping\) request/);
        assert.match(tl.join('\n'), /ICMPv6 .*Echo \(ping\) reply/);
      } else assert.ok(!process.env.REQUIRE_LIBVIRT, 'tshark is installed by .ci/setup-libvirt.sh');
      // an interface without traffic (pb::eth2 is unlinked): the pcap is the header alone, valid
      const quiet = await engine.capture(id, 'pb', 'eth2');
      await quiet.stop();
      const reader = new PcapReader();
      assert.deepEqual(reader.feed(readFileSync(quiet.file)), []);
      assert.equal(reader.linkType, 1);
      // the CLI: N frames, one line each, copied out of the lab folder
      const saved = join(mkdtempSync(join(tmpdir(), 'sherpa-it-cap-')), 'pa.pcap');
      const c = await cli('capture', 'pa::eth1', '--count', '3', '-w', saved, ...labs);
      assert.equal(c.exitCode, 0, String(c.stderr));
      assert.ok(String(c.stdout).trim().split('\n').length >= 3, String(c.stdout));
      assert.ok(new PcapReader().feed(readFileSync(saved)).length >= 3);
      assert.match(String((await cli('capture', 'pa::eth7', ...labs)).stderr), /pa has no data interface 'eth7'/);
      captures = [cap.file, quiet.file, saved];
    } finally {
      const d = await engine.destroy(id);
      assert.deepEqual(d.errors, []);
    }
    // 5. destroy: no relay process, no port held, no relay folder
    assert.ok(!running(relayPid), 'the relay process is gone');
    for (const n of r.plan.relay)
      for (const side of [n.a, n.b])
        assert.ok(await udpFree(side.listen.address, side.listen.port), `${side.endpoint}`);
    assert.ok(!existsSync(resolve(r.plan.labDir, 'relay')));
    // the lab's captures went with it; the copy saved elsewhere stays
    assert.deepEqual(
      captures.map((f) => existsSync(f)),
      [false, false, true],
    );
  },
);
