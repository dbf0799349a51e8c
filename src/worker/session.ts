// The worker's state: the text, the run (model, optimizer, trainer) and what it is doing. Requests come in,
// events go out through `emit`; the trainer and the model know nothing about messages.
import * as tf from '@tensorflow/tfjs';
import { decodeTrainingText, fingerprintText } from '../data/text';
import { buildVocabulary, encodeText, type Vocabulary } from '../data/vocabulary';
import { CharDataset } from '../data/batches';
import { CharModel } from '../model/charModel';
import { Adam } from '../model/adam';
import { Trainer } from '../model/trainer';
import { initialWeights } from '../model/init';
import { parameterCount, validateConfig, type TrainConfig } from '../model/config';
import { captureCheckpoint, restoreTrainer, type RunIdentity } from '../model/snapshot';
import { checkpointSummary, encodeCheckpoint, parseCheckpoint } from '../checkpoint/checkpointFile';
import { CheckpointFormatError, type CheckpointData } from '../checkpoint/types';
import { destroyDevice, gpuSizeProblem, selectBackend, watchDevice } from './backend';
import { ProgressMeter } from './progressMeter';
import { GenerationJob } from './generationJob';
import { TemperatureGridJob, scoreText } from './decodingJob';
import type { DecodingChoice } from '../model/decodingConfig';
import type { TemperatureGridRequest } from './protocol';
import type { BackendChoice, BackendName, CheckpointReason, InjectedFault, KernelPath, RunState, WorkerEvent, WorkerRequest, StartRequest, ResumeRequest } from './protocol';
import { assertNever } from './protocol';
import type { EstimateTimeRequest } from './protocol';
import { characterHistogram, type CharacterCount } from '../data/histogram';
import { encodeForRun, vocabularyWithMap } from '../data/rareCharacters';
import { earlyStopMessage, judgeValidation } from '../model/earlyStopping';
import { RunInsight } from './runInsight';
import { sampleSeedText } from './trainingSamples';
import { estimateEpochTime } from './timeEstimate';

const OUT_OF_MEMORY_ADVICE =
  'The GPU ran out of memory. Use a smaller batch size or window length (or a smaller preset), then start again; your checkpoints are safe.';

export type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

interface LoadedText {
  name: string;
  text: string;
  ids: Int32Array;
  vocab: Vocabulary;
  fingerprint: string;
  histogram: CharacterCount[];
}

interface Run {
  trainer: Trainer;
  identity: RunIdentity;
  vocab: Vocabulary;
  /** Null after loading a checkpoint until a matching text is there to train on. */
  hasData: boolean;
  /** Samples, the best-validation snapshot and the rare-character map. */
  insight: RunInsight;
}

export class TrainingSession {
  private backend: BackendName = 'cpu';
  private backendNotes: string[] = [];
  /** The user's wish; fused kernels run only where the backend has them. */
  private fusedWanted = true;
  private allowFaults = false;
  private text: LoadedText | null = null;
  private run: Run | null = null;
  private state: RunState = 'idle';
  private stopAs: 'paused' | 'stopped' | null = null;
  private loop: Promise<void> | null = null;
  private generation: GenerationJob | null = null;
  private grid: TemperatureGridJob | null = null;
  /** A save asked for mid-step; done at the next step boundary, when no update is in flight. */
  private pendingSave: CheckpointReason | null = null;

  constructor(private readonly emit: Emit) {}

