// A folio program (the WebGPUProgram shape tfjs runs) as complete WGSL for folio's own pipelines (rawPass.ts):
// the part of tfjs-backend-webgpu 4.22's shader preamble that folio's programs use (bindings, the invocation
// built-ins as private variables, the uniforms struct), so a time loop can run the same program without
// tfjs's per-dispatch work. Programs must bake their sizes in (no shape uniforms) and declare only scalar
// uniforms. With a flat dispatch layout `main` takes the global invocation index, as tfjs passes it.
import type { WebGPUProgram } from './programRunner';

export type RawDtype = 'float32' | 'int32';

const scalar = (dtype: RawDtype) => (dtype === 'int32' ? 'i32' : 'f32');
const element = (dtype: RawDtype, components: number) =>
  components === 1 ? scalar(dtype) : `vec${components}<${scalar(dtype)}>`;

/** The uniform fields a program declares (`'t : i32, slot : i32,'` → ['t', 'slot']), scalars only. */
export function uniformFields(program: WebGPUProgram): string[] {
  const fields = (program.uniforms ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  return fields.map((f) => {
    const [name, type] = f.split(':').map((x) => x.trim());
    if (type !== 'i32') throw new Error(`raw programs take i32 uniforms only (${program.shaderKey}: ${f})`);
    return name;
  });
}

/** Complete WGSL for `program`: result at binding 0, inputs at 1…n, the uniforms struct at n + 1. */
export function rawProgramWgsl(program: WebGPUProgram, inputDtypes: RawDtype[], outputDtype: RawDtype): string {
  const flat = !program.dispatchLayout.y?.length && !program.dispatchLayout.z?.length;
  const [x, y, z] = program.workgroupSize;
  const inputs = program.variableNames.map((name, i) => {
    const type = element(inputDtypes[i], program.variableComponents?.[i] ?? 1);
    return `@group(0) @binding(${1 + i}) var<storage, read> ${name} : array<${type}>;`;
  });
  const fields = uniformFields(program).map((name) => `${name} : i32,`);
  return `
    struct Uniforms { NAN : f32, ${fields.join(' ')} };
    @group(0) @binding(0) var<storage, read_write> result : array<${scalar(outputDtype)}>;
    ${inputs.join('\n    ')}
    @group(0) @binding(${1 + inputs.length}) var<uniform> uniforms : Uniforms;
    var<private> localId : vec3<u32>;
    var<private> localIndex : u32;
    var<private> globalId : vec3<u32>;
    var<private> numWorkgroups : vec3<u32>;
    var<private> workgroupId : vec3<u32>;
    fn getGlobalIndex() -> i32 {
      let group = workgroupId.z * numWorkgroups.x * numWorkgroups.y + workgroupId.y * numWorkgroups.x + workgroupId.x;
      return i32(group * ${x * y * z}u + localIndex);
    }
    ${program.getUserCode()}
    @compute @workgroup_size(${x}, ${y}, ${z})
    fn _start(@builtin(local_invocation_id) LocalId : vec3<u32>,
              @builtin(global_invocation_id) GlobalId : vec3<u32>,
              @builtin(local_invocation_index) LocalIndex : u32,
              @builtin(workgroup_id) WorkgroupId : vec3<u32>,
              @builtin(num_workgroups) NumWorkgroups : vec3<u32>) {
      localId = LocalId;
      localIndex = LocalIndex;
      globalId = GlobalId;
      numWorkgroups = NumWorkgroups;
      workgroupId = WorkgroupId;
      ${flat ? 'main(getGlobalIndex());' : 'main();'}
    }
  `;
}
