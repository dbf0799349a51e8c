// The GPU's own time per training step, where the device has `timestamp-query`: a timestamp where the queueing of
// a step starts and one where it ends (stepsInFlight.ts tells both, rawPass.ts writes them in queue order), read
// once at the end. With steps in flight the queue never runs dry, so the difference is the time the GPU spends
// on the step's programs; beside the loop's time per step it shows how much of a step is the GPU and how much
// is waiting for the worker. Chromium rounds timestamps to 100 µs unless its flag says otherwise.
import * as tf from '../worker/tfjs';
import { queueTimestamp, resolveTimestamps } from '../worker/kernels/dispatch/rawPass';
import { stepQueueListeners } from '../worker/model/stepsInFlight';

/** The milliseconds of each timed step whose two timestamps came back in order. */
export function stepDurations(stamps: BigUint64Array, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < count; i += 2) {
    if (stamps[i + 1] >= stamps[i] && stamps[i] > 0n) out.push(Number(stamps[i + 1] - stamps[i]) / 1e6);
  }
  return out;
}

export class GpuStepTimer {
  private marks = 0;
  private readonly listener = (edge: 'start' | 'end') => {
    if (edge === 'start' && this.marks % 2 === 1) this.marks--; // a step that never ended: its start again
    if (this.marks >= this.capacity) return;
    if (edge === 'end' && this.marks % 2 === 0) return; // an end without its start
    queueTimestamp(this.querySet, this.marks++);
  };

  private constructor(
    private readonly device: GPUDevice,
    private readonly querySet: GPUQuerySet,
    private readonly capacity: number,
  ) {
    stepQueueListeners.add(this.listener);
  }

  /** Starts timing the next `steps` steps queued; null where the backend is not WebGPU or lacks timestamp-query. */
  static start(steps: number): GpuStepTimer | null {
    if (tf.getBackend() !== 'webgpu') return null;
    const device = (tf.backend() as unknown as { device: GPUDevice }).device;
    if (!device.features.has('timestamp-query')) return null;
    const capacity = 2 * Math.min(steps, 2048);
    return new GpuStepTimer(device, device.createQuerySet({ type: 'timestamp', count: capacity }), capacity);
  }

  /** Stops listening and reads every timed step's GPU milliseconds (call once the steps are done). */
  async stop(): Promise<number[]> {
    stepQueueListeners.delete(this.listener);
    const count = this.marks - (this.marks % 2);
    if (count === 0) return [];
    const bytes = count * 8;
    const resolved = this.device.createBuffer({
      size: bytes,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    const readable = this.device.createBuffer({
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      resolveTimestamps(this.querySet, count, resolved, readable);
      await readable.mapAsync(GPUMapMode.READ);
      return stepDurations(new BigUint64Array(readable.getMappedRange().slice(0)), count);
    } finally {
      readable.destroy();
      resolved.destroy();
      this.querySet.destroy();
    }
  }
}
