// Asks before a new run replaces the paused one in the trainer.
import type { Ref } from 'react';
import { formatCount } from '../common/format';

interface Props {
  ref: Ref<HTMLDialogElement>;
  /** The paused run's step. */
  step: number;
  onConfirm(): void;
}

export function NewRunDialog({ ref, step, onConfirm }: Props) {
  return (
    <dialog ref={ref} className="new-run-dialog" aria-labelledby="new-run-title" aria-describedby="new-run-body">
      <form method="dialog">
        <h2 id="new-run-title">Start a new run?</h2>
        <p id="new-run-body">
          The paused run (step {formatCount(step)}) leaves the trainer, and the new one starts at step 1 with the
          current settings. Checkpoints already saved stay in the list. To go on with the paused run, choose Cancel,
          then Resume training.
        </p>
        <div className="row buttons">
          <button type="submit" value="cancel" autoFocus>
            Cancel
          </button>
          <button type="submit" value="start" className="primary" onClick={onConfirm}>
            Start new run
          </button>
        </div>
      </form>
    </dialog>
  );
}
