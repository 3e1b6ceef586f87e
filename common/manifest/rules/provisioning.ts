// Provisioning in the editor: SSH keys the manifest gives must be OpenSSH public keys (up refuses
// others), and a VM whose provisioning method the local backend does not serve gets a note saying it
// boots unconfigured (up says the same), so no node is left unconfigured silently.
import provisioning from '../../catalog/provisioning.json';
import { publicKeyOf } from '../sshKeys';
import type { RuleContext } from './context';

const METHODS = provisioning.methods as Record<string, { built: boolean; note?: string }>;
const MODELS = provisioning.models as Record<string, { skipped?: string }>;

export function checkProvisioning(ctx: RuleContext): void {
  for (const node of ctx.view.nodes) {
    const keys = node.table.entries.get('ssh_authorized_keys')?.value;
    if (keys?.kind === 'array')
      for (const k of keys.items)
        if (k.kind === 'string' && !publicKeyOf(k.value))
          ctx.out.error(
            k,
            'ssh-key',
            'Not an OpenSSH public key: write `<type> <base64> [comment]`, e.g. `ssh-ed25519 AAAA…`.',
          );
    const m = node.modelInfo;
    if (m?.kind !== 'vm' || !node.model) continue;
    const why =
      MODELS[m.name]?.skipped ?? (METHODS[m.ztp]?.built === false ? `its ${m.ztp} ZTP is not served yet` : '');
    if (why)
      ctx.out.add(
        node.model,
        'information',
        'not-provisioned',
        `The local libvirt backend does not configure ${m.name} at start (${why}): the node boots unconfigured.`,
      );
    else if (METHODS[m.ztp]?.note)
      ctx.out.add(node.model, 'information', 'provisioning-mode', `${m.name}: ${METHODS[m.ztp].note}.`);
  }
}