  async handle(req: WorkerRequest): Promise<void> {
    switch (req.type) {
      case 'init':
        this.allowFaults = req.allowFaults === true;
        return this.switchBackend(req.backend, req.exclude);
      case 'setBackend':
        return this.switchBackend(req.backend);
      case 'debugFault':
        if (!this.allowFaults) return;
        if (req.fault === 'nanWeights') return this.poisonWeights();
        injectFault(req.fault, this.emit);
        return;
      case 'setKernels':
        this.fusedWanted = req.fused;
        this.run?.trainer.model.useKernels(req.fused);
        return this.announceReady();
      case 'loadText':
        return this.loadText(req.name, new Uint8Array(req.bytes));
      case 'start':
        return this.start(req);
      case 'pause':
        return this.requestStop('paused');
      case 'resume':
        return this.resume(req);
      case 'stop':
        return this.state === 'paused' ? this.setState('stopped') : this.requestStop('stopped');
      case 'generate':
        return this.generate(req.seed, req.length, req.temperature, req.samplingSeed, { filters: req.filters, beamWidth: req.beamWidth });
      case 'stopGenerating':
        this.generation?.cancel();
        this.grid?.cancel();
        return;
      case 'temperatureGrid':
        return this.temperatureGrid(req);
      case 'score':
        if (!this.run) return this.notice('error', 'Train a model or load a checkpoint before scoring a text.');
        return scoreText(this.run.trainer.model, this.run.vocab, req, this.emit);
      case 'saveCheckpoint':
        if (this.state === 'training') this.pendingSave = req.reason;
        else await this.saveCheckpoint(req.reason);
        return;
      case 'loadCheckpoint':
        return this.loadCheckpoint(req.name, new Uint8Array(req.bytes), req.resume === true);
      case 'estimateTime':
        return this.estimateTime(req);
      default:
        assertNever(req);
    }
  }

