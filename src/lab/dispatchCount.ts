// Counts WebGPU programs by wrapping the backend's program runner while a function runs.
import * as tf from '../worker/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

export interface DispatchCount {
  programs: number;
  byName: Record<string, number>;
}

export function countDispatches<T>(fn: () => T): { result: T; count: DispatchCount } {
  const backend = tf.backend() as unknown as WebGPUBackend;
  const original = backend.runWebGPUProgram;
  const count: DispatchCount = { programs: 0, byName: {} };
  backend.runWebGPUProgram = function (this: WebGPUBackend, ...args: Parameters<WebGPUBackend['runWebGPUProgram']>) {
    count.programs++;
    const name = args[0].shaderKey.split('_')[0]; // before tfjs appends shapes to the key
    count.byName[name] = (count.byName[name] ?? 0) + 1;
    return original.apply(this, args);
  };
  try {
    return { result: fn(), count };
  } finally {
    backend.runWebGPUProgram = original;
  }
}
