export declare const METADATA_NS = 'urn:x-sherpa-labs:lab:1';
export declare const METADATA_PREFIX = 'sherpa';
export interface DomainMetadata {
  lab: string;
  labName: string;
  node: string;
  index: number;
  manifest: string;
  loopback: string;
  user: string;
  model?: string;
  version?: string;
  /** TCP ports forwarded to the node's loopback address */
  ports?: number[];
  /** the serial log on the libvirt host */
  log?: string;
}
/** the node's loopback address: its index in the lab's 127.127.<n>.0/24 */
export declare function nodeAddress(m: DomainMetadata): string;
/** parse the element `virsh metadata <dom> <ns>` prints; undefined when it is not ours */
export declare function parseMetadata(xml: string): DomainMetadata | undefined;
