// A checkpoint of a tiny model of the given shape after a few CPU training steps, for the checkpoint tests.
import { captureCheckpoint } from '../worker/model/snapshot';
import { tinySetup } from './fixtures';
import { fingerprintText } from '../shared/data/text';
import type { ModelConfig } from '../shared/config';

export async function trainedCheckpoint(shape: Partial<ModelConfig>, steps = 2, runId = 'run-test') {
  const s = tinySetup(undefined, {}, shape);
  for (let i = 0; i < steps; i++) await s.trainer.trainOnce();
  const data = await captureCheckpoint(s.trainer, {
    runId,
    name: `${runId} checkpoint`,
    textName: 'rhyme.txt',
    textFingerprint: fingerprintText('x'),
    textCharacters: s.ids.length,
    vocabulary: s.vocab.chars,
  });
  return { s, data };
}
