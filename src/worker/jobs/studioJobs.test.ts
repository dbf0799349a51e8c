import { describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { PRESETS } from '../../shared/config';
import { RHYME } from '../../test/fixtures';
import { sessionHarness } from '../../test/sessionHarness';

async function trainedSession() {
  const { events, session, waitFor } = sessionHarness();
  await session.handle({ type: 'init', backend: 'cpu' });
  await session.handle({
    type: 'loadText',
    name: 'rhyme.txt',
    bytes: new TextEncoder().encode(RHYME).buffer as ArrayBuffer,
  });
  const train = { ...PRESETS.tiny.train, batchSize: 4, windowLength: 10, epochs: 1, evalEvery: 5, checkpointEvery: 0 };
  await session.handle({ type: 'start', model: { embeddingDim: 8, units: 16 }, train });
  await waitFor('progress', (e) => e.step >= 3);
  await session.handle({ type: 'pause' });
  await waitFor('runState', (e) => e.state === 'paused');
  /** Runs one generation and returns its whole text. */
  const generate = async (extra: object) => {
    events.length = 0;
    await session.handle({ type: 'generate', seed: 'the ', length: 40, temperature: 0.9, samplingSeed: 2, ...extra });
    await waitFor('generationDone');
    return events.flatMap((e) => (e.type === 'generated' ? [e.text] : [])).join('');
  };
  return { session, events, waitFor, generate };
}

describe('decoding requests in the worker session', () => {
  it('generates with filters and with beam search, deterministically', async () => {
    const h = await trainedSession();
    const filtered = await h.generate({ filters: { topK: 3, topP: 0.9, repetitionPenalty: 1.2, penaltyWindow: 16 } });
    expect([...filtered]).toHaveLength(44);
    expect(await h.generate({ filters: { topK: 3, topP: 0.9, repetitionPenalty: 1.2, penaltyWindow: 16 } })).toBe(
      filtered,
    );
    const beam = await h.generate({ beamWidth: 4 });
    expect(beam.startsWith('the ')).toBe(true);
    expect([...beam]).toHaveLength(44);
    expect(await h.generate({ beamWidth: 4, samplingSeed: 99 })).toBe(beam);
    // A bad setting is refused with a message, and nothing is generated.
    h.events.length = 0;
    await h.session.handle({
      type: 'generate',
      seed: 'the ',
      length: 40,
      temperature: 1,
      samplingSeed: 1,
      filters: { topP: 0 },
    });
    expect(h.events).toEqual([
      { type: 'notice', level: 'error', message: 'Top-p must be a number above 0 and at most 1.' },
    ]);
  });
  it('runs a temperature grid and scores a text, leaving no tensor behind', async () => {
    const h = await trainedSession();
    const before = tf.memory().numTensors;
    await h.session.handle({
      type: 'temperatureGrid',
      seed: 'the ',
      length: 30,
      temperatures: [0, 0.5, 1.5],
      samplingSeed: 4,
    });
    const grid = await h.waitFor('temperatureGrid', (e) => e.status === 'complete');
    expect(grid.seed).toBe('the ');
    expect(grid.columns.map((c) => [...c].length)).toEqual([30, 30, 30]);
    // Column 0 is greedy: the same as a greedy generation.
    expect(await h.generate({ temperature: 0, length: 30 })).toBe(`the ${grid.columns[0]}`);

    await h.session.handle({ type: 'score', target: 'pasted', text: 'the cat sat on the mat.', context: '. ' });
    const scored = await h.waitFor('scored', (e) => e.progress?.status === 'complete');
    expect(scored.text).toBe('the cat sat on the mat.');
    expect(scored.probabilities).toHaveLength(23);
    expect(scored.probabilities.every((p) => p > 0 && p <= 1)).toBe(true);
    expect(scored.k).toBe(5);
    expect(scored.meanLoss).toBeCloseTo(-scored.probabilities.reduce((s, p) => s + Math.log(p), 0) / 23, 4);
    await h.session.handle({ type: 'score', target: 'generated', text: 'the dog!', context: '' });
    const second = await h.waitFor('scored', (e) => e.target === 'generated');
    expect(second.unknownCharacters).toEqual(['!']);
    expect(Number.isNaN(second.probabilities[0])).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('scores a long text in pieces, telling progress, and stops when asked with the scores so far', async () => {
    const h = await trainedSession();
    const text = 'the cat sat on the mat. '.repeat(20); // 480 characters: 15 pieces
    h.events.length = 0;
    await h.session.handle({ type: 'score', target: 'pasted', text, context: '' });
    const last = await h.waitFor('scored', (e) => e.progress?.status === 'complete');
    expect(last.progress).toEqual({ done: 15, total: 15, status: 'complete' });
    expect(last.probabilities.slice(1).every((p) => p > 0)).toBe(true);

    h.events.length = 0;
    await h.session.handle({ type: 'score', target: 'pasted', text, context: '' });
    await h.session.handle({ type: 'stopScoring' });
    const stopped = await h.waitFor('scored', (e) => e.progress?.status !== 'running');
    expect(stopped.progress?.status).toBe('stopped');
    expect(stopped.progress!.done).toBeLessThan(stopped.progress!.total);
  });
});
