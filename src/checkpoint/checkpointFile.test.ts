import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { checkpointSummary, encodeCheckpoint, parseCheckpoint } from './checkpointFile';
import { encodeSafetensors, parseSafetensors } from './safetensors';
import { CheckpointFormatError, type CheckpointData } from './types';
import { captureCheckpoint, restoreTrainer } from '../model/snapshot';
import { tinySetup } from '../test/fixtures';
import { fingerprintText } from '../data/text';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function trainedCheckpoint(steps = 3) {
  const s = tinySetup();
  for (let i = 0; i < steps; i++) await s.trainer.trainOnce();
  const data = await captureCheckpoint(s.trainer, {
    runId: 'run-1',
    name: 'test',
    textName: 'rhyme.txt',
    textFingerprint: fingerprintText('x'),
    textCharacters: s.ids.length,
    vocabulary: s.vocab.chars,
  });
  return { s, data };
}

describe('checkpoint file', () => {
  it('round-trips every field through bytes', async () => {
    const { s, data } = await trainedCheckpoint();
    const back = parseCheckpoint(encodeCheckpoint(data));
    expect(back).toEqual(data);
    expect(checkpointSummary(back, 'id1', 123, 'manual')).toMatchObject({ id: 'id1', step: 3, sizeBytes: 123, reason: 'manual' });
    s.dispose();
  });

  it('resumes exactly: the next steps give the same losses as the uninterrupted run', async () => {
    const { s, data } = await trainedCheckpoint();
    const resumed = restoreTrainer(parseCheckpoint(encodeCheckpoint(data)), s.trainer.data);
    const original: number[] = [];
    const again: number[] = [];
    for (let i = 0; i < 3; i++) original.push((await s.trainer.trainOnce()).loss);
    for (let i = 0; i < 3; i++) again.push((await resumed.trainOnce()).loss);
    expect(again).toEqual(original);
    expect(resumed.step).toBe(6);
    s.dispose();
    resumed.model.dispose();
    resumed.adam.dispose();
  });

  it('writes PyTorch names and layouts and 8-byte aligned data', async () => {
    const { s, data } = await trainedCheckpoint(1);
    const bytes = encodeCheckpoint(data);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(tensors['gru.weight_hh_l0'].shape).toEqual([3 * 24, 24]);
    expect(tensors['embedding.weight'].shape).toEqual([s.vocab.chars.length, 8]);
    expect(Object.keys(tensors)).toContain('optimizer.adam.m.fc.bias');
    expect(metadata.format).toBe('folio-checkpoint');
    s.dispose();
  });

  describe('rejects a broken file with a reason', () => {
    let good: CheckpointData;
    beforeAll(async () => {
      const { s, data } = await trainedCheckpoint(1);
      good = data;
      s.dispose();
    });
    const rejects = (bytes: Uint8Array, pattern: RegExp) => {
      expect(() => parseCheckpoint(bytes)).toThrow(CheckpointFormatError);
      expect(() => parseCheckpoint(bytes)).toThrow(pattern);
    };
    it('empty, random bytes and JSON', () => {
      rejects(new Uint8Array(), /too short/);
      rejects(Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256), /header/);
      rejects(new TextEncoder().encode('{"hello": "world"} and more text'), /header/);
    });
    it('truncated data', () => {
      const bytes = encodeCheckpoint(good);
      rejects(bytes.subarray(0, bytes.length - 10), /outside the file|truncated/);
    });
    it('a tensor of the wrong shape', () => {
      const w = good.weights['fc.weight'];
      const bad = { ...good, weights: { ...good.weights, 'fc.weight': { shape: [w.shape[1], w.shape[0]], data: w.data } } };
      rejects(encodeCheckpoint(bad), /fc\.weight.*shape/);
    });
    it('NaN weights', () => {
      const data = good.weights['gru.bias_ih_l0'].data.slice();
      data[3] = NaN;
      const bad = { ...good, weights: { ...good.weights, 'gru.bias_ih_l0': { shape: good.weights['gru.bias_ih_l0'].shape, data } } };
      rejects(encodeCheckpoint(bad), /NaN/);
    });
    it('a vocabulary that does not match the output layer, or repeats a character', () => {
      rejects(encodeCheckpoint({ ...good, vocabulary: good.vocabulary.slice(1) }), /vocabulary/i);
      const dup = [...good.vocabulary];
      dup[1] = dup[0];
      rejects(encodeCheckpoint({ ...good, vocabulary: dup }), /twice/);
    });
    it('a safetensors file that is not a folio checkpoint, or a newer version', () => {
      rejects(encodeSafetensors({ metadata: { format: 'pt' }, tensors: {} }), /not a folio checkpoint/);
      const { metadata, tensors } = parseSafetensors(encodeCheckpoint(good));
      rejects(encodeSafetensors({ metadata: { ...metadata, version: '99' }, tensors }), /version 99/);
      rejects(encodeSafetensors({ metadata, tensors: { ...tensors, extra: { shape: [1], data: new Float32Array(1) } } }), /does not know/);
      const missing = { ...tensors };
      delete missing['fc.bias'];
      rejects(encodeSafetensors({ metadata, tensors: missing }), /missing/);
    });
  });
});
