// Checkpoints of each cell: PyTorch's names and shapes (lstm.weight_ih_l0 [4H, E], rnn.weight_hh_l0 [H, H]),
// the cell in the metadata, exact resumes; version-2 files as GRUs; tensors of another cell refused by name.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../worker/tfjs';
import { encodeCheckpoint, parseCheckpoint } from './checkpointFile';
import { encodeSafetensors, parseSafetensors } from './safetensors';
import { CheckpointFormatError, weightNames, type CheckpointData } from './types';
import { restoreTrainer } from '../../worker/model/snapshot';
import { trainedCheckpoint } from '../../test/trainedCheckpoint';
import type { ModelConfig } from '../config';
import type { CellName } from '../cell';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const checkpointOf = (shape: Partial<ModelConfig>, steps = 2) => trainedCheckpoint(shape, steps, 'run-cell');

/** The file's tensors renamed from one cell's prefix to another's (shapes kept). */
function renamed(tensors: Record<string, { shape: number[]; data: Float32Array }>, from: CellName, to: CellName) {
  return Object.fromEntries(Object.entries(tensors).map(([n, t]) => [n.replace(`${from}.`, `${to}.`), t]));
}

describe.each([
  ['lstm', 4],
  ['rnn', 1],
] as const)('%s checkpoints', (cell, gates) => {
  let good: CheckpointData;
  let bytes: Uint8Array;

  it('use PyTorch names and shapes, record the cell, and resume exactly (2 layers, dropout)', async () => {
    const { s, data } = await checkpointOf({ cell, layers: 2, dropout: 0.2 });
    good = data;
    bytes = encodeCheckpoint(data);
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata.version).toBe('3');
    expect(JSON.parse(metadata.model)).toMatchObject({ cell, layers: 2 });
    expect(tensors[`${cell}.weight_ih_l0`].shape).toEqual([gates * 24, 8]);
    expect(tensors[`${cell}.weight_hh_l1`].shape).toEqual([gates * 24, 24]);
    expect(tensors[`optimizer.adam.m.${cell}.bias_ih_l1`].shape).toEqual([gates * 24]);
    expect(Object.keys(tensors).some((n) => n.includes('gru.'))).toBe(false);
    const back = parseCheckpoint(bytes);
    expect(back).toEqual(data);
    const resumed = restoreTrainer(back, s.trainer.data);
    expect(resumed.model.cell.name).toBe(cell);
    const original: number[] = [];
    const again: number[] = [];
    for (let i = 0; i < 2; i++) original.push((await s.trainer.trainOnce()).loss);
    for (let i = 0; i < 2; i++) again.push((await resumed.trainOnce()).loss);
    expect(again).toEqual(original);
    s.dispose();
    resumed.model.dispose();
    resumed.adam.dispose();
  });

  it('refuse tensors of another cell, by name', () => {
    const { metadata, tensors } = parseSafetensors(bytes);
    const asGru = encodeSafetensors({ metadata, tensors: renamed(tensors, cell, 'gru') });
    expect(() => parseCheckpoint(asGru)).toThrow(CheckpointFormatError);
    expect(() => parseCheckpoint(asGru)).toThrow(
      new RegExp(`declares an ${cell.toUpperCase()} cell, but it holds GRU tensors \\("gru\\.weight_ih_l0"\\)`),
    );
    // The same file said to be a GRU: its tensors are not a GRU's.
    const declaredGru = { ...metadata, model: JSON.stringify({ ...good.model, cell: 'gru' }) };
    expect(() => parseCheckpoint(encodeSafetensors({ metadata: declaredGru, tensors }))).toThrow(
      new RegExp(`declares a GRU cell, but it holds ${cell.toUpperCase()} tensors \\("${cell}\\.weight_ih_l0"\\)`),
    );
  });

  it('refuse a declared cell folio does not know', () => {
    const { metadata, tensors } = parseSafetensors(bytes);
    const odd = { ...metadata, model: JSON.stringify({ ...good.model, cell: 'transformer' }) };
    expect(() => parseCheckpoint(encodeSafetensors({ metadata: odd, tensors }))).toThrow(
      /Cell must be GRU, LSTM or RNN/,
    );
  });
});

describe('GRU checkpoints from before cells', () => {
  it('read a version-2 file (no cell in its settings) as a GRU under gru.* names', async () => {
    const { s, data } = await checkpointOf({ layers: 2 }, 1);
    s.dispose();
    const { metadata, tensors } = parseSafetensors(encodeCheckpoint(data));
    const { cell: _cell, ...older } = data.model;
    const v2 = encodeSafetensors({ metadata: { ...metadata, version: '2', model: JSON.stringify(older) }, tensors });
    const back = parseCheckpoint(v2);
    expect(back.model.cell).toBe('gru');
    expect(Object.keys(back.weights)).toEqual(weightNames({ layers: 2 }));
  });
});
