// Picks a tfjs backend: WebGPU, then WebGL, WASM, CPU. setBackend returns false rather than throwing,
// so every result is checked, and the reason each one was passed over is kept for the user.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKEND_ORDER, type BackendChoice, type BackendName } from './protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

export interface BackendSelection {
  backend: BackendName;
  notes: string[];
}

export async function selectBackend(choice: BackendChoice, exclude: BackendName[] = []): Promise<BackendSelection> {
  const preferred = choice === 'auto' ? BACKEND_ORDER : [choice, ...BACKEND_ORDER.filter((b) => b !== choice)];
  const order = preferred.filter((b) => !exclude.includes(b));
  const notes: string[] = exclude.map((b) => `${label(b)} skipped: it failed earlier in this session.`);
  for (const name of order) {
    const problem = await tryBackend(name);
    if (problem === null) return { backend: name, notes };
    notes.push(`${label(name)} unavailable: ${problem}`);
  }
  throw new Error('No TensorFlow.js backend could start, not even the CPU one.');
}

async function tryBackend(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    if (!('gpu' in navigator)) return 'this browser has no WebGPU (navigator.gpu is missing).';
    const adapter = await navigator.gpu.requestAdapter().catch(() => null);
    if (!adapter) return 'no WebGPU adapter was offered (no suitable GPU, or it is blocked).';
  }
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return 'it failed to start.';
    await tf.ready();
    return tf.getBackend() === name ? null : 'it failed to start.';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const label = (b: BackendName) => ({ webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' })[b];

/** Calls back once if the WebGPU device is lost (tfjs itself ignores it); a no-op on other backends. */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device: GPUDevice }).device;
  void device.lost.then((info) => onLost(info.message || `the GPU device was ${info.reason ?? 'lost'}`));
}

/** Destroys the WebGPU device: a real device loss, for testing recovery. */
export function destroyDevice(): void {
  if (tf.getBackend() === 'webgpu') (tf.backend() as unknown as { device: GPUDevice }).device.destroy();
}
