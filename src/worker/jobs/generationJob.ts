// One generation: seed, then characters streamed to the page in small chunks (not one message per character).
// Plain temperature sampling takes the fast path (the GPU sampler on fused kernels); top-k, top-p and the
// repetition penalty sample on the CPU from read-back logits; beam search sends its best beam at the end.
import { generateIds } from '../generation/generate';
import { validateGeneration } from '../generation/sampler';
import { sampleColumns } from '../generation/batchSampling';
import { beamSearch } from '../generation/beamSearch';
import { hasFilters, validateGenerationChoice, type GenerationChoice } from '../../shared/generationConfig';
import { seedIdsFor } from '../generation/seedText';
import { yieldToEventLoop } from '../../shared/async';
import { ModelJob } from './jobSlot';
import { errorText } from '../../shared/errors';

const FLUSH_EVERY_MS = 50;

export class GenerationJob extends ModelJob {
  async run(
    seed: string,
    length: number,
    temperature: number,
    samplingSeed: number,
    decoding: GenerationChoice = {},
  ): Promise<void> {
    const problems = [
      ...validateGeneration(length, temperature),
      ...validateGenerationChoice(decoding, length, this.vocab.chars.length),
    ];
    if (problems.length > 0) {
      this.emit({ type: 'notice', level: 'error', message: problems.join(' ') });
      return;
    }
    const { seedIds, shownSeed, unknown } = seedIdsFor(seed, this.vocab);
    this.emit({ type: 'generationStarted', seed: shownSeed, unknownCharacters: unknown });
    let pending = shownSeed;
    let lastFlush = performance.now();
    const flush = () => {
      if (pending) this.emit({ type: 'generated', text: pending });
      pending = '';
      lastFlush = performance.now();
    };
    const started = performance.now();
    let made = 0;
    const onId = (id: number) => {
      pending += this.vocab.chars[id];
      made++;
      if (performance.now() - lastFlush >= FLUSH_EVERY_MS) flush();
      return !this.cancelled;
    };
    try {
      await this.write(seedIds, length, temperature, samplingSeed, decoding, onId);
      flush();
      const seconds = (performance.now() - started) / 1000;
      this.emit({
        type: 'generationDone',
        reason: this.cancelled ? 'stopped' : 'complete',
        charsPerSec: made / Math.max(seconds, 1e-3),
      });
    } catch (e) {
      flush();
      this.emit({ type: 'notice', level: 'error', message: `Generation failed: ${errorText(e)}` });
      this.emit({ type: 'generationDone', reason: 'error', charsPerSec: 0 });
    }
  }

  /** Picks the decoder: beam search, filtered CPU sampling, or the plain (fast) path. */
  private async write(
    seedIds: number[],
    length: number,
    temperature: number,
    samplingSeed: number,
    decoding: GenerationChoice,
    onId: (id: number) => boolean,
  ): Promise<void> {
    const pause = yieldToEventLoop;
    if (decoding.beamWidth !== undefined) {
      const best = await beamSearch(this.model, seedIds, {
        width: decoding.beamWidth,
        length,
        shouldStop: () => this.cancelled,
        pause,
      });
      for (const id of best.ids) onId(id);
    } else if (hasFilters(decoding.filters)) {
      const onIds = ([id]: number[]) => onId(id);
      await sampleColumns(this.model, seedIds, {
        length,
        temperatures: [temperature],
        samplingSeed,
        filters: decoding.filters,
        onIds,
        pause,
        yieldEvery: 4,
      });
    } else {
      await generateIds(this.model, seedIds, { length, temperature, samplingSeed, onId, pause, yieldEvery: 4 });
    }
  }
}
