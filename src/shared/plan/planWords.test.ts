import { describe, expect, it } from 'vitest';
import { LADDER } from './ladder';
import { keyFor, planRun } from './planner';
import { aboutDuration, measuringWords, planReason, planSummary, rateWords } from './planWords';

describe('plan words', () => {
  it('write rates and durations as people do', () => {
    expect(rateWords(0.005)).toBe('5e-3');
    expect(rateWords(0.0015)).toBe('1.5e-3');
    expect(rateWords(0.01)).toBe('1e-2');
    expect(aboutDuration(45)).toBe('45 s');
    expect(aboutDuration(90)).toBe('1 min 30 s');
    expect(aboutDuration(284)).toBe('about 5 minutes');
  });

  it('say what trains, how long, how fast, and why', () => {
    const speeds = Object.fromEntries(LADDER.map((s) => [keyFor(s, 65), 12_000]));
    const plan = planRun({ characters: 1_115_394, vocabSize: 65, trainFor: 5, speeds, spentSeconds: 10 });
    const summary = planSummary(plan);
    expect(summary).toMatch(/^GRU \d+ × 1 layer \([\d,]+ parameters\): about [\d,]+ steps of \d+ × \d+ characters/);
    expect(summary).toMatch(/in about 4 minutes at 12,000 characters\/s measured here/);
    expect(summary).toMatch(/learning rate [\d.]+e-\d after a warm-up, falling to [\d.]+e-\d\.$/);
    expect(planReason(plan.train)).toMatch(/^Train for 5 minutes: chosen as the largest network/);
    expect(planReason(plan.train)).toMatch(/goes back to its best step/);
  });

  it('say why a short text’s run ends before the time asked, and only then', () => {
    const speeds = Object.fromEntries(LADDER.map((s) => [keyFor(s, 40), 2_000]));
    const letter = planRun({ characters: 3_817, vocabSize: 40, trainFor: 5, speeds, spentSeconds: 2 });
    expect(planReason(letter.train)).toMatch(/30 passes over the text take less than the time asked.*ends sooner/);
    const corpus = planRun({ characters: 1_115_394, vocabSize: 65, trainFor: 5, speeds, spentSeconds: 2 });
    expect(planReason(corpus.train)).not.toMatch(/passes over the text/);
  });

  it('tell what is being measured', () => {
    expect(measuringWords('GRU 64 · batch 16 × 32', 3.4)).toMatch(/GRU 64 · batch 16 × 32 \(3 s so far\)/);
  });
});
