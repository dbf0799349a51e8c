// The benchmark of issue 3 for one config on the active backend: dispatches per timestep, median ms per
// training step (paths alternated in one page, after warm-up), generation speed and peak memory, per path.
// Runs wherever tfjs runs: the lab page in Chromium, or Node with Dawn (bench/nodeRuntime.mjs).
import * as tf from '@tensorflow/tfjs';
import type { PresetName } from '../model/config';
import { benchShape, type BenchShape } from './benchConfigs';
import { BENCH_PATHS, createPath, randomBatch, type BenchPathName, type TrainingPath } from './benchPaths';
import { memoryNow, watchPrograms, type ProgramWatch } from './programWatch';

export interface BenchOptions {
  config: PresetName;
  /** Timed steps per path (after untimed warm-up steps). */
  steps: number;
  /** Paths to run; the others are reported as null. */
  paths?: BenchPathName[];
  /** Characters generated per timed generation run. */
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
  dispatchesPerStep: number;
  /** Slope of dispatches over window length (windows of 4 and 8): the per-timestep loop alone. */
  dispatchesPerExtraTimestep: number;
  countUnit: 'programs' | 'kernels';
  peakGpuBytes: number | null;
  /** Peak tf.memory bytes of the untimed steps, by window length. */
  peakBytesByWindow: Record<number, number>;
  /** True when the full-window figures are extrapolated from windows 4 and 8. */
  extrapolated: boolean;
  /** Training throughput: batch × window characters per second (what bench/torch_gru.py also reports). */
  trainCharsPerSec: number | null;
  samplesMs: number[];
  topPrograms: Record<string, number>;
}

export interface BenchRecord {
  config: PresetName;
  backend: string;
  adapter: string;
  fused: PathResult | null;
  reference: PathResult | null;
  stock: PathResult | null;
  speedupVsReference: number | null;
  speedupVsStock: number | null;
  generationSpeedup: number | null;
  shape: BenchShape;
  details: Partial<Record<BenchPathName, PathDetails | { unavailable: string }>>;
}

const log = (line: string) => console.info(`[bench] ${line}`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** a + (x − x1)·(b − a)/(x2 − x1): a count or a peak at window x from its values at windows x1 and x2. */
const linear = (x: number, x1: number, a: number, x2: number, b: number) => a + ((x - x1) * (b - a)) / (x2 - x1);

/**
 * Untimed steps that also warm up: windows of 2 (creates optimizer state), 4 and 8 (their difference is the
 * per-timestep loop), then the full window (dispatches per step). All track peak memory from `baseline`.
 * With `extrapolate` the full window is skipped and its counts and peaks are extrapolated from 4 and 8
 * (both grow linearly with the window): for the Reference config on adapters where one step takes minutes.
 */
async function countAndWarm(path: TrainingPath, s: BenchShape, baseline: ReturnType<typeof memoryNow>, extrapolate: boolean) {
  const watchStep = async (window: number, seed: number) =>
    (await watchPrograms(() => path.step(randomBatch(s, window, seed)), baseline)).watch;
  const windows = extrapolate ? [2, 4, 8] : [2, 4, 8, s.window];
  const watches: ProgramWatch[] = [];
  for (const [i, window] of windows.entries()) watches.push(await watchStep(window, i + 2));
  const [, short, long, full] = watches;
  const at = (f: (w: ProgramWatch) => number) => (full ? f(full) : linear(s.window, 4, f(short), 8, f(long)));
  const top = Object.entries((full ?? long).byName).sort((a, b) => b[1] - a[1]).slice(0, 8);
  return {
    dispatchesPerStep: at((w) => w.programs),
    dispatchesPerExtraTimestep: (long.programs - short.programs) / 4,
    countUnit: short.unit,
    peakBytes: Math.max(at((w) => w.peakBytes), ...watches.map((w) => w.peakBytes)),
    peakGpuBytes: short.peakGpuBytes === null ? null : Math.max(at((w) => w.peakGpuBytes ?? 0), ...watches.map((w) => w.peakGpuBytes ?? 0)),
    peakBytesByWindow: Object.fromEntries(windows.map((w, i) => [w, watches[i].peakBytes])),
    extrapolated: !full,
    topPrograms: Object.fromEntries(top),
  };
}

/** Characters per second of the path's generation (one untimed run first). */
async function generationRate(path: TrainingPath, s: BenchShape, count: number): Promise<number | null> {
  if (!path.generate) return null;
  const seed = Array.from(randomBatch(s, 8, 4).inputs.subarray(0, 8));
  await path.generate(seed, count);
  const start = performance.now();
  await path.generate(seed, count);
  return (1000 * count) / (performance.now() - start);
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
      record.details[name] = { unavailable: e instanceof Error ? e.message : String(e) };
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
    log(`${s.config} round ${i + 1}/${steps}: ${order.map((p) => `${p.name} ${samples.get(p.name)!.at(-1)!.toFixed(0)} ms`).join(', ')}`);
  }
  return samples;
}

const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? a / b : null);

/** The issue's fields for one path, and the details beside them. */
async function pathRecord(path: TrainingPath, c: Counts, ms: number[], s: BenchShape, chars: number) {
  if (path.generate) log(`${s.config} ${path.name}: generation`);
  const msPerStep = median(ms);
  const result: PathResult = {
    dispatchesPerTimestep: c.dispatchesPerStep / s.window,
    msPerStep,
    charsPerSec: await generationRate(path, s, chars),
    peakBytes: c.peakBytes,
  };
  const details: PathDetails = {
    dispatchesPerStep: c.dispatchesPerStep,
    dispatchesPerExtraTimestep: c.dispatchesPerExtraTimestep,
    countUnit: c.countUnit,
    peakGpuBytes: c.peakGpuBytes,
    peakBytesByWindow: c.peakBytesByWindow,
    extrapolated: c.extrapolated,
    trainCharsPerSec: msPerStep ? (1000 * s.batch * s.window) / msPerStep : null,
    samplesMs: ms.map((x) => Math.round(x * 10) / 10),
    topPrograms: c.topPrograms,
  };
  return { result, details };
}

export async function runBench(opts: BenchOptions): Promise<BenchRecord> {
  const s = benchShape(opts.config);
  const record: BenchRecord = {
    config: opts.config, backend: tf.getBackend(), adapter: await adapterName(),
    fused: null, reference: null, stock: null,
    speedupVsReference: null, speedupVsStock: null, generationSpeedup: null,
    shape: s, details: {},
  };
  const extrapolate = opts.extrapolate ?? false;
  const live = await preparePaths(opts.paths ?? [...BENCH_PATHS], s, record, extrapolate);
  try {
    const samples = await timeRounds(live.map((l) => l.path), s, extrapolate ? 0 : opts.steps);
    for (const { path, counts } of live) {
      const { result, details } = await pathRecord(path, counts, samples.get(path.name)!, s, opts.generateChars ?? 64);
      record[path.name] = result;
      record.details[path.name] = details;
    }
  } finally {
    for (const { path } of live) path.dispose();
  }
  record.speedupVsReference = ratio(record.reference?.msPerStep, record.fused?.msPerStep);
  record.speedupVsStock = ratio(record.stock?.msPerStep, record.fused?.msPerStep);
  record.generationSpeedup = ratio(record.fused?.charsPerSec, record.reference?.charsPerSec);
  return record;
}
