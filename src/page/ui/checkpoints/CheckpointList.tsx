// Stored checkpoints, newest first: save, import, and per checkpoint load, delete and export.
// A checkpoint whose stored bytes failed their check is marked damaged and can only be deleted; the one the
// live model was loaded from is marked "Loaded" (and aria-current); an export says which file it wrote.
import { useEffect, useId, useRef, useState } from 'react';
import type { CheckpointSummary } from '../../../shared/checkpoint/summary';
import { formatCount } from '../common/format';
import { CheckpointItem, type ListedCheckpoint } from './CheckpointItem';
import './checkpointMarks.css';

interface Props {
  checkpoints: ListedCheckpoint[];
  alert: string | null;
  /** A checkpoint the alert offers to load instead of the one that failed. */
  offer?: CheckpointSummary | null;
  canSave: boolean;
  onSave: () => void;
  onLoad: (summary: CheckpointSummary) => void;
  onDelete: (summary: CheckpointSummary) => Promise<boolean>;
  /** Resolves to the file name written (shown as a confirmation), or null. */
  onExport: (summary: CheckpointSummary) => void | Promise<string | null>;
  /** Resolves to whether it was renamed; absent: no Rename buttons. */
  onRename?: (summary: CheckpointSummary, name: string) => Promise<boolean>;
  onImport: (file: File) => Promise<void>;
  /** Each run's best checkpoint (lowest validation loss), marked "Best". */
  bestIds?: ReadonlySet<string>;
  /** The live run's best checkpoint, for "Restore best"; null when it has none. */
  restoreBest?: CheckpointSummary | null;
}

export function CheckpointList({
  checkpoints,
  alert,
  offer,
  canSave,
  onSave,
  onLoad,
  onDelete,
  onExport,
  onRename,
  onImport,
  bestIds,
  restoreBest,
}: Props) {
  const importId = useId();
  const [exported, setExported] = useState('');
  const exportFile = async (summary: CheckpointSummary) => {
    setExported('');
    const fileName = await onExport(summary);
    if (fileName) setExported(`Exported “${summary.name}” (step ${formatCount(summary.step)}) as ${fileName}.`);
  };
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
      <h2 ref={headingRef} tabIndex={-1}>
        Checkpoints
      </h2>
      <div className="row buttons">
        <button type="button" disabled={!canSave} onClick={onSave}>
          Save checkpoint
        </button>
        <button
          type="button"
          disabled={!restoreBest}
          aria-describedby={`${importId}-best`}
          onClick={() => restoreBest && onLoad(restoreBest)}
        >
          Restore best
        </button>
        <span id={`${importId}-best`} className="hint">
          {restoreBest
            ? `Loads step ${formatCount(restoreBest.step)}, this run's lowest validation loss.`
            : "Loads this run's lowest validation loss, once it has one."}
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
      <p role="status" className="checkpoint-status">
        {exported}
      </p>
      {checkpoints.length === 0 && <p className="hint">No checkpoints yet. Training saves them automatically.</p>}
      <ul aria-label="Checkpoints" className="checkpoints">
        {checkpoints.map((summary, index) => (
          <li
            key={summary.id}
            tabIndex={-1}
            aria-current={summary.loaded ? 'true' : undefined}
            className={summary.loaded ? 'loaded' : undefined}
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
              onExport={() => void exportFile(summary)}
              onRename={onRename && ((name) => onRename(summary, name))}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
