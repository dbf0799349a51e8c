// The benchmark of issue 3 for one config on the active backend: dispatches per timestep, median ms per
// training step (paths alternated in one page, after warm-up), generation speed and peak memory, per path.
// Runs wherever tfjs runs: the lab page in Chromium, or Node with Dawn (bench/nodeRuntime.mjs).
import * as tf from '../worker/tfjs';
import { benchShape, type BenchConfig, type BenchShape } from './benchConfigs';
import type { CellName } from '../shared/cell';
import { DEFAULT_BENCH_PATHS, createPath, randomBatch, type BenchPathName, type TrainingPath } from './benchPaths';
import { memoryNow, overallPeak, watchPrograms, type MemorySegment, type ProgramWatch } from './programWatch';
import { errorText } from '../shared/errors';
import {
  countedFigures,
  generationDispatches,
  generationTargets,
  type CountedFigures,
  type CountedTarget,
} from './benchCounted';
import { loopBench, type LoopBench } from './benchLoop';
import { median } from './median';

export interface BenchOptions {
  config: BenchConfig;
  /** The cell the config's model is built with (default: the GRU). */
  cell?: CellName;
  /** Timed steps per path (after untimed warm-up steps). */
  steps: number;
  /** Paths to run; the others are reported as null. `loop`: the app's training loop (benchLoop.ts). */
  paths?: Array<BenchPathName | 'loop'>;
  /** With `loop`: every depth of steps in flight (1, 2, 4, 8), not only the app's and the sequential one. */
  depths?: boolean;
  /** Characters per generation run (3 timed runs per path, alternating, after one untimed). */
  generateChars?: number;
  /** No full-window or timed steps: counts and peaks extrapolated from windows 4 and 8 (see countAndWarm). */
  extrapolate?: boolean;
}

/** The issue's fields for one path. */
export interface PathResult {
  dispatchesPerTimestep: number | null;
  msPerStep: number | null;
  charsPerSec: number | null;
  peakBytes: number | null;
}

/** What else was measured, for reading the table. */
export interface PathDetails {
  /** The recurrence that ran: fused or reference (the app's, as it chose for the cell here), or tf.layers. */
  kernels: TrainingPath['kernels'];
  dispatchesPerStep: number;
  /** Slope of dispatches over window length (windows of 4 and 8): the per-timestep loop alone. */
  dispatchesPerExtraTimestep: number;
  countUnit: 'programs' | 'kernels';
  peakGpuBytes: number | null;
  /** Peak tf.memory bytes of the untimed steps, by window length. */
  peakBytesByWindow: Record<number, number>;
  /** Peak per segment of a full-window step (forward/backward to the loss readback, the update, …). */
  peakBytesBySegment: number[];
  /** The program about to run at the peak (where the memory goes). */
  peakBefore: string;
  /** True when the full-window figures are extrapolated from windows 4 and 8. */
  extrapolated: boolean;
  /** Training throughput: batch × window characters per second (what bench/torch_gru.py also reports). */
  trainCharsPerSec: number | null;
  samplesMs: number[];
  topPrograms: Record<string, number>;
  counted: CountedFigures; // issue 10's counted targets (benchCounted.ts)
}

export interface BenchRecord {
  config: BenchConfig;
  cell: CellName;
  backend: string;
  adapter: string;
  fused: PathResult | null;
  /** The fused path forced to one dispatch per timestep and per generated character (the path before). */
  steps: PathResult | null;
  /** The fused path forced to whole-window and whole-chunk programs where the shape allows. */
  window: PathResult | null;
  reference: PathResult | null;
  stock: PathResult | null;
  speedupVsReference: number | null;
  speedupVsStock: number | null;
  generationSpeedup: number | null;
  /** Per-timestep path's ms/step over the fused path's (or the window path's when the fused path did not run). */
  speedupVsSteps: number | null;
  generationSpeedupVsSteps: number | null;
  /** The app's training loop with steps in flight (benchLoop.ts): `msPerStep` and `charsPerSec` in the loop. */
  loop: PathResult | null;
  /** Characters per second in the loop, steps in flight over the sequential loop. */
  loopSpeedupVsSequential: number | null;
  shape: BenchShape;
  details: Partial<Record<BenchPathName, PathDetails | { unavailable: string }>> & {
    loop?: (LoopBench & { counted: LoopCounted }) | { unavailable: string };
  };
}

