// Picks a tfjs backend: WebGPU, then WebGL, WASM, CPU. setBackend returns false rather than throwing,
// so every result is checked, and the reason each one was passed over is kept for the user.
import * as tf from './tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKEND_ORDER, type BackendChoice, type BackendName } from '../shared/config';
import { errorText } from '../shared/errors';
import { softwareAdapterName } from '../shared/softwareAdapter';
import { registerWebGpuBackend } from './webgpuDevice';

registerWebGpuBackend();

// WebGL and WASM are fallbacks: their code is fetched only when a run needs one, so the worker a WebGPU
// user loads holds WebGPU and the CPU backend alone.
const loadBackend: Partial<Record<BackendName, () => Promise<void>>> = {
  webgl: async () => {
    await import('@tensorflow/tfjs-backend-webgl');
  },
  wasm: async () => {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
  },
};

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
    await loadBackend[name]?.();
    const ok = await tf.setBackend(name);
    if (!ok) return 'it failed to start.';
    await tf.ready();
    return tf.getBackend() === name ? null : 'it failed to start.';
  } catch (e) {
    return errorText(e);
  }
}

/** The CPU implementation WebGPU runs on ("SwiftShader", "lavapipe"), or null: a GPU, or another backend. */
export async function softwareAdapter(backend: BackendName): Promise<string | null> {
  if (backend !== 'webgpu') return null;
  const adapter = await navigator.gpu.requestAdapter().catch(() => null);
  if (!adapter) return null;
  // isFallbackAdapter moved from the adapter to its info; browsers have one or the other.
  const older = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  return softwareAdapterName({
    isFallbackAdapter: info.isFallbackAdapter ?? older,
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
  });
}

const label = (b: BackendName) => ({ webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' })[b];

export interface DeviceWatch {
  onLost(message: string): void;
  onOutOfMemory(message: string): void;
  /** A GPU program failed validation: its dispatch did nothing, so results are wrong. */
  onProgramError(message: string): void;
}

/** Reports a lost WebGPU device and out-of-memory errors (tfjs itself ignores both); no-op elsewhere. */
export function watchDevice(watch: DeviceWatch): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = webgpuDevice();
  void device.lost.then((info) => watch.onLost(info.message || `the GPU device was ${info.reason ?? 'lost'}`));
  device.addEventListener('uncapturederror', (e) => {
    const error = (e as GPUUncapturedErrorEvent).error;
    if (typeof GPUOutOfMemoryError !== 'undefined' && error instanceof GPUOutOfMemoryError)
      watch.onOutOfMemory(error.message);
    else if (typeof GPUValidationError !== 'undefined' && error instanceof GPUValidationError)
      watch.onProgramError(error.message);
  });
}

/** Why a model of this size cannot run on this WebGPU device (a buffer over its limits), or null. */
export function gpuSizeProblem(floatsPerBuffer: number): string | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const { maxStorageBufferBindingSize, maxBufferSize } = webgpuDevice().limits;
  const limit = Math.min(maxStorageBufferBindingSize, maxBufferSize);
  const bytes = floatsPerBuffer * 4;
  if (bytes <= limit) return null;
  const mb = (n: number) => `${Math.ceil(n / 2 ** 20)} MB`;
  return `This model needs a GPU buffer of ${mb(bytes)}, more than this GPU allows (${mb(limit)}). Use a smaller batch size or window length, or fewer units.`;
}

/** The limits folio's kernels and tfjs's depend on (docs/kernels.md, "Device limits"), with the device's features. */
export const LIMITS_USED = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
] as const;

export function deviceFacts(): { limits: Record<string, number>; features: string[] } | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const { limits, features } = webgpuDevice();
  return { limits: Object.fromEntries(LIMITS_USED.map((name) => [name, limits[name]])), features: [...features] };
}

function webgpuDevice(): GPUDevice {
  return (tf.backend() as unknown as { device: GPUDevice }).device;
}

/** Destroys the WebGPU device: a real device loss, for testing recovery. */
export function destroyDevice(): void {
  if (tf.getBackend() === 'webgpu') webgpuDevice().destroy();
}
