// Test hook: with ?faults in the URL, window.__folioFault(kind) makes the worker fail on purpose, so the
// e2e tests can show that the page recovers. Without ?faults nothing is exposed and the worker ignores it.
import { useEffect } from 'react';
import type { InjectedFault } from '../worker/protocol';
import type { SendRequest } from './useTrainingWorker';

export function useFaultHook(send: SendRequest): void {
  useEffect(() => {
    if (!new URLSearchParams(location.search).has('faults')) return;
    const w = window as unknown as { __folioFault?: (fault: InjectedFault) => void };
    w.__folioFault = (fault) => send({ type: 'debugFault', fault });
    return () => void delete w.__folioFault;
  }, [send]);
}