/** The loop's counted figures (they carry over between machines, save the time rule on a slow device). */
export interface LoopCounted {
  readbacksPerStep: number;
  readbacksPerEvaluation: number;
  /** Programs per step outside the time loop (the fused step's, when that path ran). */
  fixedDispatches: number | null;
  dispatchesPerStep: number;
  targets: CountedTarget[];
}

const log = (line: string) => console.info(`[bench] ${line}`);

/** a + (x − x1)·(b − a)/(x2 − x1): a count or a peak at window x from its values at windows x1 and x2. */
const linear = (x: number, x1: number, a: number, x2: number, b: number) => a + ((x - x1) * (b - a)) / (x2 - x1);

/**
 * Peak memory of a full-window step: measured, or with `full` missing, each segment's peak (forward and
 * backward up to the loss readback, then the update, …) extrapolated from windows 4 and 8 and the highest
 * taken. Each segment's peak grows linearly with the window; their maximum does not.
 */
function fullWindowPeak(short: ProgramWatch, long: ProgramWatch, full: ProgramWatch | undefined, window: number) {
  if (full) return { ...overallPeak(full), bySegment: full.segments.map((x) => x.peakBytes) };
  if (short.segments.length !== long.segments.length) throw new Error('windows 4 and 8 read back at different points');
  const segments: MemorySegment[] = long.segments.map((l, k) => {
    const sh = short.segments[k];
    const gpu =
      l.peakGpuBytes === null || sh.peakGpuBytes === null
        ? null
        : linear(window, 4, sh.peakGpuBytes, 8, l.peakGpuBytes);
    return { peakBytes: linear(window, 4, sh.peakBytes, 8, l.peakBytes), peakGpuBytes: gpu, peakBefore: l.peakBefore };
  });
  return { ...overallPeak({ ...long, segments }), bySegment: segments.map((x) => x.peakBytes) };
}

/**
 * Untimed steps that also warm up: windows of 2 (creates optimizer state), 4 and 8 (their difference is the
 * per-timestep loop), then the full window (dispatches per step, peak memory). With `extrapolate` the full
 * window is skipped and its figures extrapolated from 4 and 8: for Reference where one step takes minutes.
 */
async function countAndWarm(
  path: TrainingPath,
  s: BenchShape,
  baseline: ReturnType<typeof memoryNow>,
  extrapolate: boolean,
) {
  const watchStep = async (window: number, seed: number) =>
    (await watchPrograms(() => path.step(randomBatch(s, window, seed)), baseline)).watch;
  const windows = extrapolate ? [2, 4, 8] : [2, 4, 8, s.window];
  const watches: ProgramWatch[] = [];
  for (const [i, window] of windows.entries()) watches.push(await watchStep(window, i + 2));
  const [, short, long, full] = watches;
  const peak = fullWindowPeak(short, long, full, s.window);
  const top = Object.entries((full ?? long).byName)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  return {
    dispatchesPerStep: full ? full.programs : linear(s.window, 4, short.programs, 8, long.programs),
    dispatchesPerExtraTimestep: (long.programs - short.programs) / 4,
    countUnit: short.unit,
    peakBytes: peak.peakBytes,
    peakGpuBytes: peak.peakGpuBytes,
    peakBytesBySegment: peak.bySegment,
    peakBefore: peak.peakBefore,
    peakBytesByWindow: Object.fromEntries(windows.map((w, i) => [w, overallPeak(watches[i]).peakBytes])),
    extrapolated: !full,
    topPrograms: Object.fromEntries(top),
    counted: countedFigures(s, path.kernels === 'fused', short, long),
  };
}

