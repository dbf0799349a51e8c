// Test hook (only after an init with allowFaults): fails the way a real fault would, so the e2e tests can
// show that the page recovers from each.
import * as tf from './tfjs';
import type { CharModel } from './model/charModel';
import { destroyDevice } from './backend';
import { assertNever } from '../shared/errors';
import type { InjectedFault, WorkerEvent } from '../shared/protocol';

export function injectFault(fault: InjectedFault, emit: (e: WorkerEvent) => void, model: CharModel | null): void {
  switch (fault) {
    case 'deviceLost':
      return destroyDevice();
    case 'throw':
      setTimeout(() => {
        throw new Error('injected fault: uncaught exception');
      });
      return;
    case 'unhandledRejection':
      void Promise.reject(new Error('injected fault: unhandled rejection'));
      return;
    case 'hang':
      setTimeout(() => {
        for (;;); // never yields again: heartbeats stop
      });
      return;
    case 'unreadable':
      (emit as (e: unknown) => void)({ type: 'no-such-event', payload: 42 });
      return;
    case 'nanWeights':
      return poisonWeights(model);
    default:
      assertNever(fault);
  }
}

/** NaN in the output bias, so every following step's loss is NaN. */
function poisonWeights(model: CharModel | null): void {
  const bias = model?.weights['fc.bias'];
  if (!bias) return;
  const nan = tf.fill(bias.shape, NaN);
  bias.assign(nan);
  nan.dispose();
}
