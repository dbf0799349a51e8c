// The worker's state (the text, the run and what it is doing) and the routing of requests; events go out
// through `emit`. The training loop is in runLoop.ts, the save policy in runSaves.ts, the run in run.ts.
import * as tf from './tfjs';
import { type BackendChoice, type BackendName, type KernelPath, type TrainConfig } from '../shared/config';
import type { GenerationChoice } from '../shared/generationConfig';
import { assertNever, errorText } from '../shared/errors';
import type { CheckpointData } from '../shared/checkpoint/types';
import type { Emit, ResumeRequest, StartRequest, TemperatureGridRequest, WorkerRequest } from '../shared/protocol';
import type { RunEnding, RunState } from '../shared/training';
import { selectBackend, softwareAdapter, watchDevice } from './backend';
import { requestDeviceLimits } from './webgpuDevice';
import { mergeResumable, parseForLoad } from './checkpointEvents';
import { injectFault } from './faults';
import { InsideJobs } from './inside/insideJobs';
import { ScoringJob, TemperatureGridJob } from './jobs/studioJobs';
import { GenerationJob } from './jobs/generationJob';
import { JobSlot } from './jobs/jobSlot';
import { probeLiveState } from './liveState';
import { receiveText, type LoadedText } from './loadedText';
import {
  attachTextToRun,
  captureRun,
  disposeRun,
  modelReadyEvent,
  planNewRun,
  runFromCheckpoint,
  type Run,
} from './run';
import { runLoop } from './runLoop';
import { RunSaves } from './runSaves';
import { timeEstimateFor } from './timeEstimate';
import { encodeForRun } from '../shared/data/rareCharacters';
import { judgeValidation } from '../shared/earlyStopping';
import { extendPlan } from '../shared/plan/planner';
import { budgetSeconds } from '../shared/plan/trainFor';
import type { RunBudget } from '../shared/protocol';
import { calibrateAndPlan } from './plan/calibration';
import { adapterName, deviceKey } from './plan/deviceKey';
import { NO_MODEL_TO_GENERATE, OUT_OF_MEMORY_ADVICE, gpuProgramFailed } from './workerMessages';

/**
 * The settings a resumed run trains on. "Train N more minutes" extends a planned run's budget; a Resume after the
 * run ended (its plan done, its time up, or stopped early) trains on for the time asked again; after an early stop
 * without a plan, for at least its patience again (it would stop at the next evaluation otherwise).
 */
function trainOnAfterEnd(run: Run, moreMinutes?: number): TrainConfig {
  const { trainer } = run;
  const train = trainer.train;
  const plan = train.plan && { ...train.plan, trainedSeconds: run.trainedSeconds };
  if (plan && moreMinutes !== undefined && moreMinutes > 0)
    return extendPlan({ ...train, plan }, trainer.step, moreMinutes);
  const stopped = judgeValidation(trainer.history.validation, train).stop;
  const ended =
    trainer.step >= trainer.totalSteps || stopped || (plan !== undefined && plan.trainedSeconds >= plan.budgetSeconds);
  if (!ended) return train;
  if (plan) return extendPlan({ ...train, plan }, trainer.step, budgetSeconds(plan.trainFor) / 60);
  if (stopped) return { ...train, minSteps: trainer.step + train.earlyStopPatience * train.evalEvery };
  return train;
}

export class TrainingSession {
  private backend: BackendName = 'cpu';
  private backendNotes: string[] = [];
  private adapter = '';
  private softwareAdapter: string | null = null;
  /** A Start is measuring this device for its plan; a second Start waits its turn. */
  private planning = false;
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
  private readonly scoring = new JobSlot<ScoringJob>();
  private readonly saves: RunSaves;
  private readonly inspection: InsideJobs;
  /** The last run stopped on an error rather than a request (a dying GPU fails the step before it is lost). */
  private failedWhileTraining = false;

  constructor(private readonly emit: Emit) {
    this.saves = new RunSaves(emit);
    this.inspection = new InsideJobs(emit);
  }

