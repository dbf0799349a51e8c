import { describe, expect, it } from 'vitest';
import { crc32 } from './checksum';

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(new Uint8Array())).toBe(0);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('changes when any single bit flips or a byte is cut off', () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff);
    const sum = crc32(bytes);
    for (const at of [0, 1, 499, 999]) {
      const flipped = bytes.slice();
      flipped[at] ^= 0x10;
      expect(crc32(flipped)).not.toBe(sum);
    }
    expect(crc32(bytes.subarray(0, 999))).not.toBe(sum);
  });
});
