// How folio's WebGPU device is requested. tfjs-backend-webgpu asks its device for the adapter's highest values
// of six limits (workgroup storage and size, workgroups per dimension, storage binding and buffer size), but
// not for maxStorageBuffersPerShaderStage, and Adam binds every weight it updates in one dispatch
// (kernels/step/adamKernel.ts: at Tiny 7 weights + moments + gradients + guard = 10). So folio registers the
// same backend class under the same name, on a device that asks for those limits and that one too
// (docs/kernels.md, "Device limits"). A test hook (?defaultLimits) asks for none instead: the device then has
// WebGPU's guaranteed limits only (16,384 bytes of workgroup storage, 256 invocations per workgroup, 8 storage
// buffers per stage, 128 MiB per storage binding, 256 MiB per buffer), what Safari on an iPhone and many
// integrated GPUs offer; the programs read the limits from the device and still run.
import * as tf from './tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

/** 'adapter': the adapter's limits (tfjs's list and storage buffers); 'default': WebGPU's guaranteed limits. */
export type DeviceLimits = 'adapter' | 'default';

/** Limits the device takes at the adapter's values (tfjs's own list, plus the storage buffers per program). */
const ADAPTER_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

let requested: DeviceLimits = 'adapter';

async function createBackend(): Promise<WebGPUBackend> {
  const lowPower = tf.env().getBool('WEBGPU_USE_LOW_POWER_GPU');
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: lowPower ? 'low-power' : 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter was offered');
  if (requested === 'default') {
    const device = await adapter.requestDevice({ requiredFeatures: [], requiredLimits: {} });
    return new WebGPUBackend(device, adapter.info);
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of ADAPTER_LIMITS) requiredLimits[name] = adapter.limits[name];
  // timestamp-query as tfjs asks for it (its profiler); folio writes no bgra8 storage textures.
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  return new WebGPUBackend(device, adapter.info);
}

/** Replaces tfjs's WebGPU factory (same name and priority) before any backend is set; no-op without WebGPU. */
export function registerWebGpuBackend(): void {
  if (typeof navigator === 'undefined' || !('gpu' in navigator)) return;
  if (!tf.findBackendFactory('webgpu') || tf.findBackend('webgpu')) return; // none, or started: keep its device
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', createBackend, 3);
}

/** Makes the next WebGPU backend start on a device with these limits (tests switch once, at start). */
export function requestDeviceLimits(limits: DeviceLimits): void {
  if (limits === requested || typeof navigator === 'undefined' || !('gpu' in navigator)) return;
  requested = limits;
  if (tf.findBackend('webgpu')) tf.removeBackend('webgpu'); // started on the other limits: start again
  if (!tf.findBackendFactory('webgpu')) tf.registerBackend('webgpu', createBackend, 3);
}

export const deviceLimitsRequested = (): DeviceLimits => requested;
