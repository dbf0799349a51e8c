// folio's own compute pipelines (WGSL written whole here, with their own bind group layout), dispatched into
// tfjs-backend-webgpu's open compute pass, so they run in queue order with tfjs's programs. For what tfjs's
// program model cannot express: a program that writes several existing buffers (Adam's w, m and v at once),
// and time loops whose dispatches differ only in a uniform (one bind group, one uniform buffer and a dynamic
// offset per iteration instead of tfjs's per-dispatch key, uniform buffer and bind group).
// Buffers written here must be made safe first (inPlace.ts: own buffer, live on the GPU); only inPlace.ts
// calls this module, and `npm run lint` keeps pipeline creation and dispatch here.
import type * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { env } from '@tensorflow/tfjs-core';
import { webgpuBackend, type WebGPUProgram } from './programRunner';
import { rawProgramWgsl, uniformFields, type RawDtype } from './rawProgram';

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
  tensorMap: { get(dataId: object): { resource: GPUBuffer | null; dtype: string } };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBuffer };
  uniformPendingDisposal: GPUBuffer[];
  queue: GPUQueue;
}

const internals = (): BackendInternals => webgpuBackend() as unknown as WebGPUBackend & BackendInternals;

/** Listeners told the name of each raw dispatch and how many existing buffers it wrote (the lab counts them). */
export const rawDispatchListeners = new Set<(name: string, writes: number) => void>();

/** A cache per GPU device: a pipeline belongs to the device that made it (a new backend brings a new one). */
function perDevice<V>(): (device: GPUDevice) => Map<string, V> {
  const caches = new WeakMap<GPUDevice, Map<string, V>>();
  return (device) => {
    let cache = caches.get(device);
    if (!cache) caches.set(device, (cache = new Map()));
    return cache;
  };
}

const pipelinesOf = perDevice<GPUComputePipeline>();

