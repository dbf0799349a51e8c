// "Compare runs": tick the live run or any saved checkpoints; their curves share one chart and a table lists
// the settings that differ, with each run's best validation loss. A checkpoint is read from storage once, when
// first ticked (its history and settings are in the file).
import { useId, useRef, useState } from 'react';
import type { CheckpointSummary } from '../../../shared/checkpoint/summary';
import type { CheckpointData } from '../../../shared/checkpoint/types';
import type { LossHistory } from '../../../shared/training';
import type { ModelInfo } from '../app/appState';
import { formatCount, formatLoss } from '../common/format';
import { CompareChart } from './CompareChart';
import {
  bestValidation,
  checkpointRunName,
  differingSettings,
  liveRun,
  LIVE_RUN,
  type ComparedRun,
} from './runComparison';
import './compare.css';

interface Props {
  model: ModelInfo | null;
  history: LossHistory;
  checkpoints: readonly (CheckpointSummary & { damaged?: unknown })[];
  readContent: (summary: CheckpointSummary) => Promise<CheckpointData | null>;
}

function fromCheckpoint(summary: CheckpointSummary, data: CheckpointData): ComparedRun {
  const { model, train, textName, history } = data;
  return { id: summary.id, name: checkpointRunName(summary), model, train, textName, history };
}

function CompareTable({ runs }: { runs: readonly ComparedRun[] }) {
  const differences = differingSettings(runs);
  const best = runs.map((r) => bestValidation(r.history));
  return (
    <table className="compare-table">
      <caption>
        {runs.length < 2
          ? 'Best validation loss'
          : differences.length === 0
            ? "The runs share every setting; each run's best validation loss"
            : "Settings that differ, and each run's best validation loss"}
      </caption>
      <thead>
        <tr>
          <th scope="col">Setting</th>
          {runs.map((r) => (
            <th key={r.id} scope="col">
              {r.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {differences.map((d) => (
          <tr key={d.label}>
            <th scope="row">{d.label}</th>
            {d.values.map((v, i) => (
              <td key={runs[i].id}>{v}</td>
            ))}
          </tr>
        ))}
        <tr>
          <th scope="row">Best validation loss</th>
          {best.map((b, i) => (
            <td key={runs[i].id}>{b ? `${formatLoss(b.loss)} at step ${formatCount(b.step)}` : 'none yet'}</td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

export function CompareRuns({ model, history, checkpoints, readContent }: Props) {
  const headingId = useId();
  const [chosen, setChosen] = useState<string[]>([]);
  const [read, setRead] = useState<ReadonlyMap<string, ComparedRun>>(new Map());
  const live = liveRun(model, history);
  const usable = checkpoints.filter((c) => !c.damaged);

  // In the order ticked; a deleted checkpoint drops out.
  const runs = chosen.flatMap((id) => {
    const run = id === LIVE_RUN ? live : usable.some((c) => c.id === id) ? read.get(id) : undefined;
    return run ? [run] : [];
  });
  const pending = useRef(new Set<string>());
  // A checkpoint ticked for the first time is read; one that fails to read is unticked (the library says why).
  const readOnce = (id: string) => {
    const summary = usable.find((c) => c.id === id);
    if (!summary || read.has(id) || pending.current.has(id)) return;
    pending.current.add(id);
    void readContent(summary).then((data) => {
      pending.current.delete(id);
      if (data) setRead((m) => new Map(m).set(id, fromCheckpoint(summary, data)));
      else setChosen((ids) => ids.filter((x) => x !== id));
    });
  };
  const toggle = (id: string, on: boolean) => {
    if (on) readOnce(id);
    setChosen((ids) => (on ? [...ids.filter((x) => x !== id), id] : ids.filter((x) => x !== id)));
  };
  const choices = [
    ...(live ? [{ id: LIVE_RUN, name: live.name }] : []),
    ...usable.map((c) => ({ id: c.id, name: checkpointRunName(c) })),
  ];

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Compare runs</h2>
      {choices.length === 0 ? (
        <p className="hint">Train a run or save checkpoints to compare them here.</p>
      ) : (
        <fieldset className="compare-choices">
          <legend>Runs to compare</legend>
          {choices.map((c) => (
            <label key={c.id}>
              <input type="checkbox" checked={chosen.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />{' '}
              {c.name}
            </label>
          ))}
        </fieldset>
      )}
      {runs.length > 0 ? (
        <>
          <CompareChart runs={runs} />
          <CompareTable runs={runs} />
        </>
      ) : (
        choices.length > 0 && (
          <p className="hint">
            Tick two or more runs: their curves share one chart and the settings that differ are listed.
          </p>
        )
      )}
    </section>
  );
}
