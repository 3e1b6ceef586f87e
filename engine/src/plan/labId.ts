// Sherpa's lab id: format!("{:08x}", XXH32(seed = 0xFFFFFFFF, username + lab_name)).
// XXH32 is 40 lines; a package would bring async WASM start-up (xxhash-wasm) or an unmaintained
// dependency (xxhashjs) for it. Verified against the reference vectors in the tests.

const P1 = 0x9e3779b1,
  P2 = 0x85ebca77,
  P3 = 0xc2b2ae3d,
  P4 = 0x27d4eb2f,
  P5 = 0x165667b1;
const rotl = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a: number, b: number) => Math.imul(a, b) >>> 0;
const round = (acc: number, lane: number) => mul(rotl((acc + mul(lane, P2)) >>> 0, 13), P1);

export function xxh32(data: Uint8Array, seed: number): number {
  const len = data.length;
  const u32 = (i: number) => (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) >>> 0;
  let i = 0;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + P1 + P2) >>> 0,
      v2 = (seed + P2) >>> 0,
      v3 = seed >>> 0,
      v4 = (seed - P1) >>> 0;
    for (; i + 16 <= len; i += 16) {
      v1 = round(v1, u32(i));
      v2 = round(v2, u32(i + 4));
      v3 = round(v3, u32(i + 8));
      v4 = round(v4, u32(i + 12));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) >>> 0;
  } else {
    h = (seed + P5) >>> 0;
  }
  h = (h + len) >>> 0;
  for (; i + 4 <= len; i += 4) h = mul(rotl((h + mul(u32(i), P3)) >>> 0, 17), P4);
  for (; i < len; i++) h = mul(rotl((h + mul(data[i], P5)) >>> 0, 11), P1);
  h ^= h >>> 15;
  h = mul(h, P2);
  h ^= h >>> 13;
  h = mul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

export function labId(user: string, labName: string): string {
  return xxh32(new TextEncoder().encode(user + labName), 0xffffffff)
    .toString(16)
    .padStart(8, '0');
}

/** a lab id as labId() writes it */
export function isLabId(s: string): boolean {
  return /^[0-9a-f]{8}$/.test(s);
}
