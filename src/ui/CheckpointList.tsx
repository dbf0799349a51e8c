// Stored checkpoints, newest first: save, import, and per checkpoint load, delete and export.
import { useEffect, useId, useRef } from 'react';
import type { CheckpointReason, CheckpointSummary } from '../worker/protocol';
import { formatBytes, formatCount, formatDate, formatLoss } from './format';

interface Props {
  checkpoints: CheckpointSummary[];
  alert: string | null;
  canSave: boolean;
  onSave: () => void;
  onLoad: (summary: CheckpointSummary) => void;
  onDelete: (summary: CheckpointSummary) => Promise<boolean>;
  onExport: (summary: CheckpointSummary) => void;
  onImport: (file: File) => Promise<void>;
}

const REASON_WORDS: Record<CheckpointReason, string> = {
  manual: 'saved by you',
  auto: 'automatic',
  pause: 'on pause',
  stop: 'on stop',
  import: 'imported',
};

interface ItemProps {
  summary: CheckpointSummary;
  onLoad: () => void;
  onDelete: () => void;
  onExport: () => void;
}

function CheckpointItem({ summary: s, onLoad, onDelete, onExport }: ItemProps) {
  const nameId = useId();
  return (
    <>
      <h3 id={nameId} className="checkpoint-name">{s.name}</h3>
      <p className="checkpoint-facts">
        Step {formatCount(s.step)} · train loss {formatLoss(s.trainLoss)} · validation loss {formatLoss(s.validationLoss)}
      </p>
      <p className="checkpoint-facts">
        <time dateTime={s.createdAt}>{formatDate(s.createdAt)}</time> · {formatBytes(s.sizeBytes)} · {REASON_WORDS[s.reason]} ·{' '}
        GRU {s.model.units} on {s.textName}
      </p>
      <div className="row buttons">
        <button type="button" aria-describedby={nameId} onClick={onLoad}>Load</button>
        <button type="button" aria-describedby={nameId} onClick={onDelete}>Delete</button>
        <button type="button" aria-describedby={nameId} onClick={onExport}>Export</button>
      </div>
    </>
  );
}

export function CheckpointList({ checkpoints, alert, canSave, onSave, onLoad, onDelete, onExport, onImport }: Props) {
  const importId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());
  // After a delete, focus moves to the checkpoint that took its place (or the heading when none is left).
  const focusIndex = useRef<number | null>(null);

  useEffect(() => {
    if (focusIndex.current === null) return;
    const next = checkpoints[Math.min(focusIndex.current, checkpoints.length - 1)];
    focusIndex.current = null;
    (next ? itemRefs.current.get(next.id) : headingRef.current)?.focus();
  }, [checkpoints]);

  const remove = async (summary: CheckpointSummary, index: number) => {
    focusIndex.current = index;
    if (!(await onDelete(summary))) focusIndex.current = null;
  };

  return (
    <section className="panel">
      <h2 ref={headingRef} tabIndex={-1}>Checkpoints</h2>
      <div className="row buttons">
        <button type="button" disabled={!canSave} onClick={onSave}>Save checkpoint</button>
        <div className="field inline">
          <label htmlFor={importId}>Import checkpoint</label>
          <input
            id={importId}
            type="file"
            accept=".safetensors,application/octet-stream"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void onImport(file);
              e.currentTarget.value = '';
            }}
          />
        </div>
      </div>
      {alert && <p role="alert" className="error">{alert}</p>}
      {checkpoints.length === 0 && <p className="hint">No checkpoints yet. Training saves them automatically.</p>}
      <ul aria-label="Checkpoints" className="checkpoints">
        {checkpoints.map((summary, index) => (
          <li
            key={summary.id}
            tabIndex={-1}
            ref={(el) => {
              if (el) itemRefs.current.set(summary.id, el);
              else itemRefs.current.delete(summary.id);
            }}
          >
            <CheckpointItem
              summary={summary}
              onLoad={() => onLoad(summary)}
              onDelete={() => void remove(summary, index)}
              onExport={() => onExport(summary)}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