/** Characters per second of each path's generation: one untimed run each, then `rounds` alternating runs. */
async function generationRates(paths: TrainingPath[], s: BenchShape, count: number, rounds = 3) {
  const seed = Array.from(randomBatch(s, 8, 9).inputs.subarray(0, 8));
  const generating = paths.filter((p) => p.generate);
  const samples = new Map<BenchPathName, number[]>(generating.map((p) => [p.name, []]));
  const perChar = new Map<BenchPathName, { perChar: number; perChunk: number }>();
  for (const path of generating) {
    log(`${s.config} ${path.name}: generation`);
    await path.generate!(seed, count);
    if (path.chunk) perChar.set(path.name, await generationDispatches(path.chunk));
  }
  for (let i = 0; i < rounds; i++) {
    for (const path of generating) {
      const start = performance.now();
      await path.generate!(seed, count);
      samples.get(path.name)!.push((1000 * count) / (performance.now() - start));
    }
  }
  return { charsPerSec: (name: BenchPathName) => median(samples.get(name) ?? []), perChar };
}

export async function adapterName(): Promise<string> {
  const backend = tf.getBackend();
  if (backend === 'webgpu') {
    const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
    const adapter = await navigator.gpu.requestAdapter().catch(() => null);
    return [info?.vendor, info?.architecture, adapter?.info?.description].filter((x) => x).join(' / ');
  }
  if (backend === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'webgl';
  }
  return `${backend} (CPU)`;
}

type Counts = Awaited<ReturnType<typeof countAndWarm>>;

/** Creates each wanted path and runs its untimed steps; a path that can't run here is noted and skipped. */
async function preparePaths(wanted: BenchPathName[], s: BenchShape, record: BenchRecord, extrapolate: boolean) {
  const live: Array<{ path: TrainingPath; counts: Counts }> = [];
  for (const name of wanted) {
    const baseline = memoryNow(); // before the path's weights and optimizer state exist
    let path: TrainingPath | null = null;
    try {
      path = createPath(name, s);
      if (!path) {
        record.details[name] = { unavailable: `needs the webgpu backend (this is ${record.backend})` };
        continue;
      }
      log(`${s.config} ${name}: warm-up and dispatch count`);
      live.push({ path, counts: await countAndWarm(path, s, baseline, extrapolate) });
    } catch (e) {
      record.details[name] = { unavailable: errorText(e) };
      path?.dispose();
    }
  }
  return live;
}

/** `steps` rounds of one step per path, the order rotated each round; wall times in ms per path. */
async function timeRounds(paths: TrainingPath[], s: BenchShape, steps: number): Promise<Map<BenchPathName, number[]>> {
  const samples = new Map<BenchPathName, number[]>(paths.map((p) => [p.name, []]));
  const batch = randomBatch(s);
  for (let i = 0; i < steps; i++) {
    const order = paths.map((_, k) => paths[(k + i) % paths.length]);
    for (const path of order) {
      const start = performance.now();
      await path.step(batch);
      samples.get(path.name)!.push(performance.now() - start);
    }
    log(
      `${s.config} round ${i + 1}/${steps}: ${order.map((p) => `${p.name} ${samples.get(p.name)!.at(-1)!.toFixed(0)} ms`).join(', ')}`,
    );
  }
  return samples;
}

const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? a / b : null);

/** The issue's fields for one path, and the details beside them. */
function pathRecord(
  c: Counts,
  kernels: TrainingPath['kernels'],
  ms: number[],
  s: BenchShape,
  charsPerSec: number | null,
) {
  const msPerStep = median(ms);
  const result: PathResult = {
    dispatchesPerTimestep: c.dispatchesPerStep / s.window,
    msPerStep,
    charsPerSec,
    peakBytes: c.peakBytes,
  };
  const details: PathDetails = {
    kernels,
    dispatchesPerStep: c.dispatchesPerStep,
    dispatchesPerExtraTimestep: c.dispatchesPerExtraTimestep,
    countUnit: c.countUnit,
    peakGpuBytes: c.peakGpuBytes,
    peakBytesByWindow: c.peakBytesByWindow,
    peakBytesBySegment: c.peakBytesBySegment,
    peakBefore: c.peakBefore,
    extrapolated: c.extrapolated,
    trainCharsPerSec: msPerStep ? (1000 * s.batch * s.window) / msPerStep : null,
    samplesMs: ms.map((x) => Math.round(x * 10) / 10),
    topPrograms: c.topPrograms,
    counted: c.counted,
  };
  return { result, details };
}

