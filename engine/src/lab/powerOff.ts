// Stopping a node the way Sherpa's `down` does: a VM whose guest agent answers a ping within 5 s is
// asked to shut down (through the agent, which the ping just proved alive) and given time to do so;
// anything else, or a guest that does not finish in time, is powered off.
import { watchStopped } from '../libvirt/events';
import type { Virsh } from '../libvirt/virsh';

const AGENT_PING_TIMEOUT_SEC = 5;
const GRACEFUL_STOP_TIMEOUT_MS = 60_000;

export async function stopDomain(
  virsh: Virsh,
  domain: string,
  vm: boolean,
  progress?: (msg: string) => void,
): Promise<void> {
  if (vm && (await agentAnswers(virsh, domain))) {
    progress?.('shutting down through its guest agent');
    const watch = watchStopped({ uri: virsh.uri, binary: virsh.opts.binary }, domain, GRACEFUL_STOP_TIMEOUT_MS);
    try {
      await virsh.run(['shutdown', '--mode', 'agent', '--domain', domain]);
      // the stop may come before the watch is registered: the state read after the request settles that
      if ((await isOff(virsh, domain)) || (await watch.stopped)) return;
    } catch {
      /* the agent went away: power off below */
    } finally {
      watch.cancel();
    }
    if (await isOff(virsh, domain)) return;
    progress?.('did not shut down in time: powering off');
  }
  // "not running" is fine: it is off either way; anything else is the node's failure to report
  await virsh.maybe(['destroy', '--domain', domain]).catch((e: Error) => {
    if (!/not running/i.test(e.message)) throw e;
  });
}

async function isOff(virsh: Virsh, domain: string): Promise<boolean> {
  return /shut off/.test(await virsh.run(['domstate', '--domain', domain]).catch(() => ''));
}

async function agentAnswers(virsh: Virsh, domain: string): Promise<boolean> {
  // without a connected agent libvirt answers at once ("not connected", "not configured")
  try {
    await virsh.run([
      'qemu-agent-command',
      '--domain',
      domain,
      '--cmd',
      '{"execute":"guest-ping"}',
      '--timeout',
      String(AGENT_PING_TIMEOUT_SEC),
    ]);
    return true;
  } catch {
    return false;
  }
}
