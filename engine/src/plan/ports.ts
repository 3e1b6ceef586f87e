// Fixed numbers of the local backend: console port (Sherpa's TELNET_PORT), UDP tunnel ports,
// management NIC placement, loopback addresses.

export const CONSOLE_PORT = 2323;
/** one UDP port per (node, interface): never collides within a lab, and labs use different loopback /24s */
export const linkPort = (nodeIndex: number, ifIndex: number) => 10000 + 100 * nodeIndex + ifIndex;
/** unlinked interfaces send to the discard port of their own loopback address */
export const DISCARD_PORT = 9;
/** PCI slots on the i440fx root bus: management NIC first so the guest names it eth0 */
export const MGMT_PCI_SLOT = 3;
export const FIRST_DATA_PCI_SLOT = 4;
/** q35 keeps 0x1e-0x1f on its root bus for its own bridges and the LPC/SATA functions */
export const LAST_FREE_PCI_SLOT = 0x1d;
export const MAX_NODES = 254;

export const loopbackNetwork = (n: number) => `127.127.${n}.0/24`;
export const loopbackAddress = (n: number, nodeIndex: number) => `127.127.${n}.${nodeIndex}`;

/** the first /24 of 127.127.0.0/16 (skipping .0) that no other lab uses */
export function allocateLoopback(used: Iterable<number>): number | undefined {
  const taken = new Set(used);
  for (let n = 1; n <= 255; n++) if (!taken.has(n)) return n;
  return undefined;
}
