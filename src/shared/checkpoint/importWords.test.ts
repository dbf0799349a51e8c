import { describe, expect, it } from 'vitest';
import { parseCheckpoint } from './checkpointFile';

const messageOf = (bytes: Uint8Array): string => {
  try {
    parseCheckpoint(bytes);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('parsed');
};

describe('import errors in plain words', () => {
  it('say "not a folio checkpoint, or damaged" without file-format jargon', () => {
    const absurd = new Uint8Array(64);
    new DataView(absurd.buffer).setBigUint64(0, BigInt(2 ** 30), true);
    const inputs = [
      new Uint8Array(3),
      absurd,
      new TextEncoder().encode('plain text, not a checkpoint at all'),
      Uint8Array.from({ length: 200 }, (_, i) => i),
    ];
    for (const bytes of inputs) {
      const message = messageOf(bytes);
      expect(message).toMatch(/not a folio checkpoint, or it is damaged/);
      expect(message).not.toMatch(/safetensors|header|JSON|impossible|tensor/i);
    }
  });
});
