// Reading model state for checkpoints: one moment of the run, and never an old copy.
// Every tensor is first copied into a new buffer, all before the first await (queue order puts the copies
// after every update already issued and before any later one), then the copies are downloaded and freed.
// On WebGPU the copy is a GPU program (tfjs's clone would share the buffer that Adam updates in place, see
// kernels/inPlace.ts); elsewhere tensors are immutable and a clone holds the values of that moment.
import * as tf from '../tfjs';
import type { StoredTensor } from '../../shared/checkpoint/types';
import { copyOnGpu } from '../kernels/dispatch/inPlace';

export async function readTensors<K extends string>(tensors: Record<K, tf.Tensor>): Promise<Record<K, StoredTensor>> {
  const names = Object.keys(tensors) as K[];
  const onGpu = tf.getBackend() === 'webgpu';
  const copies = names.map((name) => (onGpu ? copyOnGpu(tensors[name]) : tf.clone(tensors[name])));
  try {
    const out = {} as Record<K, StoredTensor>;
    for (let i = 0; i < names.length; i++) {
      const values = (await copies[i].data()) as Float32Array;
      // A private array: on CPU-side backends data() can return the backend's own storage.
      out[names[i]] = { shape: [...tensors[names[i]].shape], data: onGpu ? values : values.slice() };
    }
    return out;
  } finally {
    tf.dispose(copies);
  }
}
