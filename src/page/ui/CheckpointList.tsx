// Stored checkpoints, newest first: save, import, and per checkpoint load, delete and export.
// A checkpoint whose stored bytes failed their check is marked damaged and can only be deleted.
import { useEffect, useId, useRef } from 'react';
import type { StoredCheckpoint } from '../storage/checkpointStore';
import type { CheckpointReason, CheckpointSummary } from '../../shared/checkpoint/summary';
import { formatBytes, formatCount, formatDate, formatLoss } from './format';
import { SampleText } from './SamplesTimeline';

/** The store lists StoredCheckpoints; the page's state holds them as summaries. */
type ListedCheckpoint = CheckpointSummary & Pick<StoredCheckpoint, 'damaged'>;

interface Props {
  checkpoints: ListedCheckpoint[];
  alert: string | null;
  /** A checkpoint the alert offers to load instead of the one that failed. */
  offer?: CheckpointSummary | null;
  canSave: boolean;
  onSave: () => void;
  onLoad: (summary: CheckpointSummary) => void;
  onDelete: (summary: CheckpointSummary) => Promise<boolean>;
  onExport: (summary: CheckpointSummary) => void;
  onImport: (file: File) => Promise<void>;
  /** Each run's best checkpoint (lowest validation loss), marked "Best". */
  bestIds?: ReadonlySet<string>;
  /** The live run's best checkpoint, for "Restore best"; null when it has none. */
  restoreBest?: CheckpointSummary | null;
}

const REASON_WORDS: Record<CheckpointReason, string> = {
  manual: 'saved by you',
  auto: 'automatic',
  pause: 'on pause',
  stop: 'on stop',
  import: 'imported',
  best: 'best validation loss so far',
};

interface ItemProps {
  summary: ListedCheckpoint;
  best: boolean;
  onLoad: () => void;
  onDelete: () => void;
  onExport: () => void;
}

function CheckpointItem({ summary: s, best, onLoad, onDelete, onExport }: ItemProps) {
  const nameId = useId();
  return (
    <>
      <h3 id={nameId} className="checkpoint-name">
        {s.name}
        {best && <> <span className="badge">Best</span></>}
      </h3>
      <p className="checkpoint-facts">
        Step {formatCount(s.step)} · train loss {formatLoss(s.trainLoss)} · validation loss {formatLoss(s.validationLoss)}
      </p>
      <p className="checkpoint-facts">
        <time dateTime={s.createdAt}>{formatDate(s.createdAt)}</time> · {formatBytes(s.sizeBytes)} · {REASON_WORDS[s.reason]} ·{' '}
        GRU {s.model.units} on {s.textName}
      </p>
      {s.sample && (
        <div className="checkpoint-sample">
          <p className="checkpoint-facts">Latest sample (step {formatCount(s.sample.step)}):</p>
          <SampleText sample={s.sample} />
        </div>
      )}
      {s.damaged && <p className="error">Damaged: its stored data failed the check, so it cannot be loaded or exported.</p>}
      <div className="row buttons">
        <button type="button" aria-describedby={nameId} disabled={!!s.damaged} onClick={onLoad}>Load</button>
        <button type="button" aria-describedby={nameId} onClick={onDelete}>Delete</button>
        <button type="button" aria-describedby={nameId} disabled={!!s.damaged} onClick={onExport}>Export</button>
      </div>
    </>
  );
}

export function CheckpointList({ checkpoints, alert, offer, canSave, onSave, onLoad, onDelete, onExport, onImport, bestIds, restoreBest }: Props) {
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
        <button type="button" disabled={!restoreBest} aria-describedby={`${importId}-best`} onClick={() => restoreBest && onLoad(restoreBest)}>
          Restore best
        </button>
        <span id={`${importId}-best`} className="hint">
          {restoreBest ? `Loads step ${formatCount(restoreBest.step)}, this run's lowest validation loss.` : 'Loads this run\'s lowest validation loss, once it has one.'}
        </span>
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
      {alert && (
        <div role="alert" className="error">
          <p className="error">{alert}</p>
          {offer && (
            <button type="button" onClick={() => onLoad(offer)}>
              Load “{offer.name}” instead
            </button>
          )}
        </div>
      )}
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
              best={bestIds?.has(summary.id) ?? false}
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
