// What the checkpoint list shows about a stored checkpoint, and why it was saved.
import type { ModelConfig } from '../config';
import type { TrainingSample } from '../training';

/** best: the weights at the run's lowest validation loss so far. */
export type CheckpointReason = 'manual' | 'auto' | 'pause' | 'stop' | 'import' | 'best';

/** What the list shows about a stored checkpoint; kept beside its bytes. */
export interface CheckpointSummary {
  id: string;
  name: string;
  runId: string;
  reason: CheckpointReason;
  step: number;
  trainLoss: number | null;
  validationLoss: number | null;
  createdAt: string; // ISO date
  sizeBytes: number;
  model: ModelConfig;
  textName: string;
  /** The run's most recent sample when the checkpoint was made. */
  sample?: TrainingSample;
}
