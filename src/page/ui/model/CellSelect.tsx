// The recurrent cell: PyTorch's GRU (the tutorial's), LSTM or tanh RNN. A setting like the network's numbers,
// sent with start; with Automatic the plan sizes a network of this cell.
import { useId, type Dispatch } from 'react';
import { CELL_LABELS, CELLS, type CellName } from '../../../shared/cell';
import type { AppAction } from '../app/appState';

const CELL_HINTS: Record<CellName, string> = {
  gru: '3 gates: the tutorial’s cell',
  lstm: '4 gates and a cell state: 4/3 of the GRU’s recurrent parameters',
  rnn: 'no gates: 1/3 of the GRU’s recurrent parameters',
};

interface Props {
  value: string;
  dispatch: Dispatch<AppAction>;
}

export function CellSelect({ value, dispatch }: Props) {
  const id = useId();
  const hint = CELL_HINTS[value as CellName];
  return (
    <div className="field">
      <label htmlFor={id}>Cell</label>
      <select
        id={id}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(e) => dispatch({ type: 'configEdited', key: 'cell', value: e.target.value })}
      >
        {CELLS.map((cell) => (
          <option key={cell} value={cell}>
            {CELL_LABELS[cell]}
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className="hint">
        {hint}
      </span>
    </div>
  );
}
