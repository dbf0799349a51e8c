// A run with a time budget, end to end on tfjs CPU: the device is timed, the plan is announced and kept in
// the checkpoints, the run keeps to its time, and "Train N more minutes" carries on from where it stands.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PRESETS } from '../../shared/config';
import { parseCheckpoint } from '../../shared/checkpoint/checkpointFile';
import { sessionHarness } from '../../test/sessionHarness';

const LETTER = readFileSync(new URL('../../../e2e/fixtures/letter.txt', import.meta.url), 'utf8');

const harness = () => sessionHarness(60_000);

const preset = PRESETS.tiny;

describe('a planned run', () => {
  it('times the device, trains within its budget, saves its plan, and trains more minutes on request', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', backend: 'cpu' });
    const ready = await h.waitFor('ready');
    expect(ready.deviceKey).toMatch(/^cpu\/reference\//);
    const bytes = new TextEncoder().encode(LETTER).buffer as ArrayBuffer;
    await h.session.handle({ type: 'loadText', name: 'letter.txt', bytes });
    await h.waitFor('textLoaded');

    const started = Date.now();
    const trainFor = 0.1; // six seconds
    await h.session.handle({
      type: 'start',
      model: preset.model,
      train: preset.train,
      budget: { trainFor, chooseNetwork: true, knownSpeeds: {} },
    });
    expect((await h.waitFor('planning')).measuring).toMatch(/^GRU 32/);
    const planned = await h.waitFor('planned');
    expect(Object.keys(planned.measured).length).toBeGreaterThan(0);
    expect(planned.plan.chosenNetwork).toBe(true);
    expect(planned.train.totalSteps).toBe(planned.steps);
    expect(planned.plan.budgetSeconds).toBeLessThanOrEqual(6);

    const end = await h.waitFor('runState', (e) => e.state === 'stopped');
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(6 * 1.05 + 2); // calibration included; the last save and restore on top
    expect(end.message).toMatch(/Trained for the|Finished the plan|Stopped early/);

    const stop = await h.waitFor('checkpoint', (e) => e.summary.reason === 'stop');
    const saved = parseCheckpoint(new Uint8Array(stop.bytes));
    expect(saved.train.plan).toMatchObject({ trainFor, chosenNetwork: true });
    expect(saved.train.plan!.trainedSeconds).toBeGreaterThan(0);
    expect(saved.train.plan!.trainedSeconds).toBeLessThanOrEqual(planned.plan.budgetSeconds * 1.05 + 0.5);
    expect(saved.train.totalSteps).toBeGreaterThan(0);

    // Two more minutes' worth, measured in steps at the run's own rate; it stops when asked.
    const before = h.events.length;
    await h.session.handle({ type: 'resume', moreMinutes: 2 });
    await h.waitFor('runState', (e) => e.state === 'training');
    const moved = await h.waitFor('progress', (e) => h.events.indexOf(e) > before && e.budgetSeconds !== undefined);
    expect(moved.budgetSeconds!).toBeGreaterThan(saved.train.plan!.trainedSeconds + 100);
    await h.session.handle({ type: 'stop' });
    await h.waitFor('runState', (e) => e.state === 'stopped' && h.events.indexOf(e) > before);
  }, 90_000);

  it('times a preset’s network to the budget without choosing another', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', backend: 'cpu' });
    await h.waitFor('ready');
    const bytes = new TextEncoder().encode(LETTER).buffer as ArrayBuffer;
    await h.session.handle({ type: 'loadText', name: 'letter.txt', bytes });
    await h.waitFor('textLoaded');
    await h.session.handle({
      type: 'start',
      model: preset.model,
      train: preset.train,
      budget: { trainFor: 0.05, chooseNetwork: false, knownSpeeds: {} },
    });
    const planned = await h.waitFor('planned');
    expect(planned.model).toEqual(preset.model);
    expect(planned.train.learningRate).toBe(preset.train.learningRate);
    expect(planned.plan.chosenNetwork).toBe(false);
    await h.waitFor('runState', (e) => e.state === 'stopped');
  }, 60_000);
});
