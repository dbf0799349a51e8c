// The loss chart's drawing (recharts, the page's largest library): its own chunk, loaded when a run first has a
// loss to draw, so the page a person opens is smaller. LossChart.tsx holds the region and its words.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LossPoint } from '../../../shared/training';
import { formatLoss } from '../common/format';
import { formatLossTick, LOSS_DOMAIN } from './chartTicks';

const formatRate = (rate: number) => rate.toPrecision(2);
const tooltipLoss = (value: unknown, name: unknown) =>
  typeof value !== 'number' ? String(value) : name === 'Learning rate' ? formatRate(value) : formatLoss(value);

interface Props {
  train: LossPoint[];
  validation: LossPoint[];
  rates: { step: number; rate: number }[];
}

export default function LossLines({ train, validation, rates }: Props) {
  return (
    <div className="chart-area" aria-hidden="true">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart accessibilityLayer={false} margin={{ top: 8, right: rates.length > 0 ? 8 : 16, bottom: 8, left: 0 }}>
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
  );
}
