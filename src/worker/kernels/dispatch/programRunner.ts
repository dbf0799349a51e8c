// Runs folio's WGSL programs through tfjs-backend-webgpu, so their results are ordinary tfjs tensors.
// Every program here bakes its sizes into the shader (and the shader key) and takes only small int uniforms.
import * as tf from '../../tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

export type { WebGPUProgram };

/** True when the active tfjs backend is WebGPU, so the fused kernels can run. */
export function webGpuActive(): boolean {
  return tf.getBackend() === 'webgpu';
}

export function webgpuBackend(): WebGPUBackend {
  if (!webGpuActive()) throw new Error('fused GRU kernels need the webgpu backend');
  return tf.backend() as unknown as WebGPUBackend;
}

/** Int uniforms declared in a program's `uniforms` string, in order. */
export type IntUniforms = number[];

export function uniformData(values: IntUniforms) {
  return values.map((v) => ({ type: 'int32' as const, data: [v] }));
}

/** Float uniforms (or mixed ones), typed as tfjs takes them. */
export type TypedUniforms = Array<{ type: 'int32' | 'float32'; data: number[] }>;

/** Runs a program into a new tensor (tracked by the engine: tidy or the caller disposes it). */
export function runProgram(
  program: WebGPUProgram,
  inputs: tf.Tensor[],
  uniforms: IntUniforms = [],
  typed: TypedUniforms = [],
): tf.Tensor {
  const info = keepingShaderKey(program, () =>
    webgpuBackend().runWebGPUProgram(program, inputs, 'float32', [...uniformData(uniforms), ...typed]),
  );
  return tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * Runs `dispatch` and gives the program its own shader key back. tfjs-backend-webgpu 4.22 appends the input
 * and output shapes to `program.shaderKey` on every run, so a program object dispatched again (each timestep of
 * a loop) would have a new, longer key each time: a pipeline-cache miss and a fresh compile of the same WGSL
 * per dispatch, until every position of the loop had been seen once.
 */
export function keepingShaderKey<T>(program: WebGPUProgram, dispatch: () => T): T {
  const key = program.shaderKey;
  try {
    return dispatch();
  } finally {
    program.shaderKey = key;
  }
}

/** Workgroup count that covers `n` items with groups of `size`. */
export function groups(n: number, size: number): number {
  return Math.max(1, Math.ceil(n / size));
}

/** A smaller storage-buffer limit forced by a test (undefined: the device's own). */
let forcedStorageBuffers: number | undefined;

/** Forces the storage buffers a program may bind below the device's limit (lab checks); undefined restores it. */
export function forceStorageBufferLimit(limit: number | undefined): void {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 4)) throw new Error(`limit ≥ 4, got ${limit}`);
  forcedStorageBuffers = limit;
}

/** Bytes of workgroup memory one program may declare: the device's maxComputeWorkgroupStorageSize (default 16,384). */
export function workgroupStorageLimit(): number {
  return (webgpuBackend() as unknown as { device: GPUDevice }).device.limits.maxComputeWorkgroupStorageSize;
}

/** Storage buffers one program may bind: the device's maxStorageBuffersPerShaderStage (WebGPU's default is 8). */
export function storageBufferLimit(): number {
  const device = (webgpuBackend() as unknown as { device: GPUDevice }).device;
  const own = device.limits.maxStorageBuffersPerShaderStage;
  return forcedStorageBuffers === undefined ? own : Math.min(own, forcedStorageBuffers);
}
