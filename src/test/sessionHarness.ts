// A TrainingSession driven directly in Vitest: every event it posts is kept, and waitFor polls them for the
// first of a type that matches, or fails naming the events that came.
import { TrainingSession } from '../worker/session';
import type { WorkerEvent } from '../shared/protocol';

export function sessionHarness(timeoutMs = 30_000) {
  const events: WorkerEvent[] = [];
  const session = new TrainingSession((e) => events.push(e));
  const waitFor = async <T extends WorkerEvent['type']>(
    type: T,
    pred: (e: Extract<WorkerEvent, { type: T }>) => boolean = () => true,
    within = timeoutMs,
  ) => {
    const t0 = Date.now();
    for (;;) {
      const hit = events.find(
        (e): e is Extract<WorkerEvent, { type: T }> => e.type === type && pred(e as Extract<WorkerEvent, { type: T }>),
      );
      if (hit) return hit;
      if (Date.now() - t0 > within) throw new Error(`no ${type} event; got ${events.map((e) => e.type).join(',')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const bytes = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;
  return { events, session, waitFor, bytes };
}
