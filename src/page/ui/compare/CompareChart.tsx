// The compared runs' curves on one chart: one colour per run, training solid, validation dashed (each run its
// own dash too, so the lines part without colour). The chart is a picture; the legend beside it and the table
// below carry the same facts in text.
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatLoss } from '../common/format';
import { downsample } from '../run/lossSeries';
import { formatLossTick, LOSS_DOMAIN } from '../run/chartTicks';
import type { ComparedRun } from './runComparison';

const COLOURS = ['#1f5fbf', '#c2410c', '#15803d', '#7e22ce', '#0e7490', '#a16207'] as const;
const VALIDATION_DASHES = ['6 3', '2 3', '10 4 2 4', '4 4', '12 3', '1 2'] as const;

export const runColour = (index: number) => COLOURS[index % COLOURS.length];
export const validationDash = (index: number) => VALIDATION_DASHES[index % VALIDATION_DASHES.length];

/** Legend names, also the tooltip's: "Run name · training". */
const seriesName = (run: ComparedRun, kind: 'training' | 'validation') => `${run.name} · ${kind}`;

export function CompareChart({ runs }: { runs: readonly ComparedRun[] }) {
  const series = useMemo(
    () =>
      runs.map((run) => ({
        run,
        train: downsample(run.history.train),
        validation: downsample(run.history.validation),
      })),
    [runs],
  );
  return (
    <figure className="chart compare-chart">
      <div className="chart-area" aria-hidden="true">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="#d9dde3" strokeDasharray="3 3" />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              allowDuplicatedCategory={false}
              allowDecimals={false}
            />
            <YAxis type="number" domain={LOSS_DOMAIN} width={48} tickFormatter={formatLossTick} />
            <Tooltip
              formatter={(v: unknown) => (typeof v === 'number' ? formatLoss(v) : String(v))}
              labelFormatter={(step) => `Step ${String(step)}`}
            />
            {series.flatMap(({ run, train, validation }, i) => [
              <Line
                key={`${run.id}-t`}
                name={seriesName(run, 'training')}
                data={train}
                dataKey="loss"
                stroke={runColour(i)}
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
              />,
              <Line
                key={`${run.id}-v`}
                name={seriesName(run, 'validation')}
                data={validation}
                dataKey="loss"
                stroke={runColour(i)}
                strokeDasharray={validationDash(i)}
                dot={validation.length < 40}
                strokeWidth={2}
                isAnimationActive={false}
              />,
            ])}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <ul className="compare-legend" aria-label="Legend">
          {runs.map((run, i) => (
            <li key={run.id}>
              <svg width="44" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="18" y2="5" stroke={runColour(i)} strokeWidth="2" />
                <line
                  x1="24"
                  y1="5"
                  x2="44"
                  y2="5"
                  stroke={runColour(i)}
                  strokeWidth="2"
                  strokeDasharray={validationDash(i)}
                />
              </svg>{' '}
              {run.name}: training solid, validation dashed
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
