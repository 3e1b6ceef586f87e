// The telnet layer of QEMU's serial socket: strip negotiation (IAC sequences, also when split
// across chunks) from what the guest writes, and escape 0xFF in what the user types.
const IAC = 0xff,
  SB = 0xfa,
  SE = 0xf0,
  WILL = 0xfb,
  DONT = 0xfe;

export class TelnetDecoder {
  private state: 'data' | 'iac' | 'option' | 'sub' | 'sub-iac' = 'data';

  decode(chunk: Uint8Array): Buffer {
    const out = Buffer.alloc(chunk.length);
    let n = 0;
    for (const b of chunk) {
      switch (this.state) {
        case 'data':
          if (b === IAC) this.state = 'iac';
          else out[n++] = b;
          break;
        case 'iac':
          if (b === IAC) {
            out[n++] = IAC;
            this.state = 'data';
          } else if (b >= WILL && b <= DONT) this.state = 'option';
          else if (b === SB) this.state = 'sub';
          else this.state = 'data'; // other two-byte command
          break;
        case 'option':
          this.state = 'data';
          break;
        case 'sub':
          if (b === IAC) this.state = 'sub-iac';
          break;
        case 'sub-iac':
          this.state = b === SE ? 'data' : 'sub';
          break;
      }
    }
    return out.subarray(0, n);
  }
}

export function escapeInput(data: Uint8Array): Buffer {
  const out: number[] = [];
  for (const b of data) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return Buffer.from(out);
}
