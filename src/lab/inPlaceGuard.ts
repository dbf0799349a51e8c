// Checks that every WebGPU program writing into an existing buffer goes through worker/kernels/inPlace.ts,
// and that a read after an in-place write sees the new values. The e2e test runs these in Chromium.
import * as tf from '../worker/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { inSanctionedWrite } from '../worker/kernels/dispatch/inPlace';
import { rawDispatchListeners } from '../worker/kernels/dispatch/rawPass';
import { CopyProgram } from '../worker/kernels/dispatch/copyProgram';
import { CharModel } from '../worker/model/charModel';
import { Adam } from '../worker/model/adam';
import { initialWeights } from '../worker/model/init';
import { trainStep } from '../worker/model/trainStep';
import { generateIds } from '../worker/generation/generate';
import { createRng } from '../shared/data/rng';

export interface WriteAudit {
  /**
   * folio programs given an existing output outside inPlace.ts (shader keys): must be empty. tfjs's own
   * kernels are not counted: the one that does this (UnsortedSegmentSum, the embedding gradient) writes into
   * a zero tensor it has just made and no one else holds.
   */
  unsanctioned: string[];
  /** In-place writes that went through inPlace.ts. */
  sanctioned: number;
}

/** Runs `fn` while watching every program the WebGPU backend runs. */
async function audit(fn: () => Promise<void>): Promise<WriteAudit> {
  const backend = tf.backend() as unknown as WebGPUBackend;
  const original = backend.runWebGPUProgram;
  const result: WriteAudit = { unsanctioned: [], sanctioned: 0 };
  const raw = (_name: string, writes: number) => (result.sanctioned += writes); // rawPass.ts runs only under inPlace.ts
  rawDispatchListeners.add(raw);
  backend.runWebGPUProgram = function (this: WebGPUBackend, ...args: Parameters<WebGPUBackend['runWebGPUProgram']>) {
    if (args[4] != null && args[0].shaderKey.startsWith('folio')) {
      if (inSanctionedWrite()) result.sanctioned++;
      else result.unsanctioned.push(args[0].shaderKey);
    }
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    backend.runWebGPUProgram = original;
    rawDispatchListeners.delete(raw);
  }
  return result;
}

/** Everything the app does with a model on the fused path: train steps, a checkpoint read, generation. */
export async function auditAppWrites(): Promise<WriteAudit> {
  const config = { vocabSize: 12, embeddingDim: 6, units: 10 };
  const model = new CharModel(config, initialWeights(config, 3));
  model.useKernels(true);
  const adam = new Adam(model.weights);
  const rng = createRng(5);
  const ids = () => Int32Array.from({ length: 4 * 6 }, () => rng.int(12));
  try {
    return await audit(async () => {
      for (let s = 0; s < 3; s++)
        await trainStep(
          model,
          adam,
          { inputs: ids(), targets: ids(), time: 6, batch: 4 },
          { learningRate: 0.01, clipNorm: 1 },
        );
      await model.readWeights();
      await adam.readMoments();
      await generateIds(model, [1, 2], { length: 20, temperature: 1, samplingSeed: 1, onId: () => true });
    });
  } finally {
    model.dispose();
    adam.dispose();
  }
}

/** A program writing into an existing tensor behind inPlace.ts's back: the audit must report it. */
export async function auditDirectWrite(): Promise<WriteAudit> {
  const a = tf.tensor1d([1, 2, 3]);
  const b = tf.tensor1d([0, 0, 0]);
  try {
    return await audit(async () => {
      (tf.backend() as unknown as WebGPUBackend).runWebGPUProgram(new CopyProgram(3), [a], 'float32', [], b);
    });
  } finally {
    tf.dispose([a, b]);
  }
}

/**
 * The defect this guards against: read a weight (tfjs caches the values), update it in place with Adam,
 * read again. Returns the three reads and a download of the buffer that bypasses tfjs.
 */
export async function readAfterInPlaceWrite(): Promise<{
  before: number[];
  after: number[];
  again: number[];
  device: number[];
}> {
  const w = tf.variable(tf.tensor1d([0.5, -0.25, 1]));
  const adam = new Adam({ w });
  const g = tf.tensor1d([1, -1, 0.5]);
  try {
    const before = Array.from(await w.data());
    adam.apply({ w: g }, 0.1, 1, true);
    const after = Array.from(await w.data());
    adam.apply({ w: g }, 0.1, 1, true);
    const again = Array.from(w.dataSync());
    const backend = tf.backend() as unknown as WebGPUBackend;
    const buffer = backend.tensorMap.get(w.dataId).resource as GPUBuffer;
    const device = Array.from(new Float32Array(await backend.getBufferData(buffer)).slice(0, 3));
    return { before, after, again, device };
  } finally {
    tf.dispose([w, g]);
    adam.dispose();
  }
}
