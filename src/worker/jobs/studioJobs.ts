// Worker jobs of the sampling studio: the temperature grid (streamed as whole columns now and then) and
// scoring a text for the probability view (partial scores now and then). Both use the live model and leave
// no tensor behind.
import { sampleColumns } from '../generation/batchSampling';
import { GENERATION_LIMITS, validateFilters, validateGrid } from '../../shared/generationConfig';
import { scoreIds, type TextScores } from '../generation/scoring';
import { countCodePoints, decodeIds, encodeText } from '../../shared/data/vocabulary';
import { yieldToEventLoop } from '../../shared/async';
import type { ScoreRequest, ScoringProgress, TemperatureGridRequest } from '../../shared/protocol';
import { ModelJob } from './jobSlot';
import { seedIdsFor } from '../generation/seedText';
import { errorText } from '../../shared/errors';

const FLUSH_EVERY_MS = 100;

export class TemperatureGridJob extends ModelJob {
  async run(req: TemperatureGridRequest): Promise<void> {
    const problems = [
      ...validateGrid(req.temperatures, req.length),
      ...validateFilters(req.filters ?? {}, this.vocab.chars.length),
    ];
    if (problems.length > 0) return this.emit({ type: 'notice', level: 'error', message: problems.join(' ') });
    const { seedIds, shownSeed } = seedIdsFor(req.seed, this.vocab);
    const columns = req.temperatures.map(() => '');
    const send = (status: 'running' | 'complete' | 'stopped' | 'error') =>
      this.emit({
        type: 'temperatureGrid',
        status,
        seed: shownSeed,
        temperatures: req.temperatures,
        columns: [...columns],
      });
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

/** Scores a text (characters outside the vocabulary left out) and sends its per-character probabilities:
 *  partial results about every FLUSH_EVERY_MS while it runs, then the whole; stops when cancelled. */
export class ScoringJob extends ModelJob {
  async run(req: ScoreRequest): Promise<void> {
    const limit = GENERATION_LIMITS.scoreLength;
    if (countCodePoints(req.text) > limit) {
      return this.emit({
        type: 'notice',
        level: 'error',
        message: `Probabilities are shown for texts of up to ${limit.toLocaleString('en-US')} characters.`,
      });
    }
    const { ids, unknown } = encodeText(req.text, this.vocab);
    const context = Array.from(encodeText(req.context, this.vocab).ids);
    const text = decodeIds(ids, this.vocab);
    const send = (s: TextScores, status: ScoringProgress['status'], copy: boolean) => {
      const arrays = copy
        ? ([s.probabilities.slice(), s.topIds.slice(), s.topProbabilities.slice()] as const)
        : ([s.probabilities, s.topIds, s.topProbabilities] as const);
      const [probabilities, topIds, topProbabilities] = arrays;
      this.emit(
        {
          type: 'scored',
          target: req.target,
          text,
          unknownCharacters: unknown,
          probabilities,
          topIds,
          topProbabilities,
          k: s.k,
          vocabulary: this.vocab.chars,
          meanLoss: s.meanLoss,
          progress: { done: s.done, total: s.total, status },
        },
        [probabilities.buffer, topIds.buffer, topProbabilities.buffer] as ArrayBuffer[],
      );
    };
    let lastFlush = performance.now();
    try {
      const s = await scoreIds(this.model, context, Array.from(ids), {
        k: 5,
        pause: yieldToEventLoop,
        shouldStop: () => this.cancelled,
        onChunk: (partial) => {
          if (partial.done === partial.total || performance.now() - lastFlush < FLUSH_EVERY_MS) return;
          lastFlush = performance.now();
          send(partial, 'running', true); // the arrays fill on: send a copy
        },
      });
      send(s, s.done < s.total ? 'stopped' : 'complete', false);
    } catch (e) {
      this.emit({ type: 'notice', level: 'error', message: `Scoring failed: ${errorText(e)}` });
    }
  }
}
