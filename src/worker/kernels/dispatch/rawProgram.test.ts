import { describe, expect, it } from 'vitest';
import { rawProgramWgsl, uniformFields } from './rawProgram';
import type { WebGPUProgram } from './programRunner';

const program = (extra: Partial<WebGPUProgram>): WebGPUProgram =>
  ({
    variableNames: ['gi', 'whhT', 'ids'],
    variableComponents: [1, 4, 1],
    outputShape: [4],
    shaderKey: 'folioTest',
    dispatchLayout: { x: [0], y: [1] },
    dispatch: [1, 1, 1],
    workgroupSize: [64, 1, 1],
    uniforms: 't : i32,',
    getUserCode: () => 'fn main() { _ = uniforms.t; }',
    ...extra,
  }) as WebGPUProgram;

describe('rawProgramWgsl', () => {
  it('binds the output, then the inputs with their element types, then the uniforms', () => {
    const wgsl = rawProgramWgsl(program({}), ['float32', 'float32', 'int32'], 'float32');
    expect(wgsl).toContain('@binding(0) var<storage, read_write> result : array<f32>;');
    expect(wgsl).toContain('@binding(1) var<storage, read> gi : array<f32>;');
    expect(wgsl).toContain('@binding(2) var<storage, read> whhT : array<vec4<f32>>;');
    expect(wgsl).toContain('@binding(3) var<storage, read> ids : array<i32>;');
    expect(wgsl).toContain('@binding(4) var<uniform> uniforms : Uniforms;');
    expect(wgsl).toContain('struct Uniforms { NAN : f32, t : i32, };');
    expect(wgsl).toContain('@workgroup_size(64, 1, 1)');
    expect(wgsl).toMatch(/main\(\);\s*}/);
  });

  it('passes the global index to main with a flat dispatch layout', () => {
    const wgsl = rawProgramWgsl(program({ dispatchLayout: { x: [0] } }), ['float32', 'float32', 'int32'], 'int32');
    expect(wgsl).toContain('main(getGlobalIndex());');
    expect(wgsl).toContain('var<storage, read_write> result : array<i32>;');
  });
});

describe('uniformFields', () => {
  it('reads the declared i32 fields in order', () => {
    expect(uniformFields(program({ uniforms: 't : i32, slot : i32,' }))).toEqual(['t', 'slot']);
    expect(uniformFields(program({ uniforms: undefined }))).toEqual([]);
  });

  it('refuses other types (the loop writes int32 values)', () => {
    expect(() => uniformFields(program({ uniforms: 'clip : f32,' }))).toThrow(/i32 uniforms only/);
  });
});
