// The WebGPU backend on a device that may bind more storage buffers per program than WebGPU's default 8.
// tfjs-backend-webgpu asks its device for the adapter's workgroup and buffer limits, but not for
// maxStorageBuffersPerShaderStage, and Adam binds every weight it updates in one dispatch
// (kernels/step/adamKernel.ts: at Tiny 7 weights + moments + gradients + guard = 10). So folio registers the
// same backend class under the same name, on a device that asks for those limits and that one too. A device
// that offers only the defaults still works: the programs read the limit from the device.
import * as tf from './tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

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

async function createBackend(): Promise<WebGPUBackend> {
  const lowPower = tf.env().getBool('WEBGPU_USE_LOW_POWER_GPU');
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: lowPower ? 'low-power' : 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter');
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