export async function runBench(opts: BenchOptions): Promise<BenchRecord> {
  const s = benchShape(opts.config, opts.cell);
  const record: BenchRecord = {
    config: opts.config,
    cell: s.cell,
    backend: tf.getBackend(),
    adapter: await adapterName(),
    fused: null,
    steps: null,
    window: null,
    reference: null,
    stock: null,
    speedupVsReference: null,
    speedupVsStock: null,
    generationSpeedup: null,
    speedupVsSteps: null,
    generationSpeedupVsSteps: null,
    loop: null,
    loopSpeedupVsSequential: null,
    shape: s,
    details: {},
  };
  const extrapolate = opts.extrapolate ?? false;
  const wanted = opts.paths ?? [...DEFAULT_BENCH_PATHS];
  const stepPaths = wanted.filter((p): p is BenchPathName => p !== 'loop');
  const live = await preparePaths(stepPaths, s, record, extrapolate);
  try {
    const paths = live.map((l) => l.path);
    const samples = await timeRounds(paths, s, extrapolate ? 0 : opts.steps);
    const { charsPerSec, perChar } = await generationRates(paths, s, opts.generateChars ?? 64);
    for (const { path, counts } of live) {
      counts.counted.generationDispatchesPerChar = perChar.get(path.name)?.perChar;
      counts.counted.generationDispatchesPerChunk = perChar.get(path.name)?.perChunk;
      generationTargets(counts.counted);
      const { result, details } = pathRecord(counts, path.kernels, samples.get(path.name)!, s, charsPerSec(path.name));
      record[path.name] = result;
      record.details[path.name] = details;
    }
  } finally {
    for (const { path } of live) path.dispose();
  }
  if (wanted.includes('loop')) await benchLoopPath(record, s, opts);
  record.speedupVsReference = ratio(record.reference?.msPerStep, record.fused?.msPerStep);
  record.speedupVsStock = ratio(record.stock?.msPerStep, record.fused?.msPerStep);
  record.generationSpeedup = ratio(record.fused?.charsPerSec, record.reference?.charsPerSec);
  const fast = record.fused ?? record.window;
  record.speedupVsSteps = ratio(record.steps?.msPerStep, fast?.msPerStep);
  record.generationSpeedupVsSteps = ratio(fast?.charsPerSec, record.steps?.charsPerSec);
  return record;
}

/** The loop path: steps in flight against the sequential loop, with its counted figures (benchLoop.ts). */
async function benchLoopPath(record: BenchRecord, s: BenchShape, opts: BenchOptions): Promise<void> {
  if (record.backend !== 'webgpu') {
    record.details.loop = { unavailable: `needs the webgpu backend (this is ${record.backend})` };
    return;
  }
  try {
    log(`${s.config} loop: the app's training loop, steps in flight and sequential`);
    const steps = Math.max(16, opts.steps * 8);
    const bench = await loopBench(s, steps, 3, opts.depths ?? false);
    const fused = record.details.fused;
    const fixedDispatches = fused && 'counted' in fused ? fused.counted.fixedDispatches : null;
    const counted: LoopCounted = {
      readbacksPerStep: bench.pipelined.readbacksPerStep,
      readbacksPerEvaluation: bench.readbacksPerEvaluation,
      fixedDispatches,
      dispatchesPerStep: bench.pipelined.dispatchesPerStep,
      targets: [
        atMostTarget('blocking readbacks per step in the loop (steady state)', bench.pipelined.readWaitsPerStep, 1 / 8),
        atMostTarget('readbacks per evaluation', bench.readbacksPerEvaluation, 1),
      ],
    };
    record.loop = {
      dispatchesPerTimestep: bench.pipelined.dispatchesPerStep / s.window,
      msPerStep: bench.pipelined.msPerStep,
      charsPerSec: bench.pipelined.charsPerSec,
      peakBytes: null,
    };
    record.loopSpeedupVsSequential = bench.speedup;
    record.details.loop = { ...bench, counted };
  } catch (e) {
    record.details.loop = { unavailable: errorText(e) };
  }
}

const atMostTarget = (name: string, value: number, limit: number): CountedTarget => ({
  name,
  value,
  target: `≤ ${+limit.toFixed(3)}`,
  ok: value <= limit + 1e-9,
});
