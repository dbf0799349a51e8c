// The worker's state: the text, the run (model, optimizer, trainer) and what it is doing. Requests come in,
// events go out through `emit`; the trainer and the model know nothing about messages.
import * as tf from '@tensorflow/tfjs';
import type { Vocabulary } from '../data/vocabulary';
import { CharDataset } from '../data/batches';
import { CharModel } from '../model/charModel';
import { Adam } from '../model/adam';
import { Trainer } from '../model/trainer';
import { initialWeights } from '../model/init';
import { parameterCount, validateConfig } from '../model/config';
import { captureCheckpoint, restoreTrainer, type RunIdentity } from '../model/snapshot';
import type { CheckpointData } from '../checkpoint/types';
import { gpuSizeProblem, selectBackend, watchDevice } from './backend';
import { checkpointEvent, errorText, mergeResumable, parseForLoad } from './checkpointEvents';
import { injectFault } from './faults';
import { probeLiveState } from './liveState';
import { JobSlot } from './jobSlot';
import { fitTextToRun, loadText, type LoadedText } from './loadedText';
import { ProgressMeter } from './progressMeter';
import { GenerationJob } from './generationJob';
import { TemperatureGridJob, scoreText } from './decodingJob';
import type { DecodingChoice } from '../model/decodingConfig';
import type { TemperatureGridRequest } from './protocol';
import type { BackendChoice, BackendName, CheckpointReason, KernelPath, RunState, WorkerEvent, WorkerRequest, StartRequest, ResumeRequest } from './protocol';
import { assertNever } from './protocol';
import type { EstimateTimeRequest } from './protocol';
import { encodeForRun, vocabularyWithMap } from '../data/rareCharacters';
import { earlyStopMessage, judgeValidation } from '../model/earlyStopping';
import { RunInsight } from './runInsight';
import { sampleSeedText } from './trainingSamples';
import { estimateEpochTime } from './timeEstimate';

const OUT_OF_MEMORY_ADVICE =
  'The GPU ran out of memory. Use a smaller batch size or window length (or a smaller preset), then start again; your checkpoints are safe.';

export type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

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
  private readonly generation = new JobSlot<GenerationJob>();
  private readonly grid = new JobSlot<TemperatureGridJob>();
  /** A save asked for mid-step; done at the next step boundary, when no update is in flight. */
  private pendingSave: CheckpointReason | null = null;
  /** The last run stopped on an error rather than a request (a dying GPU fails the step before it is lost). */
  private failedWhileTraining = false;

  constructor(private readonly emit: Emit) {}

  async handle(req: WorkerRequest): Promise<void> {
    switch (req.type) {
      case 'init':
        this.allowFaults = req.allowFaults === true;
        return this.switchBackend(req.backend, req.exclude);
      case 'debugProbe':
        if (this.allowFaults && this.run) this.emit(await probeLiveState(this.run.trainer));
        return;
      case 'setBackend':
        return this.switchBackend(req.backend);
      case 'debugFault':
        if (this.allowFaults) injectFault(req.fault, this.emit, this.run?.trainer.model ?? null);
        return;
      case 'setKernels':
        this.fusedWanted = req.fused;
        this.run?.trainer.model.useKernels(req.fused);
        return this.announceReady();
      case 'loadText':
        return this.takeText(req.name, new Uint8Array(req.bytes));
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
        return this.cancelJobs();
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
        this.cancelJobs();
        const wasTraining = this.state === 'training' || this.failedWhileTraining;
        this.stopAs = 'paused';
        this.emit({ type: 'deviceLost', message, wasTraining });
      },
      onOutOfMemory: () => {
        this.stopAs = 'paused';
        this.notice('error', OUT_OF_MEMORY_ADVICE);
      },
      onProgramError: (message) => {
        // A silently skipped dispatch corrupts results: stop, and say how to carry on.
        if (this.stopAs !== null && this.state !== 'training') return; // already stopped for this
        this.stopAs = 'paused';
        this.notice('error', `A GPU program failed (${message.slice(0, 200)}). Training is paused; turn off “Use fused WebGPU kernels” or choose another backend, then load the last checkpoint.`);
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

  private takeText(name: string, bytes: Uint8Array): void {
    const outcome = loadText(name, bytes);
    this.emit(outcome.event);
    if (!outcome.text) return;
    this.text = outcome.text;
    if (outcome.truncated) this.notice('warning', `“${name}” is larger than 50 MB; folio uses its first 50 MB.`);
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
    const fit = fitTextToRun(this.text, { vocab: run.vocab, ...run.identity });
    if ('problem' in fit) {
      this.notice('error', fit.problem);
      return false;
    }
    run.trainer.data = new CharDataset(fit.ids, run.trainer.train);
    run.hasData = true;
    run.insight.attachText(this.text!.text);
    if (fit.warning) this.notice('warning', fit.warning);
    return true;
  }

  private startLoop(): void {
    const run = this.run!;
    const meter = new ProgressMeter(() => ({ backend: this.backend, kernels: this.kernels }));
    const trainer = run.trainer;
    this.stopAs = null;
    this.failedWhileTraining = false;
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
        this.failedWhileTraining = true;
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
    const out = checkpointEvent(data, reason);
    if ('problem' in out) return this.notice('error', out.problem);
    this.emit(out.event, out.transfer);
  }

  private async loadCheckpoint(name: string, bytes: Uint8Array, thenResume = false): Promise<void> {
    const parsed = parseForLoad(name, bytes); // every check before the live run is touched
    if ('problem' in parsed) return this.notice('error', parsed.problem);
    await this.requestStop('paused');
    this.disposeRun();
    this.adoptCheckpoint(parsed.data, name);
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
    const job = new GenerationJob(run.trainer.model, run.vocab, this.emit);
    this.generation.start(job, (j) => j.run(seed, length, temperature, samplingSeed, decoding));
  }

  private temperatureGrid(req: TemperatureGridRequest): void {
    const run = this.run;
    if (!run) return this.notice('error', 'Train a model or load a checkpoint before generating.');
    this.grid.start(new TemperatureGridJob(run.trainer.model, run.vocab, this.emit), (j) => j.run(req));
  }

  private cancelJobs(): void {
    this.generation.cancel();
    this.grid.cancel();
  }

  private disposeRun(): void {
    if (!this.run) return;
    this.cancelJobs();
    this.run.trainer.model.dispose();
    this.run.trainer.adam.dispose();
    this.run = null;
    this.state = 'idle';
  }

  /** Live tensor count, for tests. */
  get numTensors(): number {
    return tf.memory().numTensors;
  }
}

export { errorText };
