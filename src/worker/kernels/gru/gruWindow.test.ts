import { describe, expect, it } from 'vitest';
import { windowTiling } from './gruWindow';

describe('whole-window tiling', () => {
  it('gives every workgroup up to 4 rows and one invocation per 4 units', () => {
    expect(windowTiling(8, 32)).toEqual({ rows: 4, unitTiles: 8, workgroup: 8, groups: 2 }); // Tiny
    expect(windowTiling(3, 37)).toEqual({ rows: 2, unitTiles: 10, workgroup: 10, groups: 2 });
    expect(windowTiling(32, 128)).toEqual({ rows: 4, unitTiles: 32, workgroup: 32, groups: 8 });
  });

  it("keeps the backward walk's two dgh buffers within 16 KB of workgroup memory", () => {
    expect(windowTiling(32, 256)?.rows).toBe(2); // 2 · 2 · 768 floats = 12 KB
    expect(windowTiling(32, 512)?.rows).toBe(1);
    expect(windowTiling(64, 1024)).toBeNull(); // one row's two buffers are 24 KB
  });

  it('sizes the backward walk by the gates of the cell (LSTM 4, RNN 1)', () => {
    expect(windowTiling(32, 256, 4)?.rows).toBe(2); // 2 · 2 · 1024 floats = 16 KB
    expect(windowTiling(32, 512, 4)?.rows).toBe(1);
    expect(windowTiling(32, 1024, 4)).toBeNull();
    expect(windowTiling(8, 32, 1)).toEqual({ rows: 4, unitTiles: 8, workgroup: 8, groups: 2 });
  });
});
