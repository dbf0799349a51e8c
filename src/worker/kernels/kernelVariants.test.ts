import { describe, expect, it } from 'vitest';
import { chooseKernelVariants, forceKernelVariants, isCpuEmulation, stepSplit } from './kernelVariants';
import { stepDispatch, stepTiling } from './gru/stepTiling';

const facts = (vendor: string, architecture: string, description = '') => ({ vendor, architecture, description });

describe('kernel variants per adapter', () => {
  it('treats SwiftShader as a CPU emulation and real GPUs as GPUs', () => {
    expect(isCpuEmulation(facts('google', 'swiftshader'))).toBe(true);
    expect(isCpuEmulation(facts('google', '', 'SwiftShader Device (Subzero)'))).toBe(true);
    expect(isCpuEmulation(facts('nvidia', 'hopper'))).toBe(false);
    expect(isCpuEmulation(facts('apple', 'metal-3'))).toBe(false);
  });

  it('picks register tiles without a K split on SwiftShader, shared tiles with a split elsewhere', () => {
    expect(chooseKernelVariants(facts('google', 'swiftshader'))).toEqual({
      matmul: 'register',
      maxStepSplit: 1,
      wholeWindowUnits: 32,
      wholeChunkUnits: 512,
    });
    expect(chooseKernelVariants(facts('nvidia', 'hopper'))).toEqual({
      matmul: 'shared',
      maxStepSplit: 16,
      wholeWindowUnits: 128,
      wholeChunkUnits: 128,
    });
  });

  it('forces whole-window and whole-chunk cut-offs, and refuses bad ones', () => {
    forceKernelVariants({ wholeWindowUnits: 0, wholeChunkUnits: 4096 });
    forceKernelVariants({});
    expect(() => forceKernelVariants({ wholeWindowUnits: -1 })).toThrow(/wholeWindowUnits/);
    expect(() => forceKernelVariants({ wholeChunkUnits: 1.5 })).toThrow(/wholeChunkUnits/);
  });

  it('splits K only when the grid is small and the slices stay long', () => {
    expect(stepSplit(4096, 1024, 16)).toBe(16); // reference forward: 16 slices of 64 k
    expect(stepSplit(4096, 3072, 16)).toBe(16); // reference backward
    expect(stepSplit(4096, 1024, 8)).toBe(8);
    expect(stepSplit(70000, 1024, 16)).toBe(1); // already enough invocations
    expect(stepSplit(10, 37, 8)).toBe(1); // K too short to share
    expect(stepSplit(4096, 1024, 1)).toBe(1); // CPU emulation
  });

  it('lays out tiles × slices: enough tiles per workgroup for every row tile, 64…256 invocations', () => {
    const t = stepTiling(64, 1024, 1024, 16);
    expect(t).toMatchObject({ rows: 4, rowTiles: 16, tiles: 4096, workgroup: 256, tilesPerGroup: 16, chunk: 64 });
    expect(stepDispatch(t)).toEqual([256, 1, 1]);
    const cpu = stepTiling(64, 1024, 1024, 1);
    expect(cpu).toMatchObject({ workgroup: 64, tilesPerGroup: 64, chunk: 1024 });
    expect(stepDispatch(cpu)).toEqual([64, 1, 1]);
    const odd = stepTiling(3, 37, 111, 4);
    expect(odd).toMatchObject({
      rows: 3,
      unitTiles: 10,
      rowTiles: 1,
      tiles: 10,
      workgroup: 64,
      tilesPerGroup: 16,
      chunk: 28,
    });
    expect(stepDispatch(odd)).toEqual([1, 1, 1]);
    expect(stepTiling(16, 256, 256, 8)).toMatchObject({ rowTiles: 4, workgroup: 64, tilesPerGroup: 8 });
  });
});
