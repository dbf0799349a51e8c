// folio_torch (python/) against the app: this file writes a checkpoint made by the app's own code to
// python/tests/.fixture/ (the Python suite reads it), then, when /usr/bin/python3 has torch, resumes it in
// PyTorch and checks that the app accepts the result, continues it the same way and writes the same greedy text.
// The same round trip runs for an LSTM (nn.LSTM, 2 layers) and a tanh RNN (nn.RNN) beside the GRU.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../worker/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RHYME, tinySetup } from './fixtures';
import { worstRatio } from './golden';
import { captureCheckpoint, restoreModel } from '../worker/model/snapshot';
import { encodeCheckpoint, parseCheckpoint } from '../shared/checkpoint/checkpointFile';
import { weightNames, type CheckpointData } from '../shared/checkpoint/types';
import { fingerprintText } from '../shared/data/text';
import { createRng, mixSeed } from '../shared/data/rng';
import { generateIds } from '../worker/generation/generate';
import { seedIdsFor } from '../worker/generation/seedText';
import type { Trainer } from '../worker/model/trainer';
import type { CellName } from '../shared/cell';

const ROOT = resolve(__dirname, '../..');
export const FIXTURE_DIR = resolve(ROOT, 'python/tests/.fixture');
const PYTHON = process.env.FOLIO_PYTHON ?? '/usr/bin/python3';
/** Steps the app trains before the checkpoint (past an epoch's end: 16 steps per epoch), and steps both sides continue after it. */
const BEFORE = 40;
const AFTER = 5;
const GREEDY = { seed: 'the ', length: 80 };

const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

