export declare const CONSOLE_PORT = 2323;
/** one UDP port per (node, interface): never collides within a lab, and labs use different loopback /24s */
export declare const linkPort: (nodeIndex: number, ifIndex: number) => number;
/** unlinked interfaces send to the discard port of their own loopback address */
export declare const DISCARD_PORT = 9;
/** PCI slots on the i440fx root bus: management NIC first so the guest names it eth0 */
export declare const MGMT_PCI_SLOT = 3;
export declare const FIRST_DATA_PCI_SLOT = 4;
/** q35 keeps 0x1e-0x1f on its root bus for its own bridges and the LPC/SATA functions */
export declare const LAST_FREE_PCI_SLOT = 29;
export declare const MAX_NODES = 254;
export declare const loopbackNetwork: (n: number) => string;
export declare const loopbackAddress: (n: number, nodeIndex: number) => string;
/** the first /24 of 127.127.0.0/16 (skipping .0) that no other lab uses */
export declare function allocateLoopback(used: Iterable<number>): number | undefined;
