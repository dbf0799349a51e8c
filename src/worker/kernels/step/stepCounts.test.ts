import { describe, expect, it } from 'vitest';
import { countStep, gpuStepFigures } from './stepCounts';
import { stepTiling } from '../gru/stepTiling';

describe('counted timestep figures', () => {
  it('meets the targets at Reference (B=64, H=1024) with the GPU split', () => {
    const { forward, backward } = gpuStepFigures(64, 1024);
    expect(forward).toMatchObject({
      whhReadFactor: 1,
      loadRounds: 16,
      split: 16,
      workgroups: 256,
      invocationsPerWorkgroup: 256,
    });
    expect(backward).toMatchObject({ whhReadFactor: 1, loadRounds: 48, split: 16, workgroups: 256 });
    expect(forward.workgroupBytes).toBe(15360); // 240 invocations × 4 vec4, one accumulator per round
    expect(forward.workgroupBytes).toBeLessThanOrEqual(16384);
    expect(backward.workgroupBytes).toBeLessThanOrEqual(16384);
  });

  it('reads W_hh once per timestep without a split (CPU emulation) too', () => {
    expect(countStep(stepTiling(64, 1024, 1024, 1), 3)).toMatchObject({ whhReadFactor: 1, loadRounds: 256 });
    expect(countStep(stepTiling(64, 1024, 3072, 1), 1)).toMatchObject({ whhReadFactor: 1, loadRounds: 768 });
  });

  it('counts a workgroup that covers a quarter of the rows as 4×', () => {
    // 16 tiles per workgroup but only 4 of the 16 row tiles: each unit tile is read by 4 workgroups.
    const t = { ...stepTiling(64, 1024, 1024, 16), tilesPerGroup: 4, workgroup: 64 };
    expect(countStep(t, 3).whhReadFactor).toBe(4);
  });

  it('handles awkward shapes: partial unit tiles, empty K slices', () => {
    const f = countStep(stepTiling(3, 37, 37, 64), 3);
    expect(f.whhReadFactor).toBe(1);
    expect(f.loadRounds).toBe(1);
    const b = countStep(stepTiling(5, 67, 201, 4), 1);
    expect(b.whhReadFactor).toBe(1);
    expect(b.loadRounds).toBe(12 + 3); // chunk 51: 12 rounds of 4, then 3 single k
    const small = countStep(stepTiling(16, 256, 256, 8), 3);
    expect(small).toMatchObject({ whhReadFactor: 1, invocationsPerWorkgroup: 64, workgroupBytes: 3 * 56 * 4 * 16 });
  });

  it('reads W_hh once per timestep for the LSTM (4 gates) and the RNN (1) too, forward and backward', () => {
    for (const gates of [4, 1]) {
      const { forward, backward } = gpuStepFigures(64, 1024, gates);
      expect(forward.whhReadFactor, `${gates} gates forward`).toBe(1);
      expect(backward.whhReadFactor, `${gates} gates backward`).toBe(1);
      expect(forward.workgroupBytes).toBeLessThanOrEqual(16384);
      expect(backward.workgroupBytes).toBeLessThanOrEqual(16384);
    }
    expect(countStep(stepTiling(64, 1024, 1024, 1), 4, 4)).toMatchObject({ whhReadFactor: 1, loadRounds: 256 });
    expect(countStep(stepTiling(64, 1024, 4096, 1), 1, 4)).toMatchObject({ whhReadFactor: 1, loadRounds: 1024 });
    expect(countStep(stepTiling(8, 32, 32, 1), 1, 1)).toMatchObject({ whhReadFactor: 1 });
  });
});