  private notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.emit({ type: 'notice', level, message });
  }

  private setState(state: RunState, message?: string): void {
    this.state = state;
    this.emit({ type: 'runState', state, step: this.run?.trainer.step ?? 0, ...(message ? { message } : {}) });
  }

  private async switchBackend(choice: BackendChoice, exclude: BackendName[] = []): Promise<void> {
    if (this.state === 'training') return this.notice('error', 'Pause training before switching the backend.');
    // Move a live run across backends through a checkpoint in memory: nothing is lost.
    const saved = this.run ? await this.capture(`${this.run.identity.name}`) : null;
    this.disposeRun();
    const { backend, notes } = await selectBackend(choice, exclude);
    this.backend = backend;
    this.backendNotes = notes;
    watchDevice({
      onLost: (message) => {
        this.generation?.cancel();
        this.grid?.cancel();
        this.stopAs = 'paused';
        this.emit({ type: 'deviceLost', message });
      },
      onOutOfMemory: () => {
        this.stopAs = 'paused';
        this.notice('error', OUT_OF_MEMORY_ADVICE);
      },
    });
    if (saved) this.adoptCheckpoint(saved, 'backend switch');
    this.announceReady();
  }

  /** The kernels a model would run with now (the live model's, when there is one). */
  private get kernels(): KernelPath {
    return this.run?.trainer.model.kernels ?? (this.fusedWanted && this.backend === 'webgpu' ? 'fused' : 'reference');
  }

  private announceReady(): void {
    this.emit({ type: 'ready', backend: this.backend, kernels: this.kernels, fallbackNotes: this.backendNotes });
  }

  private loadText(name: string, bytes: Uint8Array): void {
    const decoded = decodeTrainingText(bytes);
    if (!decoded.ok) return this.emit({ type: 'textRejected', name, message: decoded.message });
    const vocab = buildVocabulary(decoded.text);
    const { ids } = encodeText(decoded.text, vocab);
    const histogram = characterHistogram(decoded.text);
    this.text = { name, text: decoded.text, ids, vocab, fingerprint: fingerprintText(decoded.text), histogram };
    this.emit({ type: 'textLoaded', name, characters: ids.length, distinctCharacters: vocab.chars.length, preview: [...decoded.text.slice(0, 400)].slice(0, 200).join(''), histogram });
    if (decoded.truncated) this.notice('warning', `“${name}” is larger than 50 MB; folio uses its first 50 MB.`);
  }

  private async start(req: StartRequest): Promise<void> {
    if (this.state === 'training') return this.notice('error', 'Training is already running. Pause or stop it first.');
    if (!this.text) return this.notice('error', 'Choose a training text first.');
    const encoded = encodeForRun(this.text, req.mergeRareBelow);
    if ('problem' in encoded) return this.notice('error', encoded.problem);
    const problems = validateConfig(req.model, req.train);
    const dataset = new CharDataset(encoded.ids, req.train);
    problems.push(...dataset.plan.errors);
    // The largest GPU buffer of a step: the fused path's saved state, 5·T·B·H floats.
    const sizeProblem = gpuSizeProblem(5 * req.train.windowLength * req.train.batchSize * req.model.units);
    if (sizeProblem) problems.push(sizeProblem);
    if (problems.length > 0) return this.notice('error', problems.join(' '));
    this.disposeRun();
    const config = { ...req.model, vocabSize: encoded.vocab.chars.length };
    const model = new CharModel(config, initialWeights(config, req.train.seed));
    model.useKernels(this.fusedWanted);
    const trainer = new Trainer(model, new Adam(model.weights), dataset, req.train);
    const runId = `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    const identity = { ...this.identityFor(runId, this.text), vocabulary: encoded.vocab.chars };
    const insight = new RunInsight(encoded.charMap, sampleSeedText(this.text.text));
    this.run = { trainer, identity, vocab: encoded.vocab, hasData: true, insight };
    this.announceModel('new run');
    this.startLoop();
  }

  private identityFor(runId: string, text: LoadedText): RunIdentity {
    return { runId, name: text.name, textName: text.name, textFingerprint: text.fingerprint, textCharacters: text.ids.length, vocabulary: text.vocab.chars };
  }

  private async resume(req: ResumeRequest): Promise<void> {
    const run = this.run;
    if (!run) return this.notice('error', 'There is no model to resume. Start training or load a checkpoint.');
    if (this.state === 'training') return;
    if (req.train) run.trainer.train = mergeResumable(run.trainer.train, req.train);
    if (!run.hasData && !this.attachText(run)) return;
    this.startLoop();
  }

  /** Gives a restored run the loaded text to train on, if that text suits its vocabulary. */
  private attachText(run: Run): boolean {
    const text = this.text;
    const wanted = run.identity.textName;
    if (!text) {
      this.notice('error', `Load the training text (“${wanted}”) to resume training this checkpoint.`);
      return false;
    }
    const same = text.fingerprint === run.identity.textFingerprint;
    const outside = text.vocab.chars.filter((c) => !run.vocab.ids.has(c));
    if (!same && outside.length > 0 && run.vocab.unknownId === undefined) {
      this.notice('error', `“${text.name}” has characters this model has never seen (${outside.slice(0, 10).join(' ')}). Load “${wanted}” to resume.`);
      return false;
    }
    // Re-encode with the model's vocabulary (ids differ when the text's own vocabulary is smaller).
    const { ids } = encodeText(text.text, run.vocab);
    run.trainer.data = new CharDataset(ids, run.trainer.train);
    run.hasData = true;
    run.insight.attachText(text.text);
    if (!same) this.notice('warning', `Continuing on “${text.name}”, not the text this checkpoint was trained on (“${wanted}”).`);
    return true;
  }

  private startLoop(): void {
    const run = this.run!;
    const meter = new ProgressMeter(() => ({ backend: this.backend, kernels: this.kernels }));
    const trainer = run.trainer;
    this.stopAs = null;
    this.setState('training');
    let lastStepAt = performance.now();
    this.loop = trainer
      .run({
        shouldStop: () => this.stopAs !== null,
        onStep: (r) => {
          const now = performance.now();
          const spe = trainer.data.plan.stepsPerEpoch;
          const epochProgress = r.position.batchInEpoch / spe;
          const event = meter.step({ ...r, skippedSteps: trainer.skippedSteps, epoch: r.position.epoch, epochProgress }, now - lastStepAt, trainer.totalSteps);
          lastStepAt = now;
          if (event) this.emit(event);
        },
        onValidation: (step, loss, improved) => {
          meter.validation(step, loss);
          run.insight.validated(improved);
        },
        afterStep: async (step) => {
          await this.afterStepInsight(run, step);
          const every = trainer.train.checkpointEvery;
          const reason = this.pendingSave ?? (every > 0 && step % every === 0 ? 'auto' : null);
          this.pendingSave = null;
          if (reason === 'auto') this.saveBest(step);
          if (reason) await this.saveCheckpoint(reason);
          lastStepAt = performance.now(); // checkpoint time is not training time
        },
      })
      .then(async (outcome) => {
        const last = meter.flush();
        if (last) this.emit(last);
        if (outcome === 'diverged') {
          this.saveBest(null);
          await this.saveCheckpoint('pause'); // the guard kept the weights finite; refused if they are not
          this.setState('paused', 'Training paused: the loss became NaN or infinite several steps in a row. Lower the learning rate, or load the last checkpoint, then resume.');
          return;
        }
        const final: RunState = outcome === 'finished' || outcome === 'earlyStopped' ? 'stopped' : (this.stopAs ?? 'paused');
        // Best checkpoints are automatic ones: with automatic checkpoints off, they are written only at the end.
        if (final === 'stopped' || trainer.train.checkpointEvery > 0) this.saveBest(trainer.step);
        await this.saveCheckpoint(final === 'paused' ? 'pause' : 'stop');
        const early = outcome === 'earlyStopped' ? earlyStopMessage(judgeValidation(trainer.history.validation, trainer.train.earlyStopPatience)) : undefined;
        this.setState(final, outcome === 'finished' ? `Finished ${trainer.train.epochs} epoch(s).` : early);
      })
      .catch((e: unknown) => {
        const text = errorText(e);
        const advice = /out of memory|allocat|OOM/i.test(text) ? ` ${OUT_OF_MEMORY_ADVICE}` : '';
        this.setState('paused', `Training stopped on an error: ${text}.${advice}`);
      });
  }

  private async requestStop(as: 'paused' | 'stopped'): Promise<void> {
    if (this.state !== 'training') return;
    this.stopAs = as;
    await this.loop;
  }

  private async capture(name: string): Promise<CheckpointData> {
    const run = this.run!;
    return { ...(await captureCheckpoint(run.trainer, { ...run.identity, name })), ...run.insight.checkpointExtras() };
  }

  /** Between steps: a sample when one is due, and a snapshot when validation just improved. */
  private async afterStepInsight(run: Run, step: number): Promise<void> {
    const capture = () => this.capture(`${run.identity.textName} · step ${step} · best`);
    const sample = await run.insight.afterStep(step, run.trainer, run.vocab, capture);
    if (sample) this.emit({ type: 'trainingSample', runId: run.identity.runId, sample });
  }

  /** Emits the unsaved best-validation snapshot, unless a save at `coveredStep` holds the same weights. */
  private saveBest(coveredStep: number | null): void {
    const best = this.run?.insight.takeBest(coveredStep);
    if (best) this.emitCheckpoint(best, 'best');
  }

  private async estimateTime(req: EstimateTimeRequest): Promise<void> {
    const refuse = (message: string) => this.emit({ type: 'timeEstimate', estimate: null, message });
    if (this.state === 'training') return refuse('Pause training first: the timed steps would slow the run and skew the measurement.');
    if (!this.text) return refuse('Choose a training text first.');
    this.emit(await estimateEpochTime({ text: this.text, request: req, backend: this.backend, fused: this.fusedWanted }));
  }

  private async saveCheckpoint(reason: CheckpointReason): Promise<void> {
    const run = this.run;
    if (!run) return this.notice('error', 'There is no model to save yet.');
    const label = reason === 'manual' ? 'saved' : reason === 'auto' ? 'autosave' : reason;
    const data = await this.capture(`${run.identity.textName} · step ${run.trainer.step} · ${label}`);
    this.emitCheckpoint(data, reason);
  }

  private emitCheckpoint(data: CheckpointData, reason: CheckpointReason): void {
    if (!Object.values(data.weights).every((t) => t.data.every(Number.isFinite))) {
      // Never store a model that cannot be used: the last good checkpoint stays the newest.
      return this.notice('error', 'Checkpoint not saved: the model\'s weights are not finite numbers. Load the last good checkpoint and lower the learning rate.');
    }
    const bytes = encodeCheckpoint(data);
    const id = `ckpt-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    this.emit({ type: 'checkpoint', summary: checkpointSummary(data, id, bytes.byteLength, reason), bytes: bytes.buffer as ArrayBuffer }, [bytes.buffer as ArrayBuffer]);
  }

  private async loadCheckpoint(name: string, bytes: Uint8Array, thenResume = false): Promise<void> {
    let data: CheckpointData;
    try {
      data = parseCheckpoint(bytes);
    } catch (e) {
      const why = e instanceof CheckpointFormatError ? e.message : errorText(e);
      return this.notice('error', `“${name}” could not be loaded: ${why}`);
    }
    await this.requestStop('paused');
    this.generation?.cancel();
    this.disposeRun();
    this.adoptCheckpoint(data, name);
    if (thenResume) await this.resume({ type: 'resume' });
  }

  /** Makes a checkpoint the live run, paused; trains only once a suitable text is attached. */
  private adoptCheckpoint(data: CheckpointData, source: string): void {
    const vocab = vocabularyWithMap(data.vocabulary, data.charMap ?? null);
    const empty = new CharDataset(new Int32Array(0), data.train);
    const trainer = restoreTrainer(data, empty);
    trainer.model.useKernels(this.fusedWanted);
    const identity: RunIdentity = { runId: data.runId, name: data.name, textName: data.textName, textFingerprint: data.textFingerprint, textCharacters: data.textCharacters, vocabulary: data.vocabulary };
    this.run = { trainer, identity, vocab, hasData: false, insight: RunInsight.fromCheckpoint(data) };
    if (this.text && this.text.fingerprint === data.textFingerprint) this.attachText(this.run);
    this.announceModel(source);
    this.setState('paused');
  }

  private announceModel(source: string): void {
    const { trainer, identity } = this.run!;
    this.emit({
      type: 'modelReady',
      runId: identity.runId,
      model: trainer.model.config,
      train: trainer.train,
      parameters: parameterCount(trainer.model.config),
      step: trainer.step,
      history: { train: [...trainer.history.train], validation: [...trainer.history.validation] },
      stepsPerEpoch: trainer.data.plan.stepsPerEpoch,
      source,
      textName: identity.textName,
      hasText: this.run!.hasData,
    });
  }

  private generate(seed: string, length: number, temperature: number, samplingSeed: number, decoding: DecodingChoice = {}): void {
    const run = this.run;
    if (!run) return this.notice('error', 'Train a model or load a checkpoint before generating.');
    this.generation?.cancel();
    const job = new GenerationJob(run.trainer.model, run.vocab, this.emit);
    this.generation = job;
    void job.run(seed, length, temperature, samplingSeed, decoding).finally(() => {
      if (this.generation === job) this.generation = null;
    });
  }

  private temperatureGrid(req: TemperatureGridRequest): void {
    const run = this.run;
    if (!run) return this.notice('error', 'Train a model or load a checkpoint before generating.');
    this.grid?.cancel();
    const job = new TemperatureGridJob(run.trainer.model, run.vocab, this.emit);
    this.grid = job;
    void job.run(req).finally(() => {
      if (this.grid === job) this.grid = null;
    });
  }

  private disposeRun(): void {
    if (!this.run) return;
    this.generation?.cancel();
    this.grid?.cancel();
    this.run.trainer.model.dispose();
    this.run.trainer.adam.dispose();
    this.run = null;
    this.state = 'idle';
  }

  /** Test hook: NaN in the output bias, so every following step's loss is NaN. */
  private poisonWeights(): void {
    const bias = this.run?.trainer.model.weights['fc.bias'];
    if (!bias) return;
    const nan = tf.fill(bias.shape, NaN);
    bias.assign(nan);
    nan.dispose();
  }

  /** Live tensor count, for tests. */
  get numTensors(): number {
    return tf.memory().numTensors;
  }
}

