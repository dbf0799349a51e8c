import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../worker/tfjs';
import { checkpointSummary, encodeCheckpoint, parseCheckpoint } from './checkpointFile';
import { encodeSafetensors, parseSafetensors } from './safetensors';
import { CheckpointFormatError, type CheckpointData } from './types';
import { captureCheckpoint, restoreTrainer } from '../../worker/model/snapshot';
import { tinySetup } from '../../test/fixtures';
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
    expect(checkpointSummary(back, 'id1', 123, 'manual')).toMatchObject({
      id: 'id1',
      step: 3,
      sizeBytes: 123,
      reason: 'manual',
    });
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
      rejects(
        Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256),
        /not a folio checkpoint, or it is damaged/,
      );
      rejects(new TextEncoder().encode('{"hello": "world"} and more text'), /not a folio checkpoint, or it is damaged/);
    });
    it('truncated data', () => {
      const bytes = encodeCheckpoint(good);
      rejects(bytes.subarray(0, bytes.length - 10), /past the end of the file/);
    });
    it('header offsets out of range or overlapping, and byte lengths that do not fit the shape', () => {
      const bytes = encodeCheckpoint(good);
      const { metadata, tensors } = parseSafetensors(bytes);
      const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
      const rewrite = (edit: (h: Record<string, { data_offsets: number[]; shape: number[] }>) => void) => {
        const h = structuredClone(header);
        edit(h);
        const json = new TextEncoder().encode(JSON.stringify(h));
        const out = new Uint8Array(8 + json.length + (bytes.length - 8 - headerLength));
        new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
        out.set(json, 8);
        out.set(bytes.subarray(8 + headerLength), 8 + json.length);
        return out;
      };
      rejects(
        rewrite((h) => (h['fc.bias'].data_offsets = [0, 1e12])),
        /past the end of the file/,
      );
      rejects(
        rewrite(
          (h) =>
            (h['fc.bias'].data_offsets = [
              h['fc.weight'].data_offsets[0],
              h['fc.weight'].data_offsets[0] + 4 * h['fc.bias'].shape[0],
            ]),
        ),
        /overlap/,
      );
      rejects(
        rewrite((h) => (h['fc.bias'].data_offsets = [h['fc.bias'].data_offsets[0], h['fc.bias'].data_offsets[1] - 2])),
        /bytes but their size needs/,
      );
      rejects(
        rewrite((h) => (h['fc.bias'].shape = [1e8, 1e8])),
        /bytes but their size needs/,
      );
      expect(Object.keys(tensors).length).toBeGreaterThan(0);
      expect(metadata.format).toBe('folio-checkpoint');
    });
    it('a header that declares an absurd size (1 GB)', () => {
      const bytes = new Uint8Array(64);
      new DataView(bytes.buffer).setBigUint64(0, BigInt(2 ** 30), true);
      rejects(bytes, /not a folio checkpoint, or it is damaged: it does not begin the way a checkpoint file does/);
    });
    it('absurd model sizes and a malformed run state', () => {
      const { metadata, tensors } = parseSafetensors(encodeCheckpoint(good));
      const withMeta = (patch: Record<string, string>) =>
        encodeSafetensors({ metadata: { ...metadata, ...patch }, tensors });
      rejects(withMeta({ model: JSON.stringify({ ...good.model, units: 1e8 }) }), /out of range|GRU units/);
      rejects(withMeta({ model: JSON.stringify({ ...good.model, vocabSize: 1e7 }) }), /supports/);
      const state = JSON.parse(metadata.state);
      rejects(
        withMeta({ state: JSON.stringify({ ...state, position: { epoch: -1, batchInEpoch: 0 } }) }),
        /data position/,
      );
      rejects(withMeta({ state: JSON.stringify({ ...state, adam: { ...state.adam, beta1: 7 } }) }), /optimizer state/);
    });
    it('a tensor of the wrong shape', () => {
      const w = good.weights['fc.weight'];
      const bad = {
        ...good,
        weights: { ...good.weights, 'fc.weight': { shape: [w.shape[1], w.shape[0]], data: w.data } },
      };
      rejects(encodeCheckpoint(bad), /fc\.weight.*shape/);
    });
    it('NaN weights', () => {
      const data = good.weights['gru.bias_ih_l0'].data.slice();
      data[3] = NaN;
      const bad = {
        ...good,
        weights: { ...good.weights, 'gru.bias_ih_l0': { shape: good.weights['gru.bias_ih_l0'].shape, data } },
      };
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
      rejects(
        encodeSafetensors({ metadata, tensors: { ...tensors, extra: { shape: [1], data: new Float32Array(1) } } }),
        /does not know/,
      );
      const missing = { ...tensors };
      delete missing['fc.bias'];
      rejects(encodeSafetensors({ metadata, tensors: missing }), /missing/);
    });
  });
});
