// One stretch of training, from Start or Resume until a pause, a stop, the end of the run, early stopping,
// divergence or an error: progress events, samples, best snapshots, autosaves, and the final save and state.
import type { BackendName, KernelPath } from '../shared/config';
import type { Emit } from '../shared/protocol';
import type { RunEnding, RunState } from '../shared/training';
import { earlyStopMessage, judgeValidation } from '../shared/earlyStopping';
import { retimeRun } from '../shared/plan/planner';
import { trainForLabel } from '../shared/plan/trainFor';
import { errorText } from '../shared/errors';
import type { RunOutcome } from './model/trainer';
import type { CheckpointData } from '../shared/checkpoint/types';
import { ProgressMeter } from './progressMeter';
import { captureRun, type Run } from './run';
import type { RunSaves } from './runSaves';
import { OUT_OF_MEMORY_ADVICE } from './workerMessages';
import { sampleDue } from './trainingSamples';

/** What the loop needs from the session. */
export interface RunLoopHost {
  readonly emit: Emit;
  readonly saves: RunSaves;
  /** Set by a pause or stop request (or a GPU fault); the loop ends at the next step boundary. */
  stopRequested(): 'paused' | 'stopped' | null;
  engine(): { backend: BackendName; kernels: KernelPath };
  setState(state: RunState, message?: string, ending?: RunEnding): void;
  /** The loop ended on an error (a dying GPU fails a step before it is reported lost). */
  failed(): void;
  /** Makes a snapshot of this run the live model (Restore best at the end of a run). */
  adopt(data: CheckpointData, source: string): void;
}

export async function runLoop(host: RunLoopHost, run: Run): Promise<void> {
  const { trainer } = run;
  const meter = new ProgressMeter(host.engine);
  // A planned run's clock: every second between Start/Resume and the end of the stretch counts.
  let clockAt = performance.now();
  const tick = () => {
    const now = performance.now();
    run.trainedSeconds += (now - clockAt) / 1000;
    clockAt = now;
  };
  const clock = () => {
    const plan = trainer.train.plan;
    return plan ? { trainedSeconds: run.trainedSeconds, budgetSeconds: plan.budgetSeconds } : undefined;
  };
  try {
    const outcome = await trainer.run({
      shouldStop: () => host.stopRequested() !== null,
      outOfTime: () => {
        tick();
        const plan = trainer.train.plan;
        return plan !== undefined && run.trainedSeconds >= plan.budgetSeconds;
      },
      onStep: (r) => {
        tick();
        const epochProgress = r.position.batchInEpoch / trainer.data.plan.stepsPerEpoch;
        const report = { ...r, epoch: r.position.epoch, epochProgress };
        const event = meter.step(report, trainer.totalSteps, clock());
        if (event) host.emit(event);
      },
      onValidation: (step, loss, improved) => {
        meter.validation(step, loss);
        run.extras.validated(improved);
      },
      // A sample or a save reads the model: the trainer settles every step in flight there first.
      needsState: (step) =>
        sampleDue(step, trainer.train.sampleEvery) || host.saves.wanted(step, trainer.train.checkpointEvery),
      afterStep: async (step, live) => {
        if (live) {
          await afterStepExtras(host, run, step);
          const reason = host.saves.dueAt(step, trainer.train.checkpointEvery);
          if (reason === 'auto') host.saves.saveBest(run, step);
          if (reason) await host.saves.save(run, reason);
        }
        retime(run); // a re-timed plan reaches the steps queued from now on
      },
    });
    tick();
    const last = meter.flush();
    if (last) host.emit(last);
    await finish(host, run, outcome);
  } catch (e) {
    host.failed();
    const text = errorText(e);
    const advice = /out of memory|allocat|OOM/i.test(text) ? ` ${OUT_OF_MEMORY_ADVICE}` : '';
    host.setState('paused', `Training stopped on an error: ${text}.${advice}`);
  }
}

/** A planned run re-times its length from its own speed at set points of its budget (see retimeRun). */
function retime(run: Run): void {
  const { trainer } = run;
  const plan = trainer.train.plan;
  if (!plan) return;
  const train = { ...trainer.train, plan: { ...plan, trainedSeconds: run.trainedSeconds } };
  const next = retimeRun(train, trainer.step, trainer.data.plan.stepsPerEpoch);
  if (next) trainer.train = next;
}

/** Between steps: a sample when one is due, and a snapshot when validation just improved. */
async function afterStepExtras(host: RunLoopHost, run: Run, step: number): Promise<void> {
  const capture = () => captureRun(run);
  const sample = await run.extras.afterStep(step, run.trainer, run.vocab, capture);
  if (sample) host.emit({ type: 'trainingSample', runId: run.identity.runId, sample });
}

/** The save and the state a stretch of training ends with. */
async function finish(host: RunLoopHost, run: Run, outcome: RunOutcome): Promise<void> {
  const { trainer } = run;
  if (outcome === 'diverged') {
    host.saves.saveBest(run, null);
    await host.saves.save(run, 'pause'); // the guard kept the weights finite; refused if they are not
    host.setState(
      'paused',
      'Training paused: the loss became NaN or infinite several steps in a row. Lower the learning rate, or load the last checkpoint, then resume.',
    );
    return;
  }
  const ended = outcome === 'finished' || outcome === 'earlyStopped' || outcome === 'outOfTime';
  const final: RunState = ended ? 'stopped' : (host.stopRequested() ?? 'paused');
  // Best checkpoints are automatic ones: with automatic checkpoints off, they are written only at the end.
  if (final === 'stopped' || trainer.train.checkpointEvery > 0) host.saves.saveBest(run, trainer.step);
  await host.saves.save(run, final === 'paused' ? 'pause' : 'stop');
  // Restore best: a run that ended (not one paused or stopped by hand) goes back to its best validation step.
  const best = ended && trainer.train.restoreBest ? run.extras.bestToRestore(trainer.step) : null;
  const verdict = judgeValidation(trainer.history.validation, trainer.train);
  const ending: RunEnding | undefined = ended
    ? { outcome: outcome as RunEnding['outcome'], best: verdict.best, restored: best !== null }
    : undefined;
  if (outcome === 'earlyStopped') {
    if (best) host.adopt(best, `best of the run (step ${best.step})`);
    return host.setState(final, earlyStopMessage(verdict, best !== null), ending);
  }
  const finished = endMessage(run, outcome);
  if (!best) return host.setState(final, finished, ending);
  host.adopt(best, `best of the run (step ${best.step})`);
  host.setState(
    final,
    `${finished} Went back to the best validation loss: ${verdict.best!.loss.toFixed(3)} at step ${best.step}.`,
    ending,
  );
}

/** How a run that was not stopped early ended, in plain words. */
function endMessage({ trainer }: Run, outcome: RunOutcome): string | undefined {
  const plan = trainer.train.plan;
  if (outcome === 'outOfTime' && plan) return `Trained for the ${trainForLabel(plan.trainFor)} asked.`;
  if (outcome !== 'finished') return undefined;
  if (!plan) return `Finished ${trainer.train.epochs} epoch(s).`;
  return `Finished the plan: ${trainer.step.toLocaleString('en-US')} steps.`;
}