/** Settings that can change between pause and resume; the rest shape the data and stay as they were. */
function mergeResumable(current: TrainConfig, next: TrainConfig): TrainConfig {
  const { learningRate, clipNorm, epochs, evalEvery, checkpointEvery } = next;
  const { lrSchedule, warmupSteps, sampleEvery, earlyStopPatience } = next;
  return { ...current, learningRate, clipNorm, epochs, evalEvery, checkpointEvery, lrSchedule, warmupSteps, sampleEvery, earlyStopPatience };
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Test hook (only after init with allowFaults): fails the way a real fault would. */
function injectFault(fault: InjectedFault, emit: Emit): void {
  switch (fault) {
    case 'deviceLost':
      return destroyDevice();
    case 'throw':
      setTimeout(() => {
        throw new Error('injected fault: uncaught exception');
      });
      return;
    case 'unhandledRejection':
      void Promise.reject(new Error('injected fault: unhandled rejection'));
      return;
    case 'hang':
      setTimeout(() => {
        for (;;); // never yields again: heartbeats stop
      });
      return;
    case 'unreadable':
      (emit as (e: unknown) => void)({ type: 'no-such-event', payload: 42 });
      return;
    case 'nanWeights':
      return; // handled by the session, which owns the model
    default:
      assertNever(fault);
  }
}