/** A compute pipeline from complete WGSL (entry point `main`), compiled once per key. */
function pipeline(key: string, wgsl: string): GPUComputePipeline {
  const device = internals().device;
  const pipelines = pipelinesOf(device);
  let p = pipelines.get(key);
  if (!p) {
    p = device.createComputePipeline({
      label: key,
      layout: 'auto',
      compute: { module: device.createShaderModule({ label: key, code: wgsl }), entryPoint: 'main' },
    });
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

/** Opens tfjs's compute pass if needed (after any uploads: a copy ends the pass) and returns it. */
function openPass(b: BackendInternals): GPUComputePassEncoder {
  b.ensureCommandEncoderReady();
  if (!b.computePassEncoder) b.computePassEncoder = b.commandEncoder!.beginComputePass({});
  return b.computePassEncoder;
}

/** Ends the pass and submits when tfjs would (its deferred-submit batch size). */
function maybeSubmit(b: BackendInternals): void {
  if ((env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') as number) <= b.dispatchCountInPass) {
    b.endComputePassEncoder();
    b.submitQueue();
  }
}

/** Encodes one dispatch into tfjs's current compute pass (opening one if needed). */
export function rawDispatch(d: RawDispatch): void {
  const b = internals();
  for (const t of d.buffers) b.uploadToGPU(t.dataId); // may end the pass (a copy): before the pass is taken
  const p = pipeline(d.key, d.wgsl());
  const entries: GPUBindGroupEntry[] = d.buffers.map((t, i) => ({
    binding: i,
    resource: { buffer: b.tensorMap.get(t.dataId).resource as GPUBuffer },
  }));
  entries.push({
    binding: d.buffers.length,
    resource: b.makeUniforms(d.uniforms.map((x) => ({ type: 'float32', data: [x] }))),
  });
  const group = b.device.createBindGroup({ layout: p.getBindGroupLayout(0), entries });
  for (const t of d.buffers) b.commandQueueOwnedIds.add(t.dataId); // tfjs keeps them alive until submitted
  const pass = openPass(b);
  pass.setPipeline(p);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(d.workgroups);
  b.dispatchCountInPass++;
  maybeSubmit(b);
  rawDispatchListeners.forEach((listener) => listener(d.key, d.written));
}

/** Bytes between two iterations' uniforms: WebGPU's default minUniformBufferOffsetAlignment. */
const UNIFORM_STRIDE = 256;

/** One program of a loop: it writes `output` (made safe by the caller, inPlace.ts) and reads `inputs`. */
export interface LoopPart {
  program: WebGPUProgram;
  inputs: tf.TensorInfo[];
  output: tf.TensorInfo;
}

const loopPipelinesOf = perDevice<{ pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }>();

/** The part's pipeline with an explicit layout whose uniform binding takes a dynamic offset. */
function loopPipeline(b: BackendInternals, part: LoopPart) {
  const dtype = (t: tf.TensorInfo) => b.tensorMap.get(t.dataId).dtype as RawDtype;
  const key = `${part.program.shaderKey}|${part.inputs.map(dtype).join(',')}|${dtype(part.output)}`;
  const loopPipelines = loopPipelinesOf(b.device);
  let cached = loopPipelines.get(key);
  if (!cached) {
    const visibility = GPUShaderStage.COMPUTE;
    const storage = part.inputs.map((_, i) => ({
      binding: 1 + i,
      visibility,
      buffer: { type: 'read-only-storage' as const },
    }));
    const layout = b.device.createBindGroupLayout({
      label: key,
      entries: [
        { binding: 0, visibility, buffer: { type: 'storage' } },
        ...storage,
        { binding: 1 + part.inputs.length, visibility, buffer: { type: 'uniform', hasDynamicOffset: true } },
      ],
    });
    const code = rawProgramWgsl(part.program, part.inputs.map(dtype), dtype(part.output));
    const module = b.device.createShaderModule({ label: key, code });
    const pipelineLayout = b.device.createPipelineLayout({ bindGroupLayouts: [layout] });
    cached = {
      pipeline: b.device.createComputePipeline({
        label: key,
        layout: pipelineLayout,
        compute: { module, entryPoint: '_start' },
      }),
      layout,
    };
    loopPipelines.set(key, cached);
  }
  return cached;
}

/** The loop's uniform blocks, one per (iteration, part) at UNIFORM_STRIDE: [NaN, the part's int fields]. */
function uniformBlocks(fieldCounts: number[], iterations: number[][][], parts: LoopPart[]): ArrayBuffer {
  const bytes = new ArrayBuffer(iterations.length * parts.length * UNIFORM_STRIDE);
  const floats = new Float32Array(bytes);
  const ints = new Int32Array(bytes);
  const words = UNIFORM_STRIDE / 4;
  iterations.forEach((values, i) =>
    values.forEach((fields, p) => {
      if (fields.length !== fieldCounts[p])
        throw new Error(`rawLoop: ${parts[p].program.shaderKey} takes ${fieldCounts[p]} uniforms`);
      const at = (i * parts.length + p) * words;
      floats[at] = NaN; // the NAN field tfjs's preamble declares first
      ints.set(fields, at + 1);
    }),
  );
  return bytes;
}

/**
 * Dispatches `parts` in order, `iterations.length` times; iteration i gives part p the int uniforms
 * iterations[i][p] (its declared fields, in order). One uniform buffer and one bind group per part serve the
 * whole loop: per dispatch only a dynamic offset, setBindGroup and the dispatch are encoded.
 */
export function rawLoop(parts: LoopPart[], iterations: number[][][]): void {
  const b = internals();
  for (const part of parts) [part.output, ...part.inputs].forEach((t) => b.uploadToGPU(t.dataId));
  const bytes = uniformBlocks(
    parts.map((part) => uniformFields(part.program).length),
    iterations,
    parts,
  );
  const uniforms = b.bufferManager.acquireBuffer(bytes.byteLength, GPUBufferUsage.COPY_DST | GPUBufferUsage.UNIFORM);
  b.queue.writeBuffer(uniforms, 0, bytes);
  b.uniformPendingDisposal.push(uniforms); // released by tfjs after the submit that uses it
  const encoded = parts.map((part) => {
    const { pipeline, layout } = loopPipeline(b, part);
    const buffers = [part.output, ...part.inputs];
    const entries: GPUBindGroupEntry[] = buffers.map((t, i) => ({
      binding: i,
      resource: { buffer: b.tensorMap.get(t.dataId).resource as GPUBuffer },
    }));
    entries.push({ binding: buffers.length, resource: { buffer: uniforms, offset: 0, size: UNIFORM_STRIDE } });
    buffers.forEach((t) => b.commandQueueOwnedIds.add(t.dataId));
    return {
      pipeline,
      group: b.device.createBindGroup({ layout, entries }),
      dispatch: part.program.dispatch,
      key: part.program.shaderKey,
    };
  });
  const pass = openPass(b);
  for (let i = 0; i < iterations.length; i++) {
    encoded.forEach(({ pipeline, group, dispatch, key }, p) => {
      if (i === 0 || parts.length > 1) pass.setPipeline(pipeline);
      pass.setBindGroup(0, group, [(i * parts.length + p) * UNIFORM_STRIDE]);
      pass.dispatchWorkgroups(dispatch[0], dispatch[1], dispatch[2]);
      b.dispatchCountInPass++;
      rawDispatchListeners.forEach((listener) => listener(key, 1));
    });
  }
  maybeSubmit(b);
}

/**
 * Writes a GPU timestamp into `querySet` at `index`, in queue order after everything encoded so far: an empty
 * pass whose beginning writes it (WebGPU writes timestamps only where a pass begins or ends). Needs the device's
 * `timestamp-query` feature. The bench's GPU time per step (lab/gpuStepTimer.ts) marks each step's two ends.
 */
export function queueTimestamp(querySet: GPUQuerySet, index: number): void {
  const b = internals();
  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  b.commandEncoder!.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: index } }).end();
}

/** Resolves the first `count` timestamps into `resolved` (QUERY_RESOLVE), copies them to `readable` (MAP_READ) and submits. */
export function resolveTimestamps(
  querySet: GPUQuerySet,
  count: number,
  resolved: GPUBuffer,
  readable: GPUBuffer,
): void {
  const b = internals();
  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  b.commandEncoder!.resolveQuerySet(querySet, 0, count, resolved, 0);
  b.commandEncoder!.copyBufferToBuffer(resolved, 0, readable, 0, count * 8);
  b.submitQueue();
}
