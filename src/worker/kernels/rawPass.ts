// folio's own compute pipelines (WGSL written whole here, with their own bind group layout), dispatched into
// tfjs-backend-webgpu's open compute pass, so they run in queue order with tfjs's programs. For what tfjs's
// program model cannot express: a program that writes several existing buffers (Adam's w, m and v at once).
// Buffers written here must be made safe first (inPlace.ts: own buffer, live on the GPU); only inPlace.ts
// calls this module, and `npm run lint` keeps pipeline creation and dispatch here.
import type * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { env } from '@tensorflow/tfjs';
import { webgpuBackend } from './programRunner';

/** The parts of tfjs-backend-webgpu 4.22's backend this module drives (not in its public typings). */
interface BackendInternals {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<object>;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  uploadToGPU(dataId: object): void;
  makeUniforms(uniforms: Array<{ type: 'float32' | 'int32'; data: number[] }>): GPUBufferBinding;
  tensorMap: { get(dataId: object): { resource: GPUBuffer | null } };
}

const internals = (): BackendInternals => webgpuBackend() as unknown as WebGPUBackend & BackendInternals;

/** Listeners told the name of each raw dispatch and how many existing buffers it wrote (the lab counts them). */
export const rawDispatchListeners = new Set<(name: string, writes: number) => void>();

const pipelines = new Map<string, GPUComputePipeline>();

/** A compute pipeline from complete WGSL (entry point `main`), compiled once per key. */
function pipeline(key: string, wgsl: string): GPUComputePipeline {
  let p = pipelines.get(key);
  if (!p) {
    const device = internals().device;
    p = device.createComputePipeline({ label: key, layout: 'auto', compute: { module: device.createShaderModule({ label: key, code: wgsl }), entryPoint: 'main' } });
    pipelines.set(key, p);
  }
  return p;
}

export interface RawDispatch {
  /** Pipeline key (the program's name and sizes). */
  key: string;
  wgsl: () => string;
  /** Storage buffers at bindings 0, 1, …, in order; `written` of them are read_write (the first ones). */
  buffers: tf.TensorInfo[];
  written: number;
  /** Float uniforms at the binding after the buffers (a struct of f32). */
  uniforms: number[];
  workgroups: number;
}

/** Encodes one dispatch into tfjs's current compute pass (opening one if needed). */
export function rawDispatch(d: RawDispatch): void {
  const b = internals();
  for (const t of d.buffers) b.uploadToGPU(t.dataId); // may end the pass (a copy): before the pass is taken
  const p = pipeline(d.key, d.wgsl());
  const entries: GPUBindGroupEntry[] = d.buffers.map((t, i) => ({ binding: i, resource: { buffer: b.tensorMap.get(t.dataId).resource as GPUBuffer } }));
  entries.push({ binding: d.buffers.length, resource: b.makeUniforms(d.uniforms.map((x) => ({ type: 'float32', data: [x] }))) });
  const group = b.device.createBindGroup({ layout: p.getBindGroupLayout(0), entries });
  for (const t of d.buffers) b.commandQueueOwnedIds.add(t.dataId); // tfjs keeps them alive until submitted
  b.ensureCommandEncoderReady();
  if (!b.computePassEncoder) b.computePassEncoder = b.commandEncoder!.beginComputePass({});
  b.computePassEncoder.setPipeline(p);
  b.computePassEncoder.setBindGroup(0, group);
  b.computePassEncoder.dispatchWorkgroups(d.workgroups);
  b.dispatchCountInPass++;
  if ((env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') as number) <= b.dispatchCountInPass) {
    b.endComputePassEncoder();
    b.submitQueue();
  }
  rawDispatchListeners.forEach((listener) => listener(d.key, d.written));
}
