// One generation: seed, then characters streamed to the page in small chunks (not one message per character).
import type { CharModel } from '../model/charModel';
import { generateIds } from '../model/generate';
import { validateGeneration } from '../model/sampler';
import { encodeText, type Vocabulary } from '../data/vocabulary';
import { yieldToEventLoop } from '../model/trainer';
import type { Emit } from './session';

const FLUSH_EVERY_MS = 50;

export class GenerationJob {
  private cancelled = false;

  constructor(
    private readonly model: CharModel,
    private readonly vocab: Vocabulary,
    private readonly emit: Emit,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }

  async run(seed: string, length: number, temperature: number, samplingSeed: number): Promise<void> {
    const problems = validateGeneration(length, temperature);
    if (problems.length > 0) {
      this.emit({ type: 'notice', level: 'error', message: problems.join(' ') });
      return;
    }
    const { ids, unknown } = encodeText(seed, this.vocab);
    let seedIds = Array.from(ids);
    let shownSeed = seedIds.map((i) => this.vocab.chars[i]).join('');
    if (seedIds.length === 0) {
      // Nothing usable in the seed: start after a line break if the text has one, else the first character.
      const start = this.vocab.ids.get('\n') ?? 0;
      seedIds = [start];
      shownSeed = this.vocab.chars[start] === '\n' ? '' : this.vocab.chars[start];
    }
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
    try {
      await generateIds(this.model, seedIds, {
        length,
        temperature,
        samplingSeed,
        onId: (id) => {
          pending += this.vocab.chars[id];
          made++;
          if (performance.now() - lastFlush >= FLUSH_EVERY_MS) flush();
          return !this.cancelled;
        },
        pause: yieldToEventLoop,
        yieldEvery: 4,
      });
      flush();
      const seconds = (performance.now() - started) / 1000;
      this.emit({ type: 'generationDone', reason: this.cancelled ? 'stopped' : 'complete', charsPerSec: made / Math.max(seconds, 1e-3) });
    } catch (e) {
      flush();
      this.emit({ type: 'notice', level: 'error', message: `Generation failed: ${e instanceof Error ? e.message : String(e)}` });
      this.emit({ type: 'generationDone', reason: 'error', charsPerSec: 0 });
    }
  }
}
