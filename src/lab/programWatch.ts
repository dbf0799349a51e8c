// Watches an async piece of work on any backend: how many GPU programs it dispatches and the most memory
// tfjs held meanwhile. Hooks the backend's program runner (runWebGPUProgram, runWebGLProgram); backends
// without one (wasm, cpu) count kernels through the engine instead. Memory peaks are kept per segment,
// a segment ending at each readback (so a training step's forward/backward and its update are apart).
import * as tf from '../worker/tfjs';
import { rawDispatchListeners } from '../worker/kernels/dispatch/rawPass';

/** The most memory seen in one segment, relative to the watch's baseline. */
export interface MemorySegment {
  /** Highest tf.memory().numBytes minus the baseline. */
  peakBytes: number;
  /** Highest bytes in backend GPU buffers (WebGPU's buffer manager) minus the baseline; null elsewhere. */
  peakGpuBytes: number | null;
  /** The program about to run when peakBytes was seen (where the memory goes). */
  peakBefore: string;
}

export interface ProgramWatch {
  /** Programs dispatched (kernels run, on backends without a program runner). */
  programs: number;
  /** What was counted: 'programs' or 'kernels'. */
  unit: 'programs' | 'kernels';
  byName: Record<string, number>;
  /** tfjs kernel calls (engine.runKernel: ops, not folio's own programs). */
  kernelCalls: number;
  /** Bind groups created (WebGPU: tfjs makes one per dispatch; folio's raw loops one per loop and program). */
  bindGroups: number;
  /** Readbacks (backend read / readSync), and those before the first Adam program (the update) ran. */
  readbacks: number;
  readbacksBeforeUpdate: number;
  /** Peaks of the segments between readbacks, in order (the last one ends with the work). */
  segments: MemorySegment[];
}

/** Memory figures now: tensor bytes tfjs tracks, and bytes in GPU buffers where the backend reports them. */
export function memoryNow(): { bytes: number; gpuBytes: number | null } {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { bytes: m.numBytes, gpuBytes: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null };
}

type Method = (...args: unknown[]) => unknown;
type Hook = { target: Record<string, Method>; method: string; before: (args: unknown[]) => void };

/** The object and method name that dispatch programs on the active backend, if it has one. */
function programRunner(): { target: Record<string, Method>; method: string; unit: ProgramWatch['unit'] } {
  const backend = tf.backend() as unknown as Record<string, Method>;
  for (const method of ['runWebGPUProgram', 'runWebGLProgram']) {
    if (typeof backend[method] === 'function') return { target: backend, method, unit: 'programs' };
  }
  return { target: tf.engine() as unknown as Record<string, Method>, method: 'runKernel', unit: 'kernels' };
}

/** A name for what runs: the program's shader key (up to its first '_') or the kernel name. */
function nameOf(first: unknown): string {
  if (typeof first === 'string') return first;
  const p = first as { shaderKey?: string; constructor?: { name?: string } };
  if (typeof p.shaderKey === 'string') return p.shaderKey.split('_')[0];
  return p.constructor?.name ?? 'unknown';
}

/** Wraps each hooked method to call `before` first; returns a function that puts the originals back. */
function install(hooks: Hook[]): () => void {
  const present = hooks.filter(({ target, method }) => typeof target[method] === 'function');
  const originals = present.map(({ target, method, before }) => {
    const original = target[method];
    target[method] = function (this: unknown, ...args: unknown[]) {
      before(args);
      return original.apply(this, args);
    };
    return () => (target[method] = original);
  });
  return () => originals.reverse().forEach((restore) => restore());
}

/** Runs `work` with the program runner and readbacks watched; memory is relative to `baseline`. */
export async function watchPrograms<T>(
  work: () => Promise<T>,
  baseline = memoryNow(),
): Promise<{ result: T; watch: ProgramWatch }> {
  const runner = programRunner();
  const watch: ProgramWatch = {
    programs: 0,
    unit: runner.unit,
    byName: {},
    kernelCalls: 0,
    bindGroups: 0,
    readbacks: 0,
    readbacksBeforeUpdate: 0,
    segments: [],
  };
  let updating = false;
  let segment: MemorySegment = { peakBytes: 0, peakGpuBytes: baseline.gpuBytes === null ? null : 0, peakBefore: '' };
  const sample = (name: string) => {
    const now = memoryNow();
    if (now.bytes - baseline.bytes > segment.peakBytes) {
      segment.peakBytes = now.bytes - baseline.bytes;
      segment.peakBefore = name;
    }
    if (now.gpuBytes !== null && baseline.gpuBytes !== null) {
      segment.peakGpuBytes = Math.max(segment.peakGpuBytes ?? 0, now.gpuBytes - baseline.gpuBytes);
    }
  };
  const endSegment = (name: string) => {
    sample(name);
    if (name === '(readback)') {
      watch.readbacks++;
      if (!updating) watch.readbacksBeforeUpdate++;
    }
    watch.segments.push(segment);
    segment = { ...segment, peakBytes: 0, peakGpuBytes: segment.peakGpuBytes === null ? null : 0, peakBefore: '' };
  };
  const backend = tf.backend() as unknown as Record<string, Method>;
  const dispatch = (args: unknown[]) => {
    const name = nameOf(args[0]);
    sample(name); // before each dispatch: every earlier output is tracked by then
    if (/^folioAdam/.test(name)) updating = true;
    watch.programs++;
    if (runner.unit === 'kernels') watch.kernelCalls++;
    watch.byName[name] = (watch.byName[name] ?? 0) + 1;
  };
  const engine = tf.engine() as unknown as Record<string, Method>;
  const raw = (name: string) => dispatch([{ shaderKey: name }]); // folio's own pipelines (rawPass.ts)
  rawDispatchListeners.add(raw);
  const device = (backend as unknown as { device?: Record<string, Method> }).device;
  const uninstall = install([
    { target: runner.target, method: runner.method, before: dispatch },
    ...(device ? [{ target: device, method: 'createBindGroup', before: () => watch.bindGroups++ }] : []),
    ...(runner.target === engine ? [] : [{ target: engine, method: 'runKernel', before: () => watch.kernelCalls++ }]),
    { target: backend, method: 'read', before: () => endSegment('(readback)') },
    { target: backend, method: 'readSync', before: () => endSegment('(readback)') },
  ]);
  const restore = () => {
    uninstall();
    rawDispatchListeners.delete(raw);
  };
  try {
    const result = await work();
    endSegment('(end)');
    return { result, watch };
  } finally {
    restore();
  }
}

/** The highest peaks over all segments. */
export function overallPeak(watch: ProgramWatch): MemorySegment {
  const top = watch.segments.reduce((a, b) => (b.peakBytes > a.peakBytes ? b : a));
  const gpu = watch.segments.map((x) => x.peakGpuBytes).filter((x): x is number => x !== null);
  return { ...top, peakGpuBytes: gpu.length ? Math.max(...gpu) : null };
}
