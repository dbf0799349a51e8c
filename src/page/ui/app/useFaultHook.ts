// Test hooks: with ?faults in the URL, window.__folioFault(kind) makes the worker fail on purpose, so the
// e2e tests can show that the page recovers, and window.__folioProbe() resolves to the live model's state
// read straight from the device (hashes per tensor, validation loss now), so they can check that what was
// saved is what was trained. Without ?faults nothing is exposed and the worker ignores both.
import { useEffect } from 'react';
import type { InjectedFault, LiveStateEvent } from '../../../shared/protocol';
import type { SendRequest } from './useTrainingWorker';

const waiting: Array<(state: LiveStateEvent) => void> = [];

/** Hands the worker's answer to every pending __folioProbe() call. */
export function deliverLiveState(state: LiveStateEvent): void {
  for (const resolve of waiting.splice(0)) resolve(state);
}

interface TestHooks {
  __folioFault?: (fault: InjectedFault) => void;
  __folioProbe?: () => Promise<LiveStateEvent>;
}

export function useFaultHook(send: SendRequest): void {
  useEffect(() => {
    if (!new URLSearchParams(location.search).has('faults')) return;
    const w = window as unknown as TestHooks;
    w.__folioFault = (fault) => send({ type: 'debugFault', fault });
    w.__folioProbe = () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        send({ type: 'debugProbe' });
      });
    return () => {
      delete w.__folioFault;
      delete w.__folioProbe;
    };
  }, [send]);
}
