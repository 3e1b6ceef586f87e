// Reading a pcap file as it grows (QEMU's filter-dump writes one: a global header, then a record per
// frame) and one line per frame for a terminal: Ethernet, ARP, IPv4/IPv6, ICMP, TCP, UDP. tshark does
// this better where it is installed; this is the summary for machines without it.

export interface PcapRecord {
  /** seconds since the epoch, with microseconds */
  time: number;
  /** length on the wire (the record may hold fewer bytes: the snap length) */
  length: number;
  data: Uint8Array;
}

/** a pcap stream parsed in pieces: feed it bytes as they arrive, get the complete records */
export class PcapReader {
  private buf = new Uint8Array(0);
  private little?: boolean;
  /** the file's link type (1: Ethernet) once the header is read */
  linkType?: number;

  feed(chunk: Uint8Array): PcapRecord[] {
    const b = new Uint8Array(this.buf.length + chunk.length);
    b.set(this.buf);
    b.set(chunk, this.buf.length);
    let at = 0;
    const out: PcapRecord[] = [];
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (this.little === undefined) {
      if (b.length < 24) return ((this.buf = b), out);
      const magic = view.getUint32(0, true);
      if (magic === 0xa1b2c3d4) this.little = true;
      else if (magic === 0xd4c3b2a1) this.little = false;
      else throw new Error(`not a pcap file (magic ${magic.toString(16)})`);
      this.linkType = view.getUint32(20, this.little);
      at = 24;
    }
    while (b.length - at >= 16) {
      const incl = view.getUint32(at + 8, this.little);
      if (b.length - at - 16 < incl) break;
      out.push({
        time: view.getUint32(at, this.little) + view.getUint32(at + 4, this.little) / 1e6,
        length: view.getUint32(at + 12, this.little),
        data: b.slice(at + 16, at + 16 + incl),
      });
      at += 16 + incl;
    }
    this.buf = b.slice(at);
    return out;
  }
}

const hex = (b: Uint8Array, from: number, n: number) =>
  [...b.subarray(from, from + n)].map((x) => x.toString(16).padStart(2, '0'));
const mac = (b: Uint8Array, at: number) => hex(b, at, 6).join(':');
const ipv4 = (b: Uint8Array, at: number) => [...b.subarray(at, at + 4)].join('.');
/** IPv6 text with the longest run of zero groups folded to `::` */
function ipv6(b: Uint8Array, at: number): string {
  const g = Array.from({ length: 8 }, (_, i) => ((b[at + 2 * i] << 8) | b[at + 2 * i + 1]).toString(16));
  let best = [-1, 0];
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > best[1] && j - i > 1) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best[0] < 0) return g.join(':');
  return `${g.slice(0, best[0]).join(':')}::${g.slice(best[0] + best[1]).join(':')}`;
}
const u16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];

const ICMP4: Record<number, string> = { 0: 'echo reply', 3: 'unreachable', 8: 'echo request', 11: 'time exceeded' };
const ICMP6: Record<number, string> = {
  1: 'unreachable',
  3: 'time exceeded',
  128: 'echo request',
  129: 'echo reply',
  133: 'router solicitation',
  134: 'router advertisement',
  135: 'neighbor solicitation',
  136: 'neighbor advertisement',
};
const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'];

/** the transport part of a line: protocol number `proto` at `at` */
function transport(b: Uint8Array, proto: number, at: number, v6: boolean): string {
  if (b.length < at + 4 && proto !== 1 && proto !== 58) return `proto ${proto}`;
  switch (proto) {
    case 1:
    case 58: {
      const names = proto === 1 ? ICMP4 : ICMP6;
      const type = b[at];
      const echo = type === 0 || type === 8 || type === 128 || type === 129;
      const seq = echo && b.length >= at + 8 ? ` id ${u16(b, at + 4)} seq ${u16(b, at + 6)}` : '';
      return `${v6 ? 'ICMPv6' : 'ICMP'} ${names[type] ?? `type ${type}`}${seq}`;
    }
    case 6: {
      const flags = TCP_FLAGS.filter((_, i) => b[at + 13] & (1 << i)).join(',');
      return `TCP ${u16(b, at)} > ${u16(b, at + 2)} [${flags}]`;
    }
    case 17:
      return `UDP ${u16(b, at)} > ${u16(b, at + 2)} len ${u16(b, at + 4) - 8}`;
    default:
      return `proto ${proto}`;
  }
}

/** one line for an Ethernet frame, as tcpdump would roughly print it */
export function summarizeFrame(f: Uint8Array): string {
  if (f.length < 14) return `short frame (${f.length} bytes)`;
  let type = u16(f, 12);
  let at = 14;
  let vlan = '';
  if (type === 0x8100 && f.length >= 18) {
    vlan = `vlan ${u16(f, 14) & 0xfff} `;
    type = u16(f, 16);
    at = 18;
  }
  const l2 = `${mac(f, 6)} > ${mac(f, 0)} ${vlan}`;
  if (type === 0x0806 && f.length >= at + 28) {
    const op = u16(f, at + 6);
    const who = ipv4(f, at + 24);
    const from = ipv4(f, at + 14);
    const what =
      op === 1 ? `who-has ${who} tell ${from}` : op === 2 ? `reply ${from} is-at ${mac(f, at + 8)}` : `op ${op}`;
    return `${l2}ARP ${what}`;
  }
  if (type === 0x0800 && f.length >= at + 20) {
    const ihl = (f[at] & 0x0f) * 4;
    return `${ipv4(f, at + 12)} > ${ipv4(f, at + 16)} ${transport(f, f[at + 9], at + ihl, false)}`;
  }
  if (type === 0x86dd && f.length >= at + 40) {
    // extension headers are not followed: their next-header is reported as the protocol
    return `${ipv6(f, at + 8)} > ${ipv6(f, at + 24)} ${transport(f, f[at + 6], at + 40, true)}`;
  }
  return `${l2}ethertype 0x${type.toString(16).padStart(4, '0')} (${f.length} bytes)`;
}

/** the line a terminal shows for a record: time of day, then the summary */
export function recordLine(r: PcapRecord): string {
  const d = new Date(r.time * 1000);
  const t = `${d.toISOString().slice(11, 23)}`;
  return `${t} ${summarizeFrame(r.data)}`;
}
