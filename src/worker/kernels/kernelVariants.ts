// Which kernel variants run on this adapter: the matmul (workgroup-shared-memory tiles or register tiles)
// and how far the per-timestep programs split their K reduction across a workgroup. Tests force either.
import { webgpuBackend } from './dispatch/programRunner';

export type MatmulVariant = 'shared' | 'register';

/** What the adapter says about itself (tfjs keeps vendor/architecture; Chrome adds device.adapterInfo). */
export interface AdapterFacts {
  vendor: string;
  architecture: string;
  description: string;
}

export interface KernelVariants {
  matmul: MatmulVariant;
  /** Upper bound on K slices per output tile in the timestep programs (1 = no split, no shared memory). */
  maxStepSplit: number;
  /**
   * Largest hidden size whose time loops run as one dispatch per window each way (gruWindow.ts) instead of
   * one per timestep; 0 = never. The shape must also fit a workgroup (windowTiling).
   */
  wholeWindowUnits: number;
  /** Largest hidden size for which generation writes a whole chunk in one dispatch (gruChunk.ts); 0 = never. */
  wholeChunkUnits: number;
}

/** Forced choices (tests, lab); undefined fields fall back to the adapter's choice. */
let forced: Partial<KernelVariants> = {};

/** Forces variants (a forced maxStepSplit is used exactly, at any shape); `{}` restores the adapter's choice. */
export function forceKernelVariants(v: Partial<KernelVariants>): void {
  const s = v.maxStepSplit;
  if (s !== undefined && !(Number.isInteger(s) && s >= 1 && s <= 64 && (s & (s - 1)) === 0)) {
    throw new Error(`step split must be a power of two in [1, 64], got ${s}`);
  }
  for (const key of ['wholeWindowUnits', 'wholeChunkUnits'] as const) {
    const w = v[key];
    if (w !== undefined && !(Number.isInteger(w) && w >= 0)) throw new Error(`${key} must be ≥ 0, got ${w}`);
  }
  forced = { ...v };
}

export function adapterFacts(): AdapterFacts {
  const backend = webgpuBackend() as unknown as {
    adapterInfo?: { vendor?: string; architecture?: string };
    device?: { adapterInfo?: { vendor?: string; architecture?: string; description?: string } };
  };
  const fromTfjs = backend.adapterInfo ?? {};
  const fromDevice = backend.device?.adapterInfo ?? {};
  return {
    vendor: fromDevice.vendor ?? fromTfjs.vendor ?? '',
    architecture: fromDevice.architecture ?? fromTfjs.architecture ?? '',
    description: fromDevice.description ?? '',
  };
}

/** True for SwiftShader (Chrome's CPU Vulkan): a CPU runs workgroup memory and barriers ~10× slower. */
export function isCpuEmulation(a: AdapterFacts): boolean {
  if (a.architecture.toLowerCase() === 'swiftshader') return true;
  return a.vendor.toLowerCase() === 'google' && /swiftshader/i.test(a.description);
}

/**
 * Whole-window and whole-chunk cut-offs (docs/kernels.md, "Whole-window programs"). SwiftShader, measured
 * (`npm run bench`, lab timings): the window programs tie or win at GRU 32 (batch 8) and lose from GRU 64 at
 * batch 32 (its barriers cost about what a dispatch does); one-dispatch chunks write 3–5× faster up to GRU 512.
 * A GPU, by counting (unmeasured, no GPU lent yet): up to H = 128 a timestep is ≤ 3·128 vec4 loads per
 * invocation from cache, far under a dispatch's fixed cost, the range where cuDNN keeps its persistent kernel;
 * above it the per-timestep programs spread one timestep's W_hh over many workgroups, and a chunk's one
 * workgroup would read all of W_hh on one compute unit per character.
 */
const CPU_WHOLE_WINDOW_UNITS = 32;
const GPU_WHOLE_WINDOW_UNITS = 128;
const CPU_WHOLE_CHUNK_UNITS = 512;
const GPU_WHOLE_CHUNK_UNITS = 128;

/**
 * The choice per adapter. Real GPUs: shared-memory matmul tiles (each staged element feeds 64 products from
 * fast memory) and split-K timestep programs (B=64, H=1024: 16 slices of 64 k, 256 workgroups of 256). A CPU
 * emulation has a few cores, so 64 workgroups already fill it, and its shared memory is slow: register tiles, no split.
 */
export function chooseKernelVariants(a: AdapterFacts): KernelVariants {
  return isCpuEmulation(a)
    ? {
        matmul: 'register',
        maxStepSplit: 1,
        wholeWindowUnits: CPU_WHOLE_WINDOW_UNITS,
        wholeChunkUnits: CPU_WHOLE_CHUNK_UNITS,
      }
    : {
        matmul: 'shared',
        maxStepSplit: 16,
        wholeWindowUnits: GPU_WHOLE_WINDOW_UNITS,
        wholeChunkUnits: GPU_WHOLE_CHUNK_UNITS,
      };
}

let chosen: { backend: unknown; variants: KernelVariants } | undefined;

/** The variants in effect: forced ones first, then the adapter's choice (cached per backend instance). */
export function kernelVariants(): KernelVariants {
  const backend = webgpuBackend();
  if (chosen?.backend !== backend) chosen = { backend, variants: chooseKernelVariants(adapterFacts()) };
  return { ...chosen.variants, ...forced };
}

/** Invocations that keep a large GPU busy (≈132 SMs × 2 × 256); the K split stops growing here. */
const TARGET_INVOCATIONS = 65536;
/** Shortest K slice worth a shared-memory reduction. */
const MIN_SLICE = 32;

/** K slices per tile for a timestep program with `tiles` output tiles and a reduction of length k. */
export function stepSplit(tiles: number, k: number, maxSplit = kernelVariants().maxStepSplit): number {
  if (forced.maxStepSplit !== undefined) return forced.maxStepSplit; // forced: exact, for tests at any shape
  let s = 1;
  while (s * 2 <= maxSplit && tiles * s < TARGET_INVOCATIONS && k / (s * 2) >= MIN_SLICE) s *= 2;
  return s;
}