  async handle(req: WorkerRequest): Promise<void> {
    switch (req.type) {
      case 'init':
        this.allowFaults = req.allowFaults === true;
        if (req.defaultLimits) requestDeviceLimits('default');
        return this.switchBackend(req.backend, req.exclude);
      case 'debugProbe':
        if (this.allowFaults && this.run) {
          const trainer = this.run.trainer; // mid-run, at a step boundary with nothing in flight
          this.emit(await trainer.hold(() => probeLiveState(trainer)));
        }
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
        this.text = receiveText(req.name, new Uint8Array(req.bytes), this.emit) ?? this.text;
        return;
      case 'start':
        return this.start(req);
      case 'pause':
        return this.requestStop('paused');
      case 'resume':
        return this.resume(req);
      case 'stop':
        return this.state === 'paused' ? this.setState('stopped') : this.requestStop('stopped');
      case 'generate':
        return this.generate(req.seed, req.length, req.temperature, req.samplingSeed, {
          filters: req.filters,
          beamWidth: req.beamWidth,
        });
      case 'stopGenerating':
        return this.cancelJobs();
      case 'temperatureGrid':
        return this.temperatureGrid(req);
      case 'score':
        if (!this.run) return this.notice('error', 'Train a model or load a checkpoint before scoring a text.');
        return this.scoring.start(new ScoringJob(this.run.trainer.model, this.run.vocab, this.emit), (j) => j.run(req));
      case 'stopScoring':
        return this.scoring.cancel();
      case 'saveCheckpoint':
        if (this.state === 'training') this.saves.request(req.reason);
        else await this.saves.save(this.run, req.reason);
        return;
      case 'loadCheckpoint':
        return this.loadCheckpoint(req.name, new Uint8Array(req.bytes), req.resume === true, req.checkpointId);
      case 'estimateTime':
        return this.emit(
          await timeEstimateFor(this.state === 'training', this.text, req, this.backend, this.fusedWanted),
        );
      case 'inspect':
      case 'findCopies':
        return this.inspection.handle(req, this.run, this.text);
      default:
        assertNever(req);
    }
  }

