// Samples during training: the same seed text, sampling seed and temperature every time, so two samples
// differ only by what the model learned in between. Sampling has its own generator: the data order and the
// weights are untouched, so a run with samples trains exactly like one without.
import type { CharModel } from './model/charModel';
import { generateIds } from './generation/generate';
import { decodeIds, encodeText, type Vocabulary } from '../shared/data/vocabulary';
import type { TrainingSample } from '../shared/training';

export const SAMPLE_LENGTH = 120;
export const SAMPLE_TEMPERATURE = 0.8;
export const SAMPLE_SAMPLING_SEED = 2024;
/** Longest seed, in characters. */
export const SAMPLE_SEED_MAX = 24;

/** The run's seed: the text's first line (with its line break), at most SAMPLE_SEED_MAX characters. */
export function sampleSeedText(text: string): string {
  const head = [...text.slice(0, SAMPLE_SEED_MAX * 2)].slice(0, SAMPLE_SEED_MAX).join('');
  const lineEnd = head.indexOf('\n');
  return lineEnd > 0 ? head.slice(0, lineEnd + 1) : head;
}

/** Whether a sample is due after `step` updates. */
export function sampleDue(step: number, sampleEvery: number): boolean {
  return sampleEvery > 0 && step > 0 && step % sampleEvery === 0;
}

/** A sample of SAMPLE_LENGTH characters after the seed; leaves no tensor behind. */
export async function drawTrainingSample(
  model: CharModel,
  vocab: Vocabulary,
  seed: string,
  step: number,
): Promise<TrainingSample> {
  let seedIds = Array.from(encodeText(seed, vocab).ids);
  if (seedIds.length === 0) seedIds = [vocab.ids.get('\n') ?? 0];
  const ids = await generateIds(model, seedIds, {
    length: SAMPLE_LENGTH,
    temperature: SAMPLE_TEMPERATURE,
    samplingSeed: SAMPLE_SAMPLING_SEED,
    onId: () => true,
  });
  return { step, seed: decodeIds(seedIds, vocab), text: decodeIds(ids, vocab) };
}
