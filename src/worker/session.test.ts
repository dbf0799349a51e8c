import { describe, expect, it } from 'vitest';
import * as tf from './tfjs';
import { PRESETS } from '../shared/config';
import { RHYME } from '../test/fixtures';
import { encodeCheckpoint, parseCheckpoint } from '../shared/checkpoint/checkpointFile';
import { sessionHarness } from '../test/sessionHarness';

const harness = () => sessionHarness();

const model = { embeddingDim: 8, units: 16 };
const train = { ...PRESETS.tiny.train, batchSize: 4, windowLength: 10, epochs: 1, evalEvery: 5, checkpointEvery: 0 };

describe('TrainingSession', () => {
  it('loads a text, trains, pauses with a checkpoint, resumes, and generates', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', backend: 'cpu' });
    expect(await h.waitFor('ready')).toMatchObject({ backend: 'cpu' });
    await h.session.handle({ type: 'loadText', name: 'rhyme.txt', bytes: h.bytes(RHYME) });
    expect(await h.waitFor('textLoaded')).toMatchObject({ characters: RHYME.length });
    await h.session.handle({ type: 'start', model, train });
    await h.waitFor('modelReady');
    await h.waitFor('progress', (e) => e.step >= 3);
    // A save asked for mid-training lands at the next step boundary.
    await h.session.handle({ type: 'saveCheckpoint', reason: 'manual' });
    expect((await h.waitFor('checkpoint', (e) => e.summary.reason === 'manual')).summary.step).toBeGreaterThanOrEqual(
      3,
    );
    await h.session.handle({ type: 'pause' });
    const paused = await h.waitFor('runState', (e) => e.state === 'paused');
    const ckpt = await h.waitFor('checkpoint', (e) => e.summary.reason === 'pause');
    expect(ckpt.summary.step).toBe(paused.step);
    // The chart gets every point: progress events together hold steps 1..n without gaps.
    const steps = h.events.flatMap((e) => (e.type === 'progress' ? e.newTrain.map((p) => p.step) : []));
    expect(steps).toEqual(Array.from({ length: paused.step }, (_, i) => i + 1));

    await h.session.handle({ type: 'generate', seed: 'the c', length: 30, temperature: 0, samplingSeed: 1 });
    await h.waitFor('generationDone');
    const text = h.events.flatMap((e) => (e.type === 'generated' ? [e.text] : [])).join('');
    expect(text.startsWith('the c')).toBe(true);
    expect([...text]).toHaveLength(35);

    await h.session.handle({ type: 'resume' });
    await h.waitFor('runState', (e) => e.state === 'training');
    await h.session.handle({ type: 'stop' });
    const stopped = await h.waitFor('runState', (e) => e.state === 'stopped');
    expect(stopped.step).toBeGreaterThan(paused.step);
  });

  it('reports unknown seed characters, rejects bad text and bad checkpoints with messages', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', backend: 'cpu' });
    await h.session.handle({ type: 'loadText', name: 'bin', bytes: new Uint8Array([0, 1, 2, 0]).buffer });
    expect((await h.waitFor('textRejected')).message).toMatch(/binary/);
    await h.session.handle({ type: 'loadCheckpoint', name: 'junk.bin', bytes: new Uint8Array(40).buffer });
    expect((await h.waitFor('notice', (e) => e.level === 'error')).message).toMatch(/junk\.bin.*could not be loaded/);
    await h.session.handle({ type: 'loadText', name: 'rhyme.txt', bytes: h.bytes(RHYME) });
    await h.session.handle({ type: 'start', model, train: { ...train, epochs: 1 } });
    await h.session.handle({ type: 'pause' });
    await h.waitFor('runState', (e) => e.state === 'paused');
    await h.session.handle({ type: 'generate', seed: 'QZ the', length: 5, temperature: 0.5, samplingSeed: 2 });
    expect((await h.waitFor('generationStarted')).unknownCharacters).toEqual(['Q', 'Z']);
    await h.waitFor('generationDone');
  });

  it('restores a checkpoint exactly and keeps the tensor count stable', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', backend: 'cpu' });
    await h.session.handle({ type: 'loadText', name: 'rhyme.txt', bytes: h.bytes(RHYME) });
    await h.session.handle({ type: 'start', model, train });
    await h.waitFor('progress', (e) => e.step >= 2);
    await h.session.handle({ type: 'pause' });
    const ckpt = await h.waitFor('checkpoint');
    const greedy = async () => {
      const from = h.events.length;
      await h.session.handle({ type: 'generate', seed: 'the ', length: 40, temperature: 0, samplingSeed: 1 });
      await h.waitFor('generationDone', (e) => h.events.indexOf(e) >= from);
      return h.events
        .slice(from)
        .flatMap((e) => (e.type === 'generated' ? [e.text] : []))
        .join('');
    };
    const before = await greedy();
    const tensors = tf.memory().numTensors;
    await h.session.handle({ type: 'loadCheckpoint', name: 'saved', bytes: ckpt.bytes.slice(0) });
    const ready = await h.waitFor('modelReady', (e) => e.source === 'saved');
    expect(ready.step).toBe(ckpt.summary.step);
    expect(ready.history.train.length).toBe(ckpt.summary.step);
    expect(await greedy()).toBe(before);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('refuses a checkpoint with a wrong-shaped tensor before touching the live model', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', backend: 'cpu' });
    await h.session.handle({ type: 'loadText', name: 'rhyme.txt', bytes: h.bytes(RHYME) });
    await h.session.handle({ type: 'start', model, train });
    await h.waitFor('progress', (e) => e.step >= 2);
    await h.session.handle({ type: 'pause' });
    const ckpt = await h.waitFor('checkpoint');
    const good = parseCheckpoint(new Uint8Array(ckpt.bytes));
    const w = good.weights['gru.weight_hh_l0'];
    const bad = encodeCheckpoint({
      ...good,
      weights: { ...good.weights, 'gru.weight_hh_l0': { shape: [w.shape[1], w.shape[0]], data: w.data } },
    });
    const liveBefore = parseCheckpoint(new Uint8Array(await saveNow(h)));
    const tensors = tf.memory().numTensors;
    await h.session.handle({ type: 'loadCheckpoint', name: 'bad.folio.safetensors', bytes: bad.buffer as ArrayBuffer });
    expect((await h.waitFor('notice', (e) => /bad\.folio/.test(e.message))).message).toMatch(
      /gru\.weight_hh_l0.*shape/,
    );
    expect(tf.memory().numTensors).toBe(tensors);
    const liveAfter = parseCheckpoint(new Uint8Array(await saveNow(h)));
    expect(liveAfter.weights).toEqual(liveBefore.weights);
    expect(liveAfter.moments).toEqual(liveBefore.moments);
  });

  it('keeps the tensor count stable over 100 training steps and 10 generations', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', backend: 'cpu' });
    await h.session.handle({ type: 'loadText', name: 'rhyme.txt', bytes: h.bytes(RHYME) });
    await h.session.handle({ type: 'start', model, train: { ...train, epochs: 20 } });
    await h.waitFor('progress', (e) => e.step >= 1);
    await h.session.handle({ type: 'pause' });
    await h.waitFor('runState', (e) => e.state === 'paused');
    const tensors = tf.memory().numTensors;
    await h.session.handle({ type: 'resume' });
    await h.waitFor('progress', (e) => e.step >= 101, 60_000);
    await h.session.handle({ type: 'pause' });
    await h.waitFor('runState', (e) => e.state === 'paused' && e.step > 100);
    expect(tf.memory().numTensors).toBe(tensors);
    for (let i = 0; i < 10; i++) {
      const from = h.events.length;
      await h.session.handle({ type: 'generate', seed: 'the ', length: 20, temperature: 0.9, samplingSeed: i });
      await h.waitFor('generationDone', (e) => h.events.indexOf(e) >= from);
    }
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

/** Asks the session for a manual checkpoint and returns its bytes. */
async function saveNow(h: ReturnType<typeof harness>): Promise<ArrayBuffer> {
  const from = h.events.length;
  await h.session.handle({ type: 'saveCheckpoint', reason: 'manual' });
  const e = await h.waitFor('checkpoint', (c) => h.events.indexOf(c) >= from);
  return e.bytes;
}
