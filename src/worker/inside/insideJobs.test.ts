// The session's inspect and findCopies requests end to end on tfjs CPU: a window of the training text read
// by the model, unknown characters reported, copied spans located; no tensor left behind.
import { describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { TrainingSession } from '../session';
import type { WorkerEvent } from '../../shared/protocol';
import { PRESETS } from '../../shared/config';
import { RHYME } from '../../test/fixtures';

async function waitFor<T extends WorkerEvent['type']>(
  events: WorkerEvent[],
  type: T,
  from = 0,
): Promise<Extract<WorkerEvent, { type: T }>> {
  for (let waited = 0; waited < 30_000; waited += 5) {
    const hit = events.slice(from).find((e) => e.type === type);
    if (hit) return hit as Extract<WorkerEvent, { type: T }>;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no ${type} event; got ${events.map((e) => e.type).join(',')}`);
}

describe('inspection requests', () => {
  it('reads a training window and a text with unknown characters, and finds copied spans', async () => {
    const events: WorkerEvent[] = [];
    const session = new TrainingSession((e) => events.push(e));
    await session.handle({ type: 'init', backend: 'cpu' });
    await session.handle({
      type: 'loadText',
      name: 'rhyme.txt',
      bytes: new TextEncoder().encode(RHYME).buffer as ArrayBuffer,
    });
    await session.handle({
      type: 'start',
      model: { embeddingDim: 8, units: 16 },
      train: { ...PRESETS.tiny.train, batchSize: 4, windowLength: 10, checkpointEvery: 0 },
    });
    await waitFor(events, 'progress');
    await session.handle({ type: 'pause' });
    const tensors = tf.memory().numTensors;

    let from = events.length;
    await session.handle({ type: 'inspect', source: { kind: 'training', start: 3, length: 30 } });
    const window = await waitFor(events, 'activations', from);
    expect(window.text).toBe(RHYME.slice(3, 33));
    expect(window).toMatchObject({ steps: 30, units: 16, k: 5 });
    expect(window.signals).toEqual(['h', 'z', 'r']);
    expect(window.values.h).toHaveLength(1);
    expect(window.values.z![0]).toHaveLength(30 * 16);

    from = events.length;
    await session.handle({ type: 'inspect', source: { kind: 'text', text: 'the ✓ cat' } });
    const unknown = await waitFor(events, 'activations', from);
    expect(unknown.unknownCharacters).toEqual(['✓']);
    expect(unknown.text).toBe('the  cat');
    expect(tf.memory().numTensors).toBe(tensors);

    from = events.length;
    const copied = RHYME.slice(40, 80);
    await session.handle({ type: 'findCopies', text: `\u2603\u2603${copied}\u2603`, minLength: 12 });
    const copies = await waitFor(events, 'copies', from);
    expect(copies).toMatchObject({ copied: 40, total: 43, minLength: 12 });
    expect(copies.passages).toHaveLength(1);
    const p = copies.passages[0];
    expect(RHYME.slice(p.offset, p.offset + 12)).toBe(copied.slice(0, 12));
    expect(p.line).toBe(RHYME.slice(0, p.offset).split('\n').length);
    expect(p.context.startsWith(copied)).toBe(true);
  });
});
