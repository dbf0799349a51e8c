// A bird's-eye view of the explored text: one row per top unit, the text from left to right (several
// characters per pixel on a long text: their mean), coloured on the explorer's diverging scale.
import { useEffect, useId, useRef } from 'react';
import type { CellSignal } from '../../../shared/cell';
import { activationColour } from './activationScale';

interface Props {
  values: Float32Array; // [steps, units]
  units: number;
  rows: number[];
  signal: CellSignal;
  onPick(unit: number): void;
}

const ROW_HEIGHT = 10; // px
const MAX_WIDTH = 1000; // columns drawn at most

export function HeatStrip({ values, units, rows, signal, onPick }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const id = useId();
  const steps = Math.floor(values.length / units);
  const width = Math.max(1, Math.min(steps, MAX_WIDTH));
  useEffect(() => {
    const g = ref.current?.getContext('2d');
    if (!g) return;
    rows.forEach((unit, row) => {
      for (let x = 0; x < width; x++) {
        const from = Math.floor((x * steps) / width);
        const to = Math.max(from + 1, Math.floor(((x + 1) * steps) / width));
        let sum = 0;
        for (let t = from; t < to; t++) sum += values[t * units + unit];
        g.fillStyle = activationColour(sum / (to - from), signal);
        g.fillRect(x, row * ROW_HEIGHT, 1, ROW_HEIGHT);
      }
    });
  }, [values, units, rows, signal, steps, width]);
  if (rows.length === 0) return null;
  return (
    <div className="heat-strip">
      <canvas
        ref={ref}
        width={width}
        height={rows.length * ROW_HEIGHT}
        style={{ height: rows.length * ROW_HEIGHT }}
        role="img"
        aria-label="Heat strip of the top units"
        aria-describedby={`${id}-about`}
      />
      <p id={`${id}-about`} className="hint">
        One row per unit ({rows.map((u) => `unit ${u}`).join(', ')}, top to bottom), the text from start to end left to
        right, coloured by {signal}.
      </p>
      <div className="row buttons heat-strip-units">
        {rows.map((u) => (
          <button key={u} type="button" onClick={() => onPick(u)} aria-label={`Show unit ${u} from the heat strip`}>
            Unit {u}
          </button>
        ))}
      </div>
    </div>
  );
}
