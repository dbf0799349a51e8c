// Owns and supervises the training worker: starts it, turns its messages into reducer actions, watches for
// crashes, unreadable messages and silence (heartbeats), and can replace it with a fresh one.
import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import { isWorkerEvent, type CheckpointEvent, type LiveStateEvent, type WorkerRequest } from '../../../shared/protocol';
import type { BackendChoice, BackendName } from '../../../shared/config';
import type { AppAction } from './appState';
import type { SpeedTable } from '../../../shared/plan/planner';

export type SendRequest = (request: WorkerRequest, transfer?: Transferable[]) => void;

export interface TrainerHandle {
  send: SendRequest;
  /** Ends the current worker and starts a new one (skipping backends that failed). */
  restart: (backend: BackendChoice, exclude?: BackendName[]) => void;
}

export interface TrainerCallbacks {
  onCheckpoint: (event: CheckpointEvent) => void;
  onDeviceLost: (message: string, wasTraining: boolean) => void;
  /** The answer to the debugProbe test hook. */
  onLiveState?: (state: LiveStateEvent) => void;
  /** Speeds a plan measured on this device, to keep for the next run. */
  onPlanned?: (deviceKey: string, measured: SpeedTable) => void;
}

const params = () => new URLSearchParams(globalThis.location?.search ?? '');
/** How long the worker may stay silent before the page calls it hung (?heartbeat=ms shortens it for tests). */
const silenceLimitMs = () => Number(params().get('heartbeat')) || 30_000;

export function useTrainingWorker(dispatch: Dispatch<AppAction>, callbacks: TrainerCallbacks): TrainerHandle {
  const workerRef = useRef<Worker | null>(null);
  const stopWatchRef = useRef<() => void>(() => undefined);
  // The latest callbacks, without restarting the worker when they change.
  const callbacksRef = useRef(callbacks);
  useEffect(() => {
    callbacksRef.current = callbacks;
  }, [callbacks]);

  const spawn = useCallback(
    (backend: BackendChoice, exclude: BackendName[] = []) => {
      const worker = new Worker(new URL('../../../worker/trainingWorker.ts', import.meta.url), { type: 'module' });
      workerRef.current = worker;
      let lastHeard = Date.now();
      let failed = false;
      const crashed = (detail: string) => {
        if (failed || workerRef.current !== worker) return;
        failed = true;
        dispatch({ type: 'workerCrashed', message: detail });
      };
      worker.addEventListener('message', (message: MessageEvent<unknown>) => {
        lastHeard = Date.now();
        const event = message.data;
        if (!isWorkerEvent(event)) return crashed('it sent a message folio could not read');
        if (event.type === 'heartbeat') return;
        if (event.type === 'crashed') return crashed(event.message);
        dispatch(event);
        if (event.type === 'checkpoint') callbacksRef.current.onCheckpoint(event);
        if (event.type === 'deviceLost') callbacksRef.current.onDeviceLost(event.message, event.wasTraining);
        if (event.type === 'liveState') callbacksRef.current.onLiveState?.(event);
        if (event.type === 'planned') callbacksRef.current.onPlanned?.(event.deviceKey, event.measured);
      });
      worker.addEventListener('error', (event: ErrorEvent) => crashed(event.message || 'the worker script failed'));
      worker.addEventListener('messageerror', () => crashed('a message from the trainer could not be read'));
      const watchdog = setInterval(() => {
        const silent = Date.now() - lastHeard;
        if (silent > silenceLimitMs()) crashed(`it has not answered for ${Math.round(silent / 1000)} seconds`);
      }, 1000);
      stopWatchRef.current = () => clearInterval(watchdog);
      const init: WorkerRequest = {
        type: 'init',
        backend,
        exclude,
        allowFaults: params().has('faults'),
        defaultLimits: params().has('defaultLimits'),
      };
      worker.postMessage(init);
    },
    [dispatch],
  );

  const end = useCallback(() => {
    stopWatchRef.current();
    workerRef.current?.terminate();
    workerRef.current = null;
  }, []);

  useEffect(() => {
    spawn('auto');
    return end;
  }, [spawn, end]);

  const send = useCallback<SendRequest>((request, transfer = []) => {
    workerRef.current?.postMessage(request, transfer);
  }, []);

  const restart = useCallback(
    (backend: BackendChoice, exclude: BackendName[] = []) => {
      end();
      dispatch({ type: 'trainerRestarted' });
      spawn(backend, exclude);
    },
    [dispatch, end, spawn],
  );

  return { send, restart };
}
