// Train and validation loss against step, drawn from a downsampled copy of the full history, with the
// learning-rate schedule as a secondary line on a right-hand axis.
import { lazy, Suspense, useEffect, useMemo } from 'react';
import type { LossHistory, LossPoint } from '../../../shared/training';
import { learningRateSeries, type ScheduleConfig } from '../../../shared/schedule';
import { formatCount, formatLoss } from '../common/format';
import { downsample } from './lossSeries';
import './run.css';

function describe(history: LossHistory): string {
  const train = history.train.at(-1);
  const validation = history.validation.at(-1);
  if (!train) return 'No loss yet: start training to see the curve.';
  const first = history.train[0];
  const parts = [`Latest training loss ${formatLoss(train.loss)} at step ${formatCount(train.step)}`];
  if (validation) parts.push(`validation loss ${formatLoss(validation.loss)} at step ${formatCount(validation.step)}`);
  if (first !== train) parts.push(`training loss was ${formatLoss(first.loss)} at step ${formatCount(first.step)}`);
  return `${parts.join('; ')}.`;
}

const LossLines = lazy(() => import('./LossLines'));
const formatRate = (rate: number) => rate.toPrecision(2);

/** The run's schedule, to draw the rate each step used. */
export interface ChartSchedule {
  config: ScheduleConfig;
  totalSteps: number;
}

function describeRate(history: LossHistory, schedule: ChartSchedule | null | undefined): string {
  const last = history.train.at(-1);
  if (!schedule || !last) return '';
  const [{ rate }] = learningRateSeries([last.step], schedule.config, schedule.totalSteps);
  const kind = schedule.config.lrSchedule === 'cosine' ? 'warmup + cosine schedule' : 'constant';
  return ` Learning rate ${formatRate(rate)} at step ${formatCount(last.step)} (${kind}).`;
}

export function LossChart({ history, schedule }: { history: LossHistory; schedule?: ChartSchedule | null }) {
  const train = useMemo<LossPoint[]>(() => downsample(history.train), [history.train]);
  const validation = useMemo<LossPoint[]>(() => downsample(history.validation), [history.validation]);
  const rates = useMemo(
    () =>
      schedule
        ? learningRateSeries(
            train.map((p) => p.step),
            schedule.config,
            schedule.totalSteps,
          )
        : [],
    [train, schedule],
  );
  // Fetched soon after the page opens, so the first loss of a run is drawn at once.
  useEffect(() => {
    const timer = setTimeout(() => void import('./LossLines'), 1500);
    return () => clearTimeout(timer);
  }, []);
  return (
    <section className="panel" aria-labelledby="chart-heading">
      <h2 id="chart-heading">Loss chart</h2>
      <figure className="chart">
        {train.length > 0 && (
          <Suspense fallback={<div className="chart-area" style={{ height: 260 }} aria-hidden="true" />}>
            <LossLines train={train} validation={validation} rates={rates} />
          </Suspense>
        )}
        <figcaption>
          {describe(history)}
          {describeRate(history, schedule)}
        </figcaption>
      </figure>
    </section>
  );
}
