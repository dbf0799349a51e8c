// Owns the training worker: starts it, turns its messages into reducer actions, and ends it on unmount.
import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import type { CheckpointEvent, WorkerEvent, WorkerRequest } from '../worker/protocol';
import type { AppAction } from './appState';

export type SendRequest = (request: WorkerRequest, transfer?: Transferable[]) => void;

export function useTrainingWorker(dispatch: Dispatch<AppAction>, onCheckpoint: (event: CheckpointEvent) => void): SendRequest {
  const workerRef = useRef<Worker | null>(null);
  // The latest callback, without restarting the worker when it changes.
  const onCheckpointRef = useRef(onCheckpoint);
  useEffect(() => {
    onCheckpointRef.current = onCheckpoint;
  }, [onCheckpoint]);

  useEffect(() => {
    const worker = new Worker(new URL('../worker/trainingWorker.ts', import.meta.url), { type: 'module' });
    workerRef.current = worker;
    const crashed = (detail: string) => dispatch({ type: 'workerCrashed', message: detail });
    worker.addEventListener('message', (message: MessageEvent<WorkerEvent>) => {
      dispatch(message.data);
      if (message.data.type === 'checkpoint') onCheckpointRef.current(message.data);
    });
    worker.addEventListener('error', (event: ErrorEvent) => crashed(event.message || 'the worker script failed'));
    worker.addEventListener('messageerror', () => crashed('a message from the trainer could not be read'));
    const init: WorkerRequest = { type: 'init', backend: 'auto' };
    worker.postMessage(init);
    return () => {
      worker.terminate();
      workerRef.current = null;
    };
  }, [dispatch]);

  return useCallback((request: WorkerRequest, transfer: Transferable[] = []) => {
    workerRef.current?.postMessage(request, transfer);
  }, []);
}
