// Worker entry: owns tfjs, the model, the optimizer and the data. The page only sends requests.
/// <reference lib="webworker" />
import { TrainingSession } from './session';
import { errorText } from '../shared/errors';
import type { WorkerEvent, WorkerRequest } from '../shared/protocol';

declare const self: DedicatedWorkerGlobalScope;

const HEARTBEAT_MS = 1000;

const emit = (event: WorkerEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer);
const session = new TrainingSession(emit);

// Requests are handled one at a time, in order; a long one (training) runs in the background inside.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  // Pause, stop and stop-generating must not wait behind a queued request.
  const urgent =
    req.type === 'pause' || req.type === 'stop' || req.type === 'stopGenerating' || req.type === 'debugFault';
  const run = () =>
    session.handle(req).catch((err: unknown) => emit({ type: 'notice', level: 'error', message: errorText(err) }));
  if (urgent) void run();
  else queue = queue.then(run);
};

// Silence means a hang: the page's watchdog restarts the trainer when heartbeats stop.
setInterval(() => emit({ type: 'heartbeat' }), HEARTBEAT_MS);

// Unhandled rejections never reach the page's onerror: report them, the page treats them as a crash.
self.addEventListener('unhandledrejection', (e) => {
  emit({ type: 'crashed', message: `unhandled error: ${errorText(e.reason)}` });
});
