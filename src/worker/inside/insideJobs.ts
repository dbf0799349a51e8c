// The worker side of "Inside the model": the neuron explorer's activation pass (one at a time; a new one
// cancels the old) and the memorisation meter's copy check. The session hands it the live run and text.
import type { Run } from '../run';
import type { LoadedText } from '../loadedText';
import type { ActivationsEvent, Emit, FindCopiesRequest, InsideRequest } from '../../shared/protocol';
import { INSPECT_MAX_LENGTH } from '../../shared/inside/activationData';
import { decodeIds, encodeText } from '../../shared/data/vocabulary';
import { yieldToEventLoop } from '../../shared/async';
import { errorText } from '../../shared/errors';
import { JobSlot, ModelJob } from '../jobs/jobSlot';
import { activationPass, layerWeights } from './activations';
import { CopyChecker } from './copyChecker';

class ActivationJob extends ModelJob {
  async run(text: string): Promise<void> {
    const { ids, unknown } = encodeText(text, this.vocab);
    try {
      const acts = await activationPass(this.model, layerWeights(this.model), ids, {
        pause: yieldToEventLoop,
        shouldStop: () => this.cancelled,
      });
      if (!acts) return;
      const event: ActivationsEvent = {
        type: 'activations',
        text: decodeIds(ids, this.vocab),
        unknownCharacters: unknown,
        vocabulary: this.vocab.chars,
        ...acts,
      };
      this.emit(
        event,
        [...Object.values(acts.values).flat(), acts.topIds, acts.topProbabilities].map((a) => a.buffer as ArrayBuffer),
      );
    } catch (e) {
      this.emit({ type: 'notice', level: 'error', message: `Reading the text with the model failed: ${errorText(e)}` });
    }
  }
}

export class InsideJobs {
  private readonly activations = new JobSlot<ActivationJob>();
  private readonly copies = new CopyChecker();

  constructor(private readonly emit: Emit) {}

  handle(req: InsideRequest | FindCopiesRequest, run: Run | null, text: LoadedText | null): void {
    if (req.type === 'findCopies') {
      if (!text) return this.problem('Load the training text to look for copied passages.');
      const outcome = this.copies.check(text.text, req);
      return typeof outcome === 'string' ? this.problem(outcome) : this.emit(outcome);
    }
    if (!run) return this.problem('Train a model or load a checkpoint to look inside it.');
    const source =
      req.source.kind === 'text' ? req.source.text : this.trainingWindow(text, req.source.start, req.source.length);
    if (source === null) return this.problem('Load the training text to read a window of it.');
    if ([...source].length > INSPECT_MAX_LENGTH)
      return this.problem(
        `The explorer reads texts of up to ${INSPECT_MAX_LENGTH.toLocaleString('en-US')} characters.`,
      );
    if (source.length === 0) return this.problem('There is no text to read.');
    this.activations.start(new ActivationJob(run.trainer.model, run.vocab, this.emit), (j) => j.run(source));
  }

  cancel(): void {
    this.activations.cancel();
  }

  /** Characters [start, start + length) of the training text, clamped to it. */
  private trainingWindow(text: LoadedText | null, start: number, length: number): string | null {
    if (!text) return null;
    const codes = this.copies.codePoints(text.text);
    const from = Math.max(0, Math.min(Math.floor(start), codes.length));
    const to = Math.min(codes.length, from + Math.min(Math.floor(length), INSPECT_MAX_LENGTH));
    let out = '';
    for (let i = from; i < to; i++) out += String.fromCodePoint(codes[i]);
    return out;
  }

  private problem(message: string): void {
    this.emit({ type: 'notice', level: 'error', message });
  }
}
