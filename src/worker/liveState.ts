// Test hook: the live model's state as it is on the device now, read by a path of its own. On WebGPU each
// buffer is downloaded directly (backend.getBufferData), bypassing tfjs's read() and the CPU copy it may
// keep, so the e2e tests compare what a checkpoint holds with the live state, not with another saved copy.
import * as tf from './tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { Trainer } from './model/trainer';
import type { LiveStateEvent } from '../shared/protocol';

/** A tensor's bytes as the device holds them now (a fresh download on WebGPU). */
export async function freshBytes(t: tf.Tensor): Promise<Uint8Array> {
  if (tf.getBackend() !== 'webgpu') return new Uint8Array(new Float32Array(t.dataSync()).buffer);
  const backend = tf.backend() as unknown as WebGPUBackend;
  const entry = backend.tensorMap.get(t.dataId);
  if (entry.resource == null) return new Uint8Array(new Float32Array(entry.values as Float32Array).buffer); // not uploaded yet
  const bytes = await backend.getBufferData(entry.resource as GPUBuffer);
  return new Uint8Array(bytes, 0, t.size * 4);
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes.slice());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of each live tensor under its checkpoint file name, and the validation loss now. */
export async function probeLiveState(trainer: Trainer): Promise<LiveStateEvent> {
  const named: Array<[string, tf.Tensor]> = [];
  const { m, v } = trainer.adam.momentTensors(); // copies of the live moments, disposed below
  for (const name of trainer.model.names) {
    named.push(
      [name, trainer.model.weights[name]],
      [`optimizer.adam.m.${name}`, m[name]],
      [`optimizer.adam.v.${name}`, v[name]],
    );
  }
  const tensors: Record<string, string> = {};
  try {
    for (const [name, t] of named) tensors[name] = await sha256(await freshBytes(t));
  } finally {
    tf.dispose([...Object.values(m), ...Object.values(v)] as tf.Tensor[]);
  }
  const validationLoss = await trainer.evaluate();
  return { type: 'liveState', step: trainer.step, tensors, validationLoss, numTensors: tf.memory().numTensors };
}
