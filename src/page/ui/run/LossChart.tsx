// Train and validation loss against step, drawn from a downsampled copy of the full history, with the
// learning-rate schedule as a secondary line on a right-hand axis.
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LossHistory, LossPoint } from '../../../shared/training';
import { learningRateSeries, type ScheduleConfig } from '../../../shared/schedule';
import { formatCount, formatLoss } from '../common/format';
import { downsample } from './lossSeries';
import { formatLossTick, LOSS_DOMAIN } from './chartTicks';
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

const tooltipLoss = (value: unknown, name: unknown) =>
  typeof value !== 'number' ? String(value) : name === 'Learning rate' ? formatRate(value) : formatLoss(value);
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
  return (
    <section className="panel" aria-labelledby="chart-heading">
      <h2 id="chart-heading">Loss chart</h2>
      <figure className="chart">
        {train.length > 0 && (
          <div className="chart-area" aria-hidden="true">
            <ResponsiveContainer width="100%" height={260}>
              <LineChart
                accessibilityLayer={false}
                margin={{ top: 8, right: rates.length > 0 ? 8 : 16, bottom: 8, left: 0 }}
              >
                <CartesianGrid stroke="#d9dde3" strokeDasharray="3 3" />
                <XAxis
                  dataKey="step"
                  type="number"
                  domain={['dataMin', 'dataMax']}
                  allowDuplicatedCategory={false}
                  allowDecimals={false}
                />
                <YAxis yAxisId="loss" type="number" domain={LOSS_DOMAIN} width={48} tickFormatter={formatLossTick} />
                {rates.length > 0 && (
                  <YAxis
                    yAxisId="rate"
                    orientation="right"
                    type="number"
                    domain={[0, 'auto']}
                    width={84}
                    tickFormatter={formatRate}
                    label={{
                      value: 'Learning rate',
                      angle: 90,
                      position: 'insideRight',
                      style: { textAnchor: 'middle' },
                    }}
                  />
                )}
                <Tooltip formatter={tooltipLoss} labelFormatter={(step) => `Step ${String(step)}`} />
                <Legend />
                <Line
                  yAxisId="loss"
                  name="Train loss"
                  data={train}
                  dataKey="loss"
                  stroke="#1f5fbf"
                  dot={false}
                  strokeWidth={2}
                  isAnimationActive={false}
                />
                {validation.length > 0 && (
                  <Line
                    yAxisId="loss"
                    name="Validation loss"
                    data={validation}
                    dataKey="loss"
                    stroke="#c2410c"
                    dot={validation.length < 40}
                    strokeWidth={2}
                    isAnimationActive={false}
                  />
                )}
                {rates.length > 0 && (
                  <Line
                    yAxisId="rate"
                    name="Learning rate"
                    data={rates}
                    dataKey="rate"
                    stroke="#4b5563"
                    strokeDasharray="5 3"
                    dot={false}
                    strokeWidth={1.5}
                    isAnimationActive={false}
                  />
                )}
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
        <figcaption>
          {describe(history)}
          {describeRate(history, schedule)}
        </figcaption>
      </figure>
    </section>
  );
}
