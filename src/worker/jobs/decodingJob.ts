// Worker jobs of the sampling studio: the temperature grid (streamed as whole columns now and then) and
// scoring a text for the probability view. Both use the live model and leave no tensor behind.
import type { CharModel } from '../model/charModel';
import { sampleColumns } from '../decoding/batchSampling';
import { DECODING_LIMITS, validateFilters, validateGrid } from '../../shared/decodingConfig';
import { scoreIds } from '../decoding/scoring';
import { countCodePoints, decodeIds, encodeText, type Vocabulary } from '../../shared/data/vocabulary';
import { yieldToEventLoop } from '../../shared/async';
import type { Emit, ScoreRequest, TemperatureGridRequest } from '../../shared/protocol';
import { ModelJob } from './jobSlot';
import { seedIdsFor } from '../decoding/seedText';
import { errorText } from '../../shared/errors';

const FLUSH_EVERY_MS = 100;

export class TemperatureGridJob extends ModelJob {
  async run(req: TemperatureGridRequest): Promise<void> {
    const problems = [...validateGrid(req.temperatures, req.length), ...validateFilters(req.filters ?? {}, this.vocab.chars.length)];
    if (problems.length > 0) return this.emit({ type: 'notice', level: 'error', message: problems.join(' ') });
    const { seedIds, shownSeed } = seedIdsFor(req.seed, this.vocab);
    const columns = req.temperatures.map(() => '');
    const send = (status: 'running' | 'complete' | 'stopped' | 'error') =>
      this.emit({ type: 'temperatureGrid', status, seed: shownSeed, temperatures: req.temperatures, columns: [...columns] });
    send('running');
    let lastFlush = performance.now();
    try {
      await sampleColumns(this.model, seedIds, {
        length: req.length,
        temperatures: req.temperatures,
        samplingSeed: req.samplingSeed,
        filters: req.filters,
        onIds: (ids) => {
          ids.forEach((id, b) => (columns[b] += this.vocab.chars[id]));
          if (performance.now() - lastFlush >= FLUSH_EVERY_MS) {
            send('running');
            lastFlush = performance.now();
          }
          return !this.cancelled;
        },
        pause: yieldToEventLoop,
        yieldEvery: 4,
      });
      send(this.cancelled ? 'stopped' : 'complete');
    } catch (e) {
      send('error');
      this.emit({ type: 'notice', level: 'error', message: `Temperature grid failed: ${errorText(e)}` });
    }
  }
}

/** Scores a text (characters outside the vocabulary left out) and sends its per-character probabilities. */
export async function scoreText(model: CharModel, vocab: Vocabulary, req: ScoreRequest, emit: Emit): Promise<void> {
  const limit = DECODING_LIMITS.scoreLength;
  if (countCodePoints(req.text) > limit) {
    return emit({ type: 'notice', level: 'error', message: `Probabilities are shown for texts of up to ${limit.toLocaleString('en-US')} characters.` });
  }
  const { ids, unknown } = encodeText(req.text, vocab);
  const context = Array.from(encodeText(req.context, vocab).ids);
  try {
    const s = await scoreIds(model, context, Array.from(ids), { k: 5, pause: yieldToEventLoop });
    const { probabilities, topIds, topProbabilities, k, meanLoss } = s;
    emit(
      { type: 'scored', target: req.target, text: decodeIds(ids, vocab), unknownCharacters: unknown, probabilities, topIds, topProbabilities, k, vocabulary: vocab.chars, meanLoss },
      [probabilities.buffer, topIds.buffer, topProbabilities.buffer] as ArrayBuffer[],
    );
  } catch (e) {
    emit({ type: 'notice', level: 'error', message: `Scoring failed: ${errorText(e)}` });
  }
}
