// Test hooks: with ?faults in the URL, window.__folioFault(kind) makes the worker fail on purpose, so the
// e2e tests can show that the page recovers, and window.__folioProbe() resolves to the live model's state
// read straight from the device (hashes per tensor, validation loss now), so they can check that what was
// saved is what was trained; window.__folioSpeeds('fastGpu' | 'software' | null) makes the next Start plan with
// a known device's speeds instead of this one's (what the plan would choose on an H200, here). Without ?faults
// nothing is exposed and the worker ignores the first two.
import { useEffect } from 'react';
import type { InjectedFault, LiveStateEvent } from '../../../shared/protocol';
import type { SendRequest } from './useTrainingWorker';
import { fastGpuSpeeds, softwareSpeeds } from '../../../shared/plan/deviceSpeeds';
import type { SpeedTable } from '../../../shared/plan/planner';

type DeviceLike = 'fastGpu' | 'software';
let speedsLike: DeviceLike | null = null;

/** The speeds a test asked the next plans to use (window.__folioSpeeds), for a text of this vocabulary. */
export function testSpeeds(vocabSize: number | undefined): SpeedTable | null {
  if (speedsLike === null || vocabSize === undefined) return null;
  return speedsLike === 'fastGpu' ? fastGpuSpeeds(vocabSize) : softwareSpeeds(vocabSize);
}

const waiting: Array<(state: LiveStateEvent) => void> = [];

/** Hands the worker's answer to every pending __folioProbe() call. */
export function deliverLiveState(state: LiveStateEvent): void {
  for (const resolve of waiting.splice(0)) resolve(state);
}

interface TestHooks {
  __folioFault?: (fault: InjectedFault) => void;
  __folioProbe?: () => Promise<LiveStateEvent>;
  __folioSpeeds?: (like: DeviceLike | null) => void;
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
    w.__folioSpeeds = (like) => {
      speedsLike = like;
    };
    return () => {
      delete w.__folioFault;
      delete w.__folioProbe;
      delete w.__folioSpeeds;
    };
  }, [send]);
}
