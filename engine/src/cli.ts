// sherpa-lab: the lab engine on the command line. Progress goes to stderr, results to stdout,
// and any failure exits non-zero with the node and the reason.
import { execa } from 'execa';
import { parseArgs } from 'node:util';
import { copyFileSync, existsSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { importImage } from '../../common/images/import';
import { resolveVersion, sortVersions } from '../../common/images/index';
import { scanImages } from '../../common/images/scan';
import { manifestFileProbe } from '../../common/manifest/fileProbe';
import { readManifestFile } from '../../common/manifest/read';
import { labNameProblem } from '../../common/manifest/names';
import { labNameFrom, STARTERS, starterManifest } from '../../common/manifest/starter';
import { validateManifest } from '../../common/manifest/validate';
import { LineIndex } from '../../common/toml/lineIndex';
import {
  consoleEndpoint,
  ConsoleSession,
  defaultSettings,
  expandPath,
  LabEngine,
  LabError,
  labState,
  LabWatcher,
  serialLogPath,
  describeImpairment,
  followCapture,
  IMPAIRMENT_WORDS,
  onPath,
  toImpairment,
  type Impairment,
  type LabInfo,
} from './index';

const USAGE = `usage: sherpa-lab <command> [options]

commands:
  up                      start the lab of the manifest (default ./manifest.toml)
  status [--json] [--watch]  list labs and node states (--watch: again on every change, until Ctrl-C)
  down [LAB]              power the lab's nodes off
  resume [LAB]            start them again
  destroy [LAB]           remove the lab's domains, volumes, pool and files
  console NODE [--lab L]  serial console of a node (boot output so far, then live; Ctrl-] quits)
  ssh NODE [--lab L] [-- CMD...]  log in to a VM as sherpa with the lab key (or run CMD there)
  ssh-config [--lab L] [--clean]  print the lab's sherpa_ssh_config (--clean: drop stale Includes
                          from ~/.ssh/sherpa_lab_hosts)
  link impair ENDPOINT [--lab L] [--delay MS] [--jitter MS] [--loss PCT] [--reorder PCT] [--corrupt PCT] | --clear
                          set the impairment of an impaired link of a running lab (either endpoint names it),
                          nodes untouched; the flags given are the whole new impairment (--clear: none)
  capture NODE::IFACE [--lab L] [-w FILE] [--count N]
                          capture a running node's data interface into a pcap file in the lab folder, one line
                          per frame (tshark's decode when installed); Ctrl-C or N frames stop it; -w copies it
  new [--starter vms|unikernels] [--name N]
                          write a starter lab to the manifest path (never over a file): two Linux VMs linked, as
                          sherpa new writes them (the default), or two unikernels; N defaults to the folder's name
  validate                check the manifest, print problems as file:line:col
  images list [--json]    the image store
  images import --model M --version V FILE [--initrd F] [--default]

options:
  --manifest PATH   manifest file (default ./manifest.toml)
  --uri URI         libvirt URI (default $LIBVIRT_DEFAULT_URI, else qemu:///system as root, qemu:///session otherwise)
  --images-dir DIR  image store (default $SHERPA_IMAGES_DIR or /opt/sherpa/images)
  --labs-dir DIR    lab folders (default $SHERPA_LABS_DIR or ~/.local/share/sherpa-labs/labs)
  --domain-type T   auto | kvm | qemu (default $SHERPA_DOMAIN_TYPE or auto)
  --network-mode M  user (no privileges: user networking, ports on loopback) | nat (Sherpa's libvirt NAT
                    network, needs qemu:///system) (default $SHERPA_NETWORK_MODE or user)
  --console A       loopback (Sherpa's telnet on each node's 127.127.x.y:2323, open to every local user)
                    | private (a UNIX socket in the lab folder, which is 0700: this user only)
                    (default $SHERPA_CONSOLE_ACCESS or loopback)
  --forward NODE:PORT  also forward a TCP port of a node to its loopback address (repeatable)
  --ssh-key PATH    the private key that logs in to provisioned nodes as sherpa (default $SHERPA_SSH_KEY, else
                    Sherpa's /opt/sherpa/ssh/sherpa_ssh_key, else one made once in ~/.local/share/sherpa-labs/ssh)`;

const log = (s: string) => process.stderr.write(s + '\n');

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      manifest: { type: 'string' },
      uri: { type: 'string' },
      'images-dir': { type: 'string' },
      'labs-dir': { type: 'string' },
      'domain-type': { type: 'string' },
      'network-mode': { type: 'string' },
      console: { type: 'string' },
      json: { type: 'boolean' },
      lab: { type: 'string' },
      model: { type: 'string' },
      version: { type: 'string' },
      initrd: { type: 'string' },
      default: { type: 'boolean' },
      forward: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      watch: { type: 'boolean' },
      clean: { type: 'boolean' },
      clear: { type: 'boolean' },
      'ssh-key': { type: 'string' },
      delay: { type: 'string' },
      jitter: { type: 'string' },
      loss: { type: 'string' },
      reorder: { type: 'string' },
      corrupt: { type: 'string' },
      write: { type: 'string', short: 'w' },
      count: { type: 'string' },
      starter: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const [cmd, ...rest] = positionals;
  if (!cmd || values.help) {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  const settings = defaultSettings({
    uri: values.uri,
    imagesDir: values['images-dir'],
    labsDir: values['labs-dir'],
    domainType: values['domain-type'],
    networkMode: values['network-mode'],
    consoleAccess: values.console,
  });
  if (values['ssh-key']) settings.sshKeyPath = expandPath(values['ssh-key']);
  if (values.forward) {
    settings.extraPorts = {};
    for (const f of values.forward) {
      const m = /^(.+):(\d+)$/.exec(f);
      if (!m) throw new LabError(`--forward takes NODE:PORT, not '${f}'`);
      (settings.extraPorts[m[1]] ??= []).push(Number(m[2]));
    }
  }
  const manifest = resolve(values.manifest ?? 'manifest.toml');
  const engine = new LabEngine(settings);
  const labArg = () => rest[0] ?? values.lab ?? engine.labIdFor(manifest);
  const progress = (msg: string, node?: string) => log(node ? `  ${node}: ${msg}` : msg);

  switch (cmd) {
    case 'up': {
      const controller = new AbortController();
      process.once('SIGINT', () => {
        log('cancelling: removing what this start created');
        controller.abort();
      });
      const r = await engine.up(manifest, { progress, signal: controller.signal });
      if (values.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(
          `lab ${r.plan.name} (${r.plan.id}) up in ${(r.ms / 1000).toFixed(2)} s` +
            (r.resumed ? ' (existing lab resumed)' : ''),
        );
        for (const n of r.plan.nodes ?? []) {
          const ports = n.forwards.map((f) => `${f.host}:${f.hostPort}`).join(', ');
          const console_ = n.consoleSocket
            ? `console: ${n.consoleSocket} (private)`
            : `console: telnet ${n.loopback} ${n.consolePort}`;
          const ssh = n.provision && 'medium' in n.provision ? `  ssh: sherpa-lab ssh ${n.name}` : '';
          console.log(
            `  ${n.name.padEnd(16)} ${n.model.name.padEnd(20)} ${console_}${ports ? `  ports: ${ports}` : ''}${ssh}`,
          );
        }
        for (const n of r.notReady) console.log(`  Node ${n.node} did not become ready: ${n.reason}`);
      }
      return 0;
    }
    case 'status': {
      if (values.watch) return watchStatus(engine, !!values.json);
      const labs = await engine.status({ relays: true });
      if (values.json) {
        console.log(JSON.stringify(labs, null, 2));
        return 0;
      }
      console.log(labs.length ? renderStatus(labs) : `no labs on ${settings.uri}`);
      return 0;
    }
    case 'down':
    case 'stop': {
      const l = await engine.stop(labArg(), progress);
      console.log(`lab ${l.name} (${l.id}) ${labState(l)}`);
      return 0;
    }
    case 'resume': {
      const l = await engine.resume(labArg(), progress);
      console.log(`lab ${l.name} (${l.id}) ${labState(l)}`);
      return 0;
    }
    case 'destroy': {
      const r = await engine.destroy(labArg(), progress);
      for (const x of r.removed) console.log(`removed ${x}`);
      for (const k of r.kept) log(`kept ${k}: it holds files the lab did not create`);
      for (const e of r.errors) log(`error: ${e}`);
      return r.errors.length ? 1 : 0;
    }
    case 'console':
      return consoleCmd(engine, rest[0], values.lab ?? engine.labIdFor(manifest));
    case 'ssh': {
      if (!rest[0]) throw new LabError('ssh needs a NODE');
      const t = await engine.sshTarget(values.lab ?? engine.labIdFor(manifest), rest[0]);
      const r = await execa('ssh', [...t.args, ...rest.slice(1)], { stdio: 'inherit', reject: false });
      return r.exitCode ?? 1;
    }
    case 'ssh-config': {
      if (values.clean) {
        for (const p of engine.cleanSshIncludes()) console.log(`removed stale Include ${p}`);
        return 0;
      }
      process.stdout.write(await engine.sshConfig(values.lab ?? engine.labIdFor(manifest)));
      return 0;
    }
    case 'link': {
      if (rest[0] !== 'impair' || !rest[1]) throw new LabError('usage: sherpa-lab link impair ENDPOINT [flags]');
      const l = await engine.impairLink(values.lab ?? engine.labIdFor(manifest), rest[1], impairmentFlags(values));
      console.log(`link ${l.src} - ${l.dst}: ${describeImpairment(l.impairment)}`);
      return 0;
    }
    case 'capture':
      return captureCmd(engine, rest[0], values.lab ?? engine.labIdFor(manifest), values.write, values.count);
    case 'new':
      return newManifest(manifest, values.starter ?? 'vms', values.name);
    case 'validate': {
      const text = readManifestFile(manifest);
      const lines = new LineIndex(text);
      const v = validateManifest(text, scanImages(settings.imagesDir), lines, manifestFileProbe(manifest));
      for (const p of v.problems) {
        const pos = lines.position(p.start);
        console.log(`${manifest}:${pos.line + 1}:${pos.character + 1}: ${p.severity}: ${p.message} [${p.code}]`);
      }
      return v.problems.some((p) => p.severity === 'error') ? 1 : 0;
    }
    case 'images': {
      if (rest[0] === 'import') {
        if (!values.model || !values.version || !rest[1])
          throw new LabError('images import needs --model, --version and a FILE');
        const r = importImage({
          imagesDir: settings.imagesDir,
          model: values.model,
          version: values.version,
          file: rest[1],
          initrd: values.initrd,
          makeDefault: values.default,
        });
        console.log(`imported ${r.path}${r.isDefault ? ' (default)' : ''}`);
        return 0;
      }
      const idx = scanImages(settings.imagesDir);
      const rows = [...idx.models.values()].map((m) => {
        const def = resolveVersion(idx, m.model);
        return {
          model: m.model,
          versions: sortVersions([...m.versions.keys()]),
          default: def.ok ? def.version : undefined,
        };
      });
      if (values.json) console.log(JSON.stringify({ dir: idx.dir, exists: idx.exists, models: rows }, null, 2));
      else if (!idx.exists) console.log(`${idx.dir} does not exist`);
      else
        for (const r of rows)
          console.log(
            `${r.model.padEnd(22)} ${r.versions.map((v) => (v === r.default ? `${v} (default)` : v)).join(', ')}`,
          );
      return 0;
    }
    default:
      log(`unknown command '${cmd}'\n\n${USAGE}`);
      return 2;
  }
}

async function captureCmd(
  engine: LabEngine,
  target: string | undefined,
  lab: string,
  write: string | undefined,
  count: string | undefined,
): Promise<number> {
  const cut = target?.indexOf('::') ?? -1;
  if (!target || cut < 1) throw new LabError('capture needs NODE::IFACE');
  const max = count === undefined ? Infinity : Number(count);
  if (!((max > 0 && Number.isInteger(max)) || max === Infinity))
    throw new LabError(`--count takes a whole number, not ${count}`);
  const cap = await engine.capture(lab, target.slice(0, cut), target.slice(cut + 2));
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const live = followCapture(cap.file, (l) => console.log(l), {
    tshark: onPath('tshark'),
    onFrame: (n) => n >= max && done(),
  });
  log(`capturing ${target} into ${cap.file} (${live.decoder} decode; Ctrl-C stops)`);
  process.once('SIGINT', done);
  await finished;
  await cap.stop();
  await live.stop();
  if (write) copyFileSync(cap.file, write);
  log(`${live.frames} frame(s) in ${cap.file}${write ? `, copied to ${write}` : ''}`);
  return 0;
}

/** the impairment the flags give: exactly those given, the rest 0 (`--clear`: none at all) */
function impairmentFlags(values: Partial<Record<string, unknown>>): Impairment {
  const flags = IMPAIRMENT_WORDS;
  const given = Object.keys(flags).filter((f) => values[f] !== undefined);
  if (values.clear && given.length) throw new LabError('--clear takes no other impairment flag');
  if (!values.clear && !given.length)
    throw new LabError('link impair needs --delay, --jitter, --loss, --reorder or --corrupt, or --clear');
  const raw: Record<string, unknown> = {};
  for (const f of given) {
    const text = String(values[f]);
    raw[flags[f]] = /^[+-]?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
  }
  const r = toImpairment(raw);
  if ('error' in r) throw new LabError(`--${given.find((f) => r.error.includes(flags[f]))}: ${r.error}`);
  return r.ok;
}

function renderStatus(labs: LabInfo[]): string {
  return (
    labs
      .map((l) =>
        [
          `${l.name} (${l.id}) ${labState(l)}  ${l.manifest}`,
          ...l.domains.map((d) => `  ${d.meta.node.padEnd(16)} ${d.state.padEnd(10)} ${d.name}`),
          ...(l.relay
            ? [
                '  impairment relay: ' +
                  (l.relay.running ? `running (pid ${l.relay.pid})` : 'NOT RUNNING (up restarts it)'),
                ...l.relay.links.map((k) => `    ${k.src} - ${k.dst}: ${describeImpairment(k.impairment)}`),
              ]
            : []),
        ].join('\n'),
      )
      .join('\n') || 'no labs'
  );
}

/** a line block per change, from the engine's one "labs changed" signal */
function watchStatus(engine: LabEngine, json: boolean): Promise<number> {
  let last = '';
  const w = new LabWatcher(engine, {
    onChange: (s) => {
      const text =
        s.backend.state === 'unreachable'
          ? `libvirt unreachable: ${s.backend.reason}`
          : json
            ? JSON.stringify(s.labs)
            : renderStatus(s.labs);
      if (text !== last) {
        last = text;
        console.log(json ? text : `--- ${new Date().toISOString()}\n${text}`);
      }
    },
  }).start();
  return new Promise((resolve) =>
    process.once('SIGINT', () => {
      w.stop();
      resolve(0);
    }),
  );
}

async function consoleCmd(engine: LabEngine, node: string | undefined, lab: string): Promise<number> {
  if (!node) throw new LabError('console needs a NODE');
  const l = await engine.lookup(lab);
  const d = l?.domains.find((x) => x.meta.node === node);
  if (!l || !d) throw new LabError(`no node '${node}' in lab '${lab}'`);
  const logPath = engine.local ? (d.meta.log ?? serialLogPath(join(engine.settings.labsDir, l.id), node)) : undefined;
  if (d.state !== 'running') log(`node ${node} is ${d.state}; showing its log, waiting for it to start`);
  const session = new ConsoleSession({
    endpoint: consoleEndpoint(d.meta),
    logPath: logPath && existsSync(logPath) ? logPath : undefined,
    onOutput: (b) => process.stdout.write(b),
    onStatus: (s) => log(`[console ${s}]`),
  }).start();
  return new Promise((resolve) => {
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    process.stdin.on('data', (b) => {
      if (b.includes(0x1d)) {
        session.dispose();
        resolve(0);
        return;
      } // Ctrl-]
      session.write(b);
    });
    process.stdin.on('end', () => {
      session.dispose();
      resolve(0);
    });
  });
}

/** a starter lab written to `path`: whole or not at all, and never over a file (a link to a finished temporary
 *  file is made only where no file is). The temporary file has a fixed name, so a run that was interrupted leaves
 *  at most that one file, which the next run writes again and removes. */
function newManifest(path: string, kind: string, name = labNameFrom(basename(dirname(path)))): number {
  const starter = STARTERS.find((s) => s.kind === kind);
  if (!starter) throw new LabError(`--starter is ${STARTERS.map((s) => s.kind).join(' or ')}, not '${kind}'`);
  const bad = labNameProblem(name);
  if (bad) throw new LabError(`--name '${name}': ${bad}`);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.new`);
  writeFileSync(tmp, starterManifest(starter.kind, name));
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new LabError(`${path} exists already: not written over`);
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  console.log(`wrote ${path}: lab ${name} (${starter.label})`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    log(`error: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
