// How folio's WebGPU device is requested. tfjs's own factory asks for the adapter's highest values of six
// limits (docs/kernels.md, "Device limits"), and for timestamp-query and bgra8unorm-storage when offered. A test
// hook (?defaultLimits) asks for none of them instead: the device then has WebGPU's guaranteed limits only
// (16,384 bytes of workgroup storage, 256 invocations per workgroup, 8 storage buffers per stage, 128 MiB per
// storage binding, 256 MiB per buffer), what Safari on an iPhone and many integrated GPUs offer.
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from './tfjs';

/** 'adapter': tfjs's request (the adapter's limits); 'default': WebGPU's guaranteed limits, no optional features. */
export type DeviceLimits = 'adapter' | 'default';

let requested: DeviceLimits = 'adapter';

/** Makes the next WebGPU backend start on a device with these limits (the WebGPU backend is re-registered). */
export function requestDeviceLimits(limits: DeviceLimits): void {
  if (limits === requested || typeof navigator === 'undefined' || !('gpu' in navigator)) return;
  requested = limits;
  if (limits === 'adapter') return; // tfjs's factory is gone once replaced; only tests switch, once, at start
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu'); // tfjs's factory, started or not
  tf.registerBackend('webgpu', defaultLimitsBackend, 3);
}

export const deviceLimitsRequested = (): DeviceLimits => requested;

async function defaultLimitsBackend(): Promise<WebGPUBackend> {
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter was offered');
  const device = await adapter.requestDevice({ requiredFeatures: [], requiredLimits: {} });
  return new WebGPUBackend(device, adapter.info);
}
