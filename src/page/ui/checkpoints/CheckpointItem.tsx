// One stored checkpoint: its name (renamable), marks (Loaded, Best), facts, latest sample, and actions.
import { useId, useState, type FormEvent } from 'react';
import type { StoredCheckpoint } from '../../storage/checkpointStore';
import type { CheckpointReason, CheckpointSummary } from '../../../shared/checkpoint/summary';
import { formatBytes, formatCount, formatDate, formatLoss } from '../common/format';
import { SampleText } from '../run/SamplesTimeline';
import { modelLabel } from '../../../shared/checkpoint/names';

/** The store lists StoredCheckpoints; the page's state holds them as summaries, the loaded one marked. */
export type ListedCheckpoint = CheckpointSummary & Pick<StoredCheckpoint, 'damaged'> & { loaded?: boolean };

const REASON_WORDS: Record<CheckpointReason, string> = {
  manual: 'saved by you',
  auto: 'automatic',
  pause: 'on pause',
  stop: 'on stop',
  import: 'imported',
  best: 'best validation loss so far',
};

export const MAX_NAME_LENGTH = 120;

interface ItemProps {
  summary: ListedCheckpoint;
  best: boolean;
  onLoad: () => void;
  onDelete: () => void;
  onExport: () => void;
  /** Absent: the page offers no renaming. */
  onRename?: (name: string) => Promise<boolean>;
}

function RenameForm({
  summary,
  onDone,
  onRename,
}: {
  summary: ListedCheckpoint;
  onDone: () => void;
  onRename: (name: string) => Promise<boolean>;
}) {
  const [name, setName] = useState(summary.name);
  const id = useId();
  const trimmed = name.trim();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (trimmed === '' || (trimmed !== summary.name && !(await onRename(trimmed)))) return;
    onDone();
  };
  return (
    <form className="row checkpoint-rename" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>New name for “{summary.name}”</label>
      <input
        id={id}
        type="text"
        value={name}
        maxLength={MAX_NAME_LENGTH}
        autoFocus
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" disabled={trimmed === ''}>
        Save name
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

export function CheckpointItem({ summary: s, best, onLoad, onDelete, onExport, onRename }: ItemProps) {
  const nameId = useId();
  const [renaming, setRenaming] = useState(false);
  return (
    <>
      <h3 id={nameId} className="checkpoint-name">
        {s.name}
        {s.loaded && (
          <>
            {' '}
            <span className="badge badge-loaded">Loaded</span>
          </>
        )}
        {best && (
          <>
            {' '}
            <span className="badge">Best</span>
          </>
        )}
      </h3>
      {renaming && onRename && <RenameForm summary={s} onRename={onRename} onDone={() => setRenaming(false)} />}
      <p className="checkpoint-facts">
        Step {formatCount(s.step)} · train loss {formatLoss(s.trainLoss)} · validation loss{' '}
        {formatLoss(s.validationLoss)}
      </p>
      <p className="checkpoint-facts">
        <time dateTime={s.createdAt}>{formatDate(s.createdAt)}</time> · {formatBytes(s.sizeBytes)} ·{' '}
        {REASON_WORDS[s.reason]} · {modelLabel(s.model)} on {s.textName}
      </p>
      {s.sample && (
        <div className="checkpoint-sample">
          <p className="checkpoint-facts">Latest sample (step {formatCount(s.sample.step)}):</p>
          <SampleText sample={s.sample} />
        </div>
      )}
      {s.damaged && (
        <p className="error">Damaged: its stored data failed the check, so it cannot be loaded or exported.</p>
      )}
      <div className="row buttons">
        <button type="button" aria-describedby={nameId} disabled={!!s.damaged} onClick={onLoad}>
          Load
        </button>
        <button type="button" aria-describedby={nameId} onClick={onDelete}>
          Delete
        </button>
        <button type="button" aria-describedby={nameId} disabled={!!s.damaged} onClick={onExport}>
          Export
        </button>
        {onRename && !renaming && (
          <button type="button" aria-describedby={nameId} onClick={() => setRenaming(true)}>
            Rename
          </button>
        )}
      </div>
    </>
  );
}
