// Train and validation loss against step, drawn from a downsampled copy of the full history.
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LossHistory, LossPoint } from '../worker/protocol';
import { formatCount, formatLoss } from './format';
import { downsample } from './lossSeries';

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

const tooltipLoss = (value: unknown) => (typeof value === 'number' ? formatLoss(value) : String(value));

export function LossChart({ history }: { history: LossHistory }) {
  const train = useMemo<LossPoint[]>(() => downsample(history.train), [history.train]);
  const validation = useMemo<LossPoint[]>(() => downsample(history.validation), [history.validation]);
  return (
    <section className="panel" aria-labelledby="chart-heading">
      <h2 id="chart-heading">Loss chart</h2>
      <figure className="chart">
        {train.length > 0 && (
          <div className="chart-area" aria-hidden="true">
            <ResponsiveContainer width="100%" height={260}>
              <LineChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid stroke="#d9dde3" strokeDasharray="3 3" />
                <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDuplicatedCategory={false} />
                <YAxis type="number" domain={['auto', 'auto']} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
                <Tooltip formatter={tooltipLoss} labelFormatter={(step) => `Step ${String(step)}`} />
                <Legend />
                <Line name="Train loss" data={train} dataKey="loss" stroke="#1f5fbf" dot={false} strokeWidth={2} isAnimationActive={false} />
                {validation.length > 0 && (
                  <Line name="Validation loss" data={validation} dataKey="loss" stroke="#c2410c" dot={validation.length < 40} strokeWidth={2} isAnimationActive={false} />
                )}
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
        <figcaption>{describe(history)}</figcaption>
      </figure>
    </section>
  );
}