  private notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.emit({ type: 'notice', level, message });
  }

  private setState(state: RunState, message?: string, ending?: RunEnding): void {
    this.state = state;
    const step = this.run?.trainer.step ?? 0;
    this.emit({ type: 'runState', state, step, ...(message ? { message } : {}), ...(ending ? { ending } : {}) });
  }

  private async switchBackend(choice: BackendChoice, exclude: BackendName[] = []): Promise<void> {
    if (this.state === 'training') return this.notice('error', 'Pause training before switching the backend.');
    // Move a live run across backends through a checkpoint in memory: nothing is lost.
    const saved = this.run ? await captureRun(this.run) : null;
    this.disposeRun();
    const { backend, notes } = await selectBackend(choice, exclude);
    this.backend = backend;
    this.backendNotes = notes;
    this.adapter = await adapterName(backend);
    this.softwareAdapter = await softwareAdapter(backend);
    watchDevice(this.deviceTrouble());
    if (saved) this.adoptCheckpoint(saved, 'backend switch');
    this.announceReady();
  }

  /** What a GPU fault does: a lost device hands over to the page's recovery; other faults pause training. */
  private deviceTrouble(): Parameters<typeof watchDevice>[0] {
    const pause = (message: string) => {
      this.stopAs = 'paused';
      this.notice('error', message);
    };
    return {
      onLost: (message) => {
        this.cancelJobs();
        const wasTraining = this.state === 'training' || this.failedWhileTraining;
        this.stopAs = 'paused';
        this.emit({ type: 'deviceLost', message, wasTraining });
      },
      onOutOfMemory: () => pause(OUT_OF_MEMORY_ADVICE),
      // A silently skipped dispatch corrupts results: stop, and say how to carry on (once).
      onProgramError: (message) =>
        this.stopAs !== null && this.state !== 'training' ? undefined : pause(gpuProgramFailed(message)),
    };
  }

  /** The kernels a model would run with now (the live model's, when there is one). */
  private get kernels(): KernelPath {
    return this.run?.trainer.model.kernels ?? (this.fusedWanted && this.backend === 'webgpu' ? 'fused' : 'reference');
  }

  private announceReady(): void {
    const key = deviceKey(this.backend, this.kernels, this.adapter);
    this.emit({
      type: 'ready',
      backend: this.backend,
      kernels: this.kernels,
      fallbackNotes: this.backendNotes,
      deviceKey: key,
      softwareAdapter: this.softwareAdapter,
    });
  }

  private async start(request: StartRequest): Promise<void> {
    if (this.state === 'training' || this.planning) {
      return this.notice('error', 'Training is already running. Pause or stop it first.');
    }
    if (!this.text) return this.notice('error', 'Choose a training text first.');
    let req = request;
    if (request.budget) {
      this.planning = true;
      try {
        const planned = await this.planFor({ ...request, budget: request.budget }, this.text);
        if (!planned) return;
        req = planned;
      } finally {
        this.planning = false;
      }
    }
    const planned = planNewRun(this.text, req);
    if ('problem' in planned) return this.notice('error', planned.problem);
    this.disposeRun();
    this.run = planned.create(this.fusedWanted);
    this.emit(modelReadyEvent(this.run, 'new run'));
    this.startLoop();
  }

  /** Measures this device for a Start with a time budget; the request with the plan's network and settings. */
  private async planFor(req: StartRequest & { budget: RunBudget }, text: LoadedText): Promise<StartRequest | null> {
    const encoded = encodeForRun(text, req.mergeRareBelow);
    if ('problem' in encoded) {
      this.notice('error', encoded.problem);
      return null;
    }
    try {
      const plan = await calibrateAndPlan({
        request: req,
        characters: encoded.ids.length,
        vocabSize: encoded.vocab.chars.length,
        fused: this.fusedWanted,
        onMeasuring: (measuring, elapsedSeconds) => this.emit({ type: 'planning', measuring, elapsedSeconds }),
      });
      const { model, train, steps, parameters, measured, calibrationSeconds } = plan;
      const key = deviceKey(this.backend, this.kernels, this.adapter);
      this.emit({
        type: 'planned',
        plan: plan.plan,
        model,
        train,
        steps,
        parameters,
        measured,
        deviceKey: key,
        calibrationSeconds,
      });
      return { ...req, model, train };
    } catch (e) {
      this.notice('error', `Measuring this device for the plan failed: ${errorText(e)}`);
      return null;
    }
  }

  private async resume(req: ResumeRequest): Promise<void> {
    const run = this.run;
    if (!run) return this.notice('error', 'There is no model to resume. Start training or load a checkpoint.');
    if (this.state === 'training' || this.planning) return;
    if (req.train) run.trainer.train = mergeResumable(run.trainer.train, req.train);
    run.trainer.train = trainOnAfterEnd(run, req.moreMinutes);
    if (!run.hasData && !this.attachText(run)) return;
    this.startLoop();
  }

  /** Gives a restored run the loaded text to train on, if that text suits its vocabulary. */
  private attachText(run: Run): boolean {
    const outcome = attachTextToRun(run, this.text);
    if ('problem' in outcome) this.notice('error', outcome.problem);
    else if (outcome.warning) this.notice('warning', outcome.warning);
    return !('problem' in outcome);
  }

  private startLoop(): void {
    const run = this.run!;
    this.stopAs = null;
    this.failedWhileTraining = false;
    this.setState('training');
    this.loop = runLoop(
      {
        emit: this.emit,
        saves: this.saves,
        stopRequested: () => this.stopAs,
        engine: () => ({ backend: this.backend, kernels: this.kernels }),
        setState: (state, message, ending) => this.setState(state, message, ending),
        failed: () => (this.failedWhileTraining = true),
        adopt: (data, source) => (this.disposeRun(), this.adoptCheckpoint(data, source)),
      },
      run,
    );
  }

  private async requestStop(as: 'paused' | 'stopped'): Promise<void> {
    if (this.state !== 'training') return;
    this.stopAs = as;
    await this.loop;
  }

  private async loadCheckpoint(
    name: string,
    bytes: Uint8Array,
    thenResume = false,
    checkpointId?: string,
  ): Promise<void> {
    const parsed = parseForLoad(name, bytes); // every check before the live run is touched
    if ('problem' in parsed) return this.notice('error', parsed.problem);
    await this.requestStop('paused');
    this.disposeRun();
    this.adoptCheckpoint(parsed.data, name, checkpointId);
    if (thenResume) await this.resume({ type: 'resume' });
  }

  /** Makes a checkpoint the live run, paused; trains only once a suitable text is attached. */
  private adoptCheckpoint(data: CheckpointData, source: string, checkpointId?: string): void {
    this.run = runFromCheckpoint(data, this.fusedWanted);
    if (this.text && this.text.fingerprint === data.textFingerprint) this.attachText(this.run);
    this.emit(modelReadyEvent(this.run, source, checkpointId));
    this.setState('paused');
  }

  private generate(
    seed: string,
    length: number,
    temperature: number,
    samplingSeed: number,
    decoding: GenerationChoice = {},
  ): void {
    if (!this.run) return this.notice('error', NO_MODEL_TO_GENERATE);
    const job = new GenerationJob(this.run.trainer.model, this.run.vocab, this.emit);
    this.generation.start(job, (j) => j.run(seed, length, temperature, samplingSeed, decoding));
  }

  private temperatureGrid(req: TemperatureGridRequest): void {
    if (!this.run) return this.notice('error', NO_MODEL_TO_GENERATE);
    this.grid.start(new TemperatureGridJob(this.run.trainer.model, this.run.vocab, this.emit), (j) => j.run(req));
  }

  private cancelJobs(): void {
    this.generation.cancel();
    this.grid.cancel();
  }

  private disposeRun(): void {
    if (!this.run) return;
    this.cancelJobs();
    this.scoring.cancel();
    this.inspection.cancel();
    disposeRun(this.run);
    this.run = null;
    this.state = 'idle';
  }

  /** Live tensor count, for tests. */
  get numTensors(): number {
    return tf.memory().numTensors;
  }
}
