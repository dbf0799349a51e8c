import * as tf from '../../tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedGuard, readGuard, type StepGuard } from './stepGuard';

const guardOf = (squares: number[], losses: number[], rows: number): StepGuard => ({
  sums: tf.tensor1d([...squares, ...losses]),
  squareSlots: squares.length,
  lossSlots: losses.length,
  rows,
  clip: 1,
});

describe('readGuard (the CPU side of the GPU guard)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('adds the square and loss slots into the norm and the mean loss', async () => {
    const r = await readGuard(guardOf([1, 2, 6], [3, 5], 4));
    expect(r).toEqual({ loss: 2, gradNorm: 3, applied: true });
  });

  it('adds in float32, slot after slot, as the GPU does: a sum past float32 range is not applied', async () => {
    const big = 3e38; // finite in float32; two of them are not
    expect((await readGuard(guardOf([big, big], [1], 1))).applied).toBe(false);
    expect((await readGuard(guardOf([1], [Number.NaN], 1))).applied).toBe(false);
    expect((await readGuard(guardOf([1, 1e-8], [1], 1))).gradNorm).toBe(1); // 1 + 1e-8 rounds to 1 in float32
  });

  it('a fixed guard gives Adam its scale through the clip threshold (norm 1)', async () => {
    expect(fixedGuard(0.25)).toMatchObject({ squareSlots: 1, lossSlots: 1, clip: 0.25 });
    expect(fixedGuard(1).clip).toBe(0); // no clipping
    expect(() => fixedGuard(2)).toThrow(/\(0, 1\]/);
    expect((await readGuard(fixedGuard(0.5))).gradNorm).toBe(1);
  });
});
