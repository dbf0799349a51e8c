// Watches an async piece of work on any backend: how many GPU programs it dispatches and the most memory
// tfjs held meanwhile. Hooks the backend's program runner (runWebGPUProgram, runWebGLProgram); backends
// without one (wasm, cpu) count kernels through the engine instead.
import * as tf from '@tensorflow/tfjs';

export interface ProgramWatch {
  /** Programs dispatched (kernels run, on backends without a program runner). */
  programs: number;
  /** What was counted: 'programs' or 'kernels'. */
  unit: 'programs' | 'kernels';
  byName: Record<string, number>;
  /** Highest tf.memory().numBytes seen, minus `baselineBytes`. */
  peakBytes: number;
  /** Highest bytes in backend GPU buffers (WebGPU's buffer manager), minus its baseline; null elsewhere. */
  peakGpuBytes: number | null;
}

/** Memory figures now: tensor bytes tfjs tracks, and bytes in GPU buffers where the backend reports them. */
export function memoryNow(): { bytes: number; gpuBytes: number | null } {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { bytes: m.numBytes, gpuBytes: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null };
}

type Runner = (...args: unknown[]) => unknown;

/** The object and method name that dispatch programs on the active backend, if it has one. */
function programRunner(): { target: Record<string, Runner>; method: string; unit: ProgramWatch['unit'] } {
  const backend = tf.backend() as unknown as Record<string, Runner>;
  for (const method of ['runWebGPUProgram', 'runWebGLProgram']) {
    if (typeof backend[method] === 'function') return { target: backend, method, unit: 'programs' };
  }
  return { target: tf.engine() as unknown as Record<string, Runner>, method: 'runKernel', unit: 'kernels' };
}

/** A name for what runs: the program's shader key (up to its first '_') or the kernel name. */
function nameOf(first: unknown): string {
  if (typeof first === 'string') return first;
  const p = first as { shaderKey?: string; constructor?: { name?: string } };
  if (typeof p.shaderKey === 'string') return p.shaderKey.split('_')[0];
  return p.constructor?.name ?? 'unknown';
}

/** Runs `work` with the program runner wrapped; memory peaks are relative to the given baseline. */
export async function watchPrograms<T>(
  work: () => Promise<T>,
  baseline = memoryNow(),
): Promise<{ result: T; watch: ProgramWatch }> {
  const { target, method, unit } = programRunner();
  const original = target[method];
  const watch: ProgramWatch = { programs: 0, unit, byName: {}, peakBytes: 0, peakGpuBytes: baseline.gpuBytes === null ? null : 0 };
  const sample = () => {
    const now = memoryNow();
    watch.peakBytes = Math.max(watch.peakBytes, now.bytes - baseline.bytes);
    if (now.gpuBytes !== null && baseline.gpuBytes !== null) {
      watch.peakGpuBytes = Math.max(watch.peakGpuBytes ?? 0, now.gpuBytes - baseline.gpuBytes);
    }
  };
  target[method] = function (this: unknown, ...args: unknown[]) {
    sample(); // before each dispatch: every earlier output is tracked by then
    watch.programs++;
    const name = nameOf(args[0]);
    watch.byName[name] = (watch.byName[name] ?? 0) + 1;
    return original.apply(this, args);
  };
  try {
    const result = await work();
    sample();
    return { result, watch };
  } finally {
    target[method] = original;
  }
}
