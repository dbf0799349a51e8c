// The name speeds are kept under: the backend, the kernels and, on WebGPU, the adapter. A speed measured on
// one GPU says nothing about another, nor about the same GPU on other kernels.
import type { BackendName, KernelPath } from '../../shared/config';

export const deviceKey = (backend: BackendName, kernels: KernelPath, adapter: string): string =>
  `${backend}/${kernels}/${adapter}`;

/** The WebGPU adapter's vendor and architecture ("google swiftshader"), or the CPU's thread count. */
export async function adapterName(backend: BackendName): Promise<string> {
  const nav = (globalThis as { navigator?: typeof navigator }).navigator; // Node before 21 has none
  if (backend !== 'webgpu' || !nav || !('gpu' in nav)) return `${nav?.hardwareConcurrency ?? 0} threads`;
  const adapter = await nav.gpu.requestAdapter().catch(() => null);
  const info = adapter?.info;
  const words = [info?.vendor, info?.architecture, info?.device, info?.description].filter((w) => w && w.length > 0);
  return words.length > 0 ? words.join(' ').toLowerCase() : 'webgpu adapter';
}
