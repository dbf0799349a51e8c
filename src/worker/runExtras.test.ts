// The worker's run extras (samples, schedule, early stopping, best snapshots) end to end on the CPU backend: samples, schedule, early stopping with a best
// checkpoint, rare-character merging through checkpoints, and the time estimate.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tfjs';
import { TrainingSession } from './session';
import type { WorkerEvent } from '../shared/protocol';
import { PRESETS, TRAIN_DEFAULTS, type TrainConfig } from '../shared/config';
import { encodeSafetensors, parseSafetensors } from '../shared/checkpoint/safetensors';
import { learningRateAt } from '../shared/schedule';
import { parseCheckpoint } from '../shared/checkpoint/checkpointFile';
import { createRng } from '../shared/data/rng';
import { RHYME } from '../test/fixtures';
import { sampleDue, sampleSeedText, SAMPLE_LENGTH } from './trainingSamples';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Of<T extends WorkerEvent['type']> = Extract<WorkerEvent, { type: T }>;

function harness() {
  const events: WorkerEvent[] = [];
  const session = new TrainingSession((e) => events.push(e));
  const all = <T extends WorkerEvent['type']>(type: T) => events.filter((e): e is Of<T> => e.type === type);
  const waitFor = async <T extends WorkerEvent['type']>(
    type: T,
    pred: (e: Of<T>) => boolean = () => true,
    timeoutMs = 30_000,
  ) => {
    const t0 = Date.now();
    for (;;) {
      const hit = all(type).find(pred);
      if (hit) return hit;
      if (Date.now() - t0 > timeoutMs) throw new Error(`no ${type} event; got ${events.map((e) => e.type).join(',')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const load = async (text: string) => {
    await session.handle({ type: 'init', backend: 'cpu' });
    await session.handle({
      type: 'loadText',
      name: 'fixture.txt',
      bytes: new TextEncoder().encode(text).buffer as ArrayBuffer,
    });
    return waitFor('textLoaded');
  };
  return { events, session, all, waitFor, load };
}

/** Random letters: nothing to learn beyond their frequencies, so validation stops improving early. */
function noise(n: number, seed: number): string {
  const rng = createRng(seed);
  const letters = 'abcdefgh ';
  return Array.from({ length: n }, () => letters[rng.int(letters.length)]).join('');
}

const model = { embeddingDim: 8, units: 16 };
const train: TrainConfig = {
  ...PRESETS.tiny.train,
  batchSize: 4,
  windowLength: 10,
  epochs: 1,
  evalEvery: 5,
  checkpointEvery: 0,
  sampleEvery: 0,
};

async function runToEnd(text: string, cfg: TrainConfig, extra: { mergeRareBelow?: number } = {}) {
  const h = harness();
  await h.load(text);
  await h.session.handle({ type: 'start', model, train: cfg, ...extra });
  await h.waitFor('runState', (e) => e.state === 'stopped');
  return h;
}

describe('samples during training', () => {
  it('come every N steps from the fixed seed, and do not change the training at all', async () => {
    const before = tf.memory().numTensors;
    const withSamples = await runToEnd(RHYME, { ...train, sampleEvery: 10 });
    expect(tf.memory().numTensors - before).toBe(8); // only the live run: 7 weights + the Adam moments buffer
    const without = await runToEnd(RHYME, train);
    const samples = withSamples.all('trainingSample').map((e) => e.sample);
    const steps = withSamples.all('progress').at(-1)!.step;
    expect(samples.map((s) => s.step)).toEqual(Array.from({ length: Math.floor(steps / 10) }, (_, i) => (i + 1) * 10));
    expect(samples.every((s) => s.seed === sampleSeedText(RHYME) && [...s.text].length === SAMPLE_LENGTH)).toBe(true);
    expect(without.all('trainingSample')).toEqual([]);
    const losses = (h: typeof without) => h.all('progress').flatMap((e) => e.newTrain);
    expect(losses(withSamples)).toEqual(losses(without));
    // The final checkpoint keeps the latest sample.
    const last = withSamples.all('checkpoint').at(-1)!;
    expect(last.summary.sample).toEqual(samples.at(-1));
    expect(parseCheckpoint(new Uint8Array(last.bytes)).sample).toEqual(samples.at(-1));
  });

  it('is due only on multiples of the interval, never when off', () => {
    expect([0, 5, 10, 15, 20].map((s) => sampleDue(s, 10))).toEqual([false, false, true, false, true]);
    expect(sampleDue(10, 0)).toBe(false);
  });

  it('seeds from the first line of the text', () => {
    expect(sampleSeedText('ROMEO:\nBut soft')).toBe('ROMEO:\n');
    expect(sampleSeedText('x'.repeat(100))).toBe('x'.repeat(24));
  });
});

describe('learning-rate schedule', () => {
  it('is applied per step and reported in progress events', async () => {
    const cfg: TrainConfig = { ...train, lrSchedule: 'cosine', warmupSteps: 5 };
    const h = await runToEnd(RHYME, cfg);
    const total = h.all('modelReady')[0].stepsPerEpoch * cfg.epochs;
    for (const e of h.all('progress')) expect(e.learningRate).toBeCloseTo(learningRateAt(e.step - 1, cfg, total), 12);
  });
});

describe('early stopping and the best checkpoint', () => {
  it('stops when validation stops improving and saves the best weights as a checkpoint', async () => {
    const tensors = tf.memory().numTensors;
    const cfg: TrainConfig = {
      ...train,
      batchSize: 8,
      windowLength: 16,
      validationShare: 0.2,
      learningRate: 0.05,
      epochs: 50,
      earlyStopPatience: 2,
    };
    const h = await runToEnd(noise(1500, 7), cfg);
    const stopped = h.all('runState').at(-1)!;
    expect(stopped.message).toMatch(/Stopped early/);
    const validation = h.all('progress').flatMap((e) => e.newValidation);
    const best = validation.reduce((a, b) => (b.loss < a.loss ? b : a));
    // Two evaluations after the best, no better one.
    expect(validation.at(-1)!.step - best.step).toBe(2 * cfg.evalEvery);
    const bestCheckpoint = h.all('checkpoint').find((e) => e.summary.reason === 'best')!;
    expect(bestCheckpoint.summary).toMatchObject({ step: best.step, validationLoss: best.loss });
    expect(h.all('checkpoint').at(-1)!.summary.reason).toBe('stop');
    // Restoring it gives a run at the best step, whose history ends at the best evaluation.
    await h.session.handle({ type: 'loadCheckpoint', name: 'best', bytes: bestCheckpoint.bytes.slice(0) });
    const ready = await h.waitFor('modelReady', (e) => e.source === 'best');
    expect(ready.step).toBe(best.step);
    expect(ready.history.validation.at(-1)).toEqual(best);
    await h.session.handle({ type: 'loadCheckpoint', name: 'x', bytes: new Uint8Array(0).buffer }); // refused, run kept
    expect(tf.memory().numTensors - tensors).toBe(8); // the loaded run: 7 weights + the moments buffer
  });
});

describe('Restore best at the end', () => {
  const cfg: TrainConfig = {
    ...train,
    batchSize: 8,
    windowLength: 16,
    validationShare: 0.2,
    learningRate: 0.05,
    epochs: 50,
    earlyStopPatience: 2,
  };
  /** SHA-256 of every live tensor (fresh readback), through the test probe. */
  async function probe(h: ReturnType<typeof harness>) {
    const before = h.all('liveState').length;
    await h.session.handle({ type: 'debugProbe' });
    return h.all('liveState')[before];
  }

  it('leaves the live model on its best validation step when the run stops early', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', backend: 'cpu', allowFaults: true });
    await h.session.handle({
      type: 'loadText',
      name: 'noise.txt',
      bytes: new TextEncoder().encode(noise(1500, 7)).buffer as ArrayBuffer,
    });
    await h.waitFor('textLoaded');
    await h.session.handle({ type: 'start', model, train: { ...cfg, restoreBest: true } });
    await h.waitFor('runState', (e) => e.state === 'stopped');
    const stopped = h.all('runState').at(-1)!;
    const best = h.all('checkpoint').find((e) => e.summary.reason === 'best')!;
    const last = h.all('checkpoint').at(-1)!;
    expect(last.summary.step).toBeGreaterThan(best.summary.step);
    expect(stopped.message).toMatch(/Stopped early.*now holds those weights/);
    expect(h.all('modelReady').at(-1)).toMatchObject({
      step: best.summary.step,
      source: `best of the run (step ${best.summary.step})`,
    });
    // The live state is the best checkpoint's: load that file into the session and compare fresh readbacks.
    const live = await probe(h);
    expect(live.step).toBe(best.summary.step);
    expect(live.validationLoss).toBeCloseTo(best.summary.validationLoss!, 5);
    await h.session.handle({ type: 'loadCheckpoint', name: 'best', bytes: best.bytes.slice(0) });
    expect((await probe(h)).tensors).toEqual(live.tensors);
    // Training on from the restored best works, from its step.
    await h.session.handle({ type: 'resume' });
    await h.waitFor('progress', (e) => e.step > best.summary.step);
  });

  it('is off for runs without it: the live model stays on its last step', async () => {
    const h = await runToEnd(noise(1500, 7), { ...cfg, restoreBest: false });
    expect(h.all('runState').at(-1)!.message).toMatch(/“Restore best” loads it/);
    expect(h.all('modelReady')).toHaveLength(1);
  });
});

describe('rare-character merging', () => {
  const text = `${RHYME}Q Z`;

  it('builds the vocabulary with one symbol for rare characters, and keeps the map in checkpoints', async () => {
    const h = await runToEnd(text, train, { mergeRareBelow: 3 });
    const ready = h.all('modelReady')[0];
    const distinct = new Set(text).size;
    expect(ready.model.vocabSize).toBe(distinct - 2 + 1); // Q and Z become one symbol
    const data = parseCheckpoint(new Uint8Array(h.all('checkpoint').at(-1)!.bytes));
    expect(data.charMap).toEqual({ symbol: '\uFFFD', below: 3, merged: ['Q', 'Z'] });
    expect(data.vocabulary).toContain('\uFFFD');

    // Loaded again, the map still holds: a seed with a merged character is encoded, not dropped.
    const again = harness();
    await again.session.handle({ type: 'init', backend: 'cpu' });
    await again.session.handle({
      type: 'loadCheckpoint',
      name: 'merged',
      bytes: h.all('checkpoint').at(-1)!.bytes.slice(0),
    });
    await again.waitFor('modelReady');
    await again.session.handle({ type: 'generate', seed: 'Q', length: 3, temperature: 0, samplingSeed: 1 });
    expect((await again.waitFor('generationStarted')).unknownCharacters).toEqual([]);
    await again.waitFor('generationDone');
  });

  it('refuses a threshold that would merge every character', async () => {
    const h = harness();
    await h.load(text);
    await h.session.handle({ type: 'start', model, train, mergeRareBelow: 1_000_000 });
    expect((await h.waitFor('notice')).message).toMatch(/Every character/);
  });
});

describe('time estimate', () => {
  it('times a few steps of a throwaway model and multiplies by the steps per epoch', async () => {
    const h = harness();
    const loaded = await h.load(RHYME);
    expect(loaded.histogram?.[0]).toEqual({ char: ' ', count: [...RHYME].filter((c) => c === ' ').length });
    const tensors = tf.memory().numTensors;
    await h.session.handle({ type: 'estimateTime', model, train });
    const { estimate } = await h.waitFor('timeEstimate');
    expect(estimate).not.toBeNull();
    expect(estimate!.msPerStep).toBeGreaterThan(0);
    expect(estimate!.secondsPerEpoch).toBeCloseTo((estimate!.msPerStep * estimate!.stepsPerEpoch) / 1000, 9);
    expect(estimate!).toMatchObject({ backend: 'cpu', kernels: 'reference', batchSize: train.batchSize });
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('explains why there is no estimate without a text', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', backend: 'cpu' });
    await h.session.handle({ type: 'estimateTime', model, train });
    expect(await h.waitFor('timeEstimate')).toMatchObject({ estimate: null, message: expect.stringMatching(/text/) });
  });
});

describe('older checkpoints', () => {
  it('load with the new settings at their defaults', async () => {
    const h = await runToEnd(RHYME, { ...train, sampleEvery: 10, earlyStopPatience: 3 });
    const file = parseSafetensors(new Uint8Array(h.all('checkpoint').at(-1)!.bytes));
    const { lrSchedule, warmupSteps, sampleEvery, earlyStopPatience, restoreBest, ...oldTrain } = JSON.parse(
      file.metadata.train,
    ) as TrainConfig;
    expect([lrSchedule, warmupSteps, sampleEvery, earlyStopPatience, restoreBest]).toEqual([
      'constant',
      0,
      10,
      3,
      true,
    ]);
    const { sample, ...oldMetadata } = file.metadata;
    expect(sample).toBeDefined();
    const old = encodeSafetensors({
      metadata: { ...oldMetadata, train: JSON.stringify(oldTrain) },
      tensors: file.tensors,
    });
    const data = parseCheckpoint(old);
    expect(data.train).toEqual({ ...oldTrain, ...TRAIN_DEFAULTS });
    expect(data.sample).toBeUndefined();
    expect(data.charMap).toBeUndefined();
  });
});