function python(args: string[]) {
  const r = spawnSync(PYTHON, ['-m', 'folio_torch', ...args], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: resolve(ROOT, 'python') },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`folio_torch ${args[0]} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Cosine schedule with warmup and a tight clip, so the schedule and clipping are both exercised. */
const overrides = { lrSchedule: 'cosine', warmupSteps: 3, clipNorm: 1, evalEvery: 10, seed: 7 } as const;

let saved: CheckpointData;
const continued: { losses: number[]; weights?: CheckpointData['weights'] } = { losses: [] };

async function trainSteps(trainer: Trainer, n: number): Promise<number[]> {
  const losses: number[] = [];
  for (let i = 0; i < n; i++) losses.push((await trainer.trainOnce()).loss);
  return losses;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  const s = tinySetup(RHYME, overrides);
  await trainSteps(s.trainer, BEFORE);
  const identity = {
    runId: 'run-fixture',
    name: 'GRU 24 · rhyme · fixture',
    textName: 'rhyme.txt',
    textFingerprint: fingerprintText(RHYME),
    textCharacters: s.ids.length,
    vocabulary: s.vocab.chars,
  };
  saved = await captureCheckpoint(s.trainer, identity);
  const nextBatch = s.trainer.data.trainBatch(s.trainer.position);
  const validationLoss = await s.trainer.evaluate();
  continued.losses = await trainSteps(s.trainer, AFTER);
  continued.weights = await s.model.readWeights();
  s.dispose();

  mkdirSync(FIXTURE_DIR, { recursive: true });
  writeFileSync(resolve(FIXTURE_DIR, 'run.folio.safetensors'), encodeCheckpoint(saved));
  writeFileSync(resolve(FIXTURE_DIR, 'rhyme.txt'), RHYME);
  const rng = createRng(12345);
  const expected = {
    step: saved.step,
    position: saved.position,
    nextBatch: {
      inputs: Array.from(nextBatch.inputs),
      targets: Array.from(nextBatch.targets),
      time: nextBatch.time,
      batch: nextBatch.batch,
    },
    validationLoss,
    continuedLosses: continued.losses,
    rng: { seed: 12345, values: Array.from({ length: 8 }, () => rng.next()) },
    mixSeed: { parts: [7, 3, 0x0da7a], value: mixSeed(7, 3, 0x0da7a) },
    fingerprint: identity.textFingerprint,
  };
  writeFileSync(
    resolve(FIXTURE_DIR, 'expected.json'),
    JSON.stringify({ ...expected, deep: await writeDeepFixture(), cells: await writeCellFixtures() }, null, 1),
  );
});

/** Runs of the other cells: a checkpoint a few steps in, what the app does after it, and its greedy text. */
const CELL_RUNS = [
  { cell: 'lstm', layers: 2 },
  { cell: 'rnn', layers: 1 },
] as const satisfies readonly { cell: CellName; layers: number }[];
const CELL_BEFORE = 10;
const cellRuns: Partial<
  Record<CellName, { saved: CheckpointData; losses: number[]; weights: CheckpointData['weights'] }>
> = {};

async function writeCellFixtures() {
  const out: Record<string, unknown> = {};
  for (const { cell, layers } of CELL_RUNS) {
    const s = tinySetup(RHYME, overrides, { cell, layers });
    await trainSteps(s.trainer, CELL_BEFORE);
    const data = await captureCheckpoint(s.trainer, {
      runId: `run-${cell}`,
      name: `${cell} · rhyme · fixture`,
      textName: 'rhyme.txt',
      textFingerprint: fingerprintText(RHYME),
      textCharacters: s.ids.length,
      vocabulary: s.vocab.chars,
    });
    writeFileSync(resolve(FIXTURE_DIR, `${cell}.folio.safetensors`), encodeCheckpoint(data));
    const validationLoss = await s.trainer.evaluate();
    const vocab = { chars: s.vocab.chars, ids: new Map(s.vocab.chars.map((c, i) => [c, i])) };
    const ids = await generateIds(s.model, seedIdsFor(GREEDY.seed, vocab).seedIds, {
      length: 40,
      temperature: 0,
      samplingSeed: 1,
      onId: () => {},
    });
    cellRuns[cell] = { saved: data, losses: await trainSteps(s.trainer, AFTER), weights: await s.model.readWeights() };
    s.dispose();
    out[cell] = { validationLoss, greedy: { seed: GREEDY.seed, text: ids.map((i) => s.vocab.chars[i]).join('') } };
  }
  return out;
}

/** A 2-layer model with dropout, a few steps in: what PyTorch must load (nn.GRU num_layers=2) and agree with. */
async function writeDeepFixture() {
  const s = tinySetup(RHYME, { seed: 3 }, { layers: 2, dropout: 0.2 });
  await trainSteps(s.trainer, 6);
  const data = await captureCheckpoint(s.trainer, {
    runId: 'run-deep',
    name: '2 × GRU 24 · rhyme · fixture',
    textName: 'rhyme.txt',
    textFingerprint: fingerprintText(RHYME),
    textCharacters: s.ids.length,
    vocabulary: s.vocab.chars,
  });
  writeFileSync(resolve(FIXTURE_DIR, 'deep.folio.safetensors'), encodeCheckpoint(data));
  const vocab = { chars: s.vocab.chars, ids: new Map(s.vocab.chars.map((c, i) => [c, i])) };
  const ids = await generateIds(s.model, seedIdsFor(GREEDY.seed, vocab).seedIds, {
    length: 40,
    temperature: 0,
    samplingSeed: 1,
    onId: () => {},
  });
  const deep = {
    validationLoss: await s.trainer.evaluate(),
    greedy: { seed: GREEDY.seed, text: ids.map((i) => s.vocab.chars[i]).join('') },
  };
  s.dispose();
  return deep;
}

describe('folio_torch fixture', () => {
  it('is a checkpoint the app itself reads back', () => {
    const bytes = readFileSync(resolve(FIXTURE_DIR, 'run.folio.safetensors'));
    const parsed = parseCheckpoint(new Uint8Array(bytes));
    expect(parsed.step).toBe(BEFORE);
    expect(parsed.position.epoch).toBe(2); // the resumed batches come from a later epoch's order
  });
});

/** The app's greedy text from a parsed checkpoint, and folio_torch's from the same file. */
async function greedyTexts(path: string, length: number): Promise<{ app: string; torch: string }> {
  const back = parseCheckpoint(new Uint8Array(readFileSync(path)));
  const { model, adam } = restoreModel(back);
  const vocab = { chars: back.vocabulary, ids: new Map(back.vocabulary.map((c, i) => [c, i])) };
  const ids = await generateIds(model, seedIdsFor(GREEDY.seed, vocab).seedIds, {
    length,
    temperature: 0,
    samplingSeed: 1,
    onId: () => {},
  });
  model.dispose();
  adam.dispose();
  const args = ['generate', path, '--seed-text', GREEDY.seed, '--length', String(length), '--temperature', '0'];
  return { app: ids.map((i) => back.vocabulary[i]).join(''), torch: python(args) };
}

describe.skipIf(!hasTorch).each(CELL_RUNS)('folio_torch round trip of a $layers-layer $cell', ({ cell }) => {
  const exported = resolve(FIXTURE_DIR, `${cell}-resumed.folio.safetensors`);

  it('resumes in PyTorch to a checkpoint the app parses, with the losses and weights the app reaches', () => {
    const run = cellRuns[cell]!;
    const file = resolve(FIXTURE_DIR, `${cell}.folio.safetensors`);
    const text = resolve(FIXTURE_DIR, 'rhyme.txt');
    python(['resume', file, text, '--steps', String(AFTER), '--out', exported, '--device', 'cpu', '--quiet']);
    const back = parseCheckpoint(new Uint8Array(readFileSync(exported)));
    expect(back.model.cell).toBe(cell);
    expect(back.step).toBe(CELL_BEFORE + AFTER);
    const losses = back.history.train.slice(CELL_BEFORE).map((p) => p.loss);
    expect(worstRatio(losses, run.losses, 1e-4, 0)).toBeLessThanOrEqual(1);
    for (const name of weightNames(back.model)) {
      expect(name.startsWith('gru.')).toBe(false);
      expect(worstRatio(back.weights[name].data, run.weights[name].data, 1e-3, 1e-5), name).toBeLessThanOrEqual(1);
    }
  });

  it('writes the same greedy text in the app as `generate --temperature 0`', async () => {
    const { app, torch } = await greedyTexts(exported, GREEDY.length);
    expect(torch).toBe(app);
    expect(app.length).toBe(GREEDY.length);
  });
});

describe.skipIf(!hasTorch)('folio_torch round trip (needs torch in /usr/bin/python3)', () => {
  const exported = resolve(FIXTURE_DIR, 'resumed.folio.safetensors');

  it('resumes in PyTorch to a checkpoint the app parses, with the weights the app reaches', () => {
    python([
      'resume',
      resolve(FIXTURE_DIR, 'run.folio.safetensors'),
      resolve(FIXTURE_DIR, 'rhyme.txt'),
      '--steps',
      String(AFTER),
      '--out',
      exported,
      '--device',
      'cpu',
      '--quiet',
    ]);
    const back = parseCheckpoint(new Uint8Array(readFileSync(exported)));
    expect(back.step).toBe(BEFORE + AFTER);
    expect(back.adam.step).toBe(BEFORE + AFTER);
    expect(back.runId).toBe(saved.runId);
    expect(back.train).toEqual(saved.train);
    expect(back.history.train.map((p) => p.step)).toEqual(Array.from({ length: BEFORE + AFTER }, (_, i) => i + 1));
    const losses = back.history.train.slice(BEFORE).map((p) => p.loss);
    expect(worstRatio(losses, continued.losses, 1e-4, 0)).toBeLessThanOrEqual(1);
    for (const name of weightNames(back.model)) {
      expect(worstRatio(back.weights[name].data, continued.weights![name].data, 1e-3, 1e-5), name).toBeLessThanOrEqual(
        1,
      );
    }
  });

  it('writes the same greedy text in the app as `generate --temperature 0`', async () => {
    const back = parseCheckpoint(new Uint8Array(readFileSync(exported)));
    const { model } = restoreModel(back);
    const vocab = { chars: back.vocabulary, ids: new Map(back.vocabulary.map((c, i) => [c, i])) };
    const { seedIds } = seedIdsFor(GREEDY.seed, vocab);
    const ids = await generateIds(model, seedIds, {
      length: GREEDY.length,
      temperature: 0,
      samplingSeed: 1,
      onId: () => {},
    });
    model.dispose();
    const app = ids.map((i) => back.vocabulary[i]).join('');
    const torch = python([
      'generate',
      exported,
      '--seed-text',
      GREEDY.seed,
      '--length',
      String(GREEDY.length),
      '--temperature',
      '0',
    ]);
    expect(torch).toBe(app);
    expect(app.length).toBe(GREEDY.length);
  });
});
