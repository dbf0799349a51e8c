// Checkpoints of stacked GRUs: per-layer PyTorch names, version-1 files as one layer, inconsistent layers refused.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../worker/tfjs';
import { encodeCheckpoint, parseCheckpoint } from './checkpointFile';
import { encodeSafetensors, parseSafetensors } from './safetensors';
import { CheckpointFormatError, weightNames, type CheckpointData } from './types';
import { restoreTrainer } from '../../worker/model/snapshot';
import { trainedCheckpoint } from '../../test/trainedCheckpoint';
import type { ModelConfig } from '../config';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const checkpointOf = (shape: Partial<ModelConfig>, steps = 2) => trainedCheckpoint(shape, steps, 'run-2');

const rejects = (bytes: Uint8Array, pattern: RegExp) => {
  expect(() => parseCheckpoint(bytes)).toThrow(CheckpointFormatError);
  expect(() => parseCheckpoint(bytes)).toThrow(pattern);
};

describe('layered checkpoints', () => {
  it('round-trips a 2-layer model with dropout under PyTorch names, and resumes exactly (same dropout masks)', async () => {
    const { s, data } = await checkpointOf({ layers: 2, dropout: 0.2 });
    const bytes = encodeCheckpoint(data);
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata.version).toBe('3');
    expect(JSON.parse(metadata.model)).toMatchObject({ layers: 2, dropout: 0.2, embeddingDropout: false });
    expect(tensors['gru.weight_ih_l0'].shape).toEqual([72, 8]);
    expect(tensors['gru.weight_ih_l1'].shape).toEqual([72, 24]); // layer 1 reads H inputs
    expect(tensors['optimizer.adam.v.gru.bias_hh_l1'].shape).toEqual([72]);
    const back = parseCheckpoint(bytes);
    expect(back).toEqual(data);
    const resumed = restoreTrainer(back, s.trainer.data);
    const original: number[] = [];
    const again: number[] = [];
    for (let i = 0; i < 2; i++) original.push((await s.trainer.trainOnce()).loss);
    for (let i = 0; i < 2; i++) again.push((await resumed.trainOnce()).loss);
    expect(again).toEqual(original);
    s.dispose();
    resumed.model.dispose();
    resumed.adam.dispose();
  });

  it('reads a version-1 file (no layers or dropout in its settings) as one layer without dropout', async () => {
    const { s, data } = await checkpointOf({}, 1);
    s.dispose();
    const { metadata, tensors } = parseSafetensors(encodeCheckpoint(data));
    const { vocabSize, embeddingDim, units } = data.model;
    const v1 = encodeSafetensors({
      metadata: { ...metadata, version: '1', model: JSON.stringify({ vocabSize, embeddingDim, units }) },
      tensors,
    });
    const back = parseCheckpoint(v1);
    expect(back.model).toEqual({
      vocabSize,
      embeddingDim,
      units,
      cell: 'gru',
      layers: 1,
      dropout: 0,
      embeddingDropout: false,
    });
    expect(Object.keys(back.weights)).toEqual(weightNames({ layers: 1 }));
  });

  describe('refuses layer tensors that do not fit the declared layers', () => {
    let good: CheckpointData;
    beforeAll(async () => {
      const { s, data } = await checkpointOf({ layers: 2 }, 1);
      good = data;
      s.dispose();
    });
    const parts = () => parseSafetensors(encodeCheckpoint(good));

    it('a missing layer', () => {
      const { metadata, tensors } = parts();
      const kept = Object.fromEntries(Object.entries(tensors).filter(([n]) => !/_l1$/.test(n)));
      rejects(encodeSafetensors({ metadata, tensors: kept }), /declares 2 GRU layers, but GRU layer 1 is missing/);
      const oneMissing = { ...tensors };
      delete oneMissing['gru.bias_hh_l1'];
      rejects(encodeSafetensors({ metadata, tensors: oneMissing }), /"gru\.bias_hh_l1" is missing/);
    });
    it('an extra layer', () => {
      const { metadata, tensors } = parts();
      rejects(
        encodeSafetensors({ metadata: { ...metadata, model: JSON.stringify({ ...good.model, layers: 1 }) }, tensors }),
        /declares 1 GRU layer, but it holds tensors of layer 1/,
      );
      const third = { ...tensors, 'gru.weight_hh_l2': tensors['gru.weight_hh_l1'] };
      rejects(encodeSafetensors({ metadata, tensors: third }), /holds tensors of layer 2/);
    });
    it('a layer tensor of the wrong shape', () => {
      const { metadata, tensors } = parts();
      const wrong = { ...tensors, 'gru.weight_ih_l1': tensors['gru.weight_ih_l0'] }; // [3H, E] where [3H, H] belongs
      rejects(
        encodeSafetensors({ metadata, tensors: wrong }),
        /"gru\.weight_ih_l1" has shape \[72,8\], but the model needs \[72,24\]/,
      );
    });
    it('layers or dropout out of range', () => {
      const { metadata, tensors } = parts();
      const withModel = (patch: object) =>
        encodeSafetensors({ metadata: { ...metadata, model: JSON.stringify({ ...good.model, ...patch }) }, tensors });
      rejects(withModel({ layers: 4 }), /Layers must be a whole number from 1 to 3/);
      rejects(withModel({ dropout: 0.9 }), /Dropout must be a number from 0 to 0\.5/);
    });
  });
});
