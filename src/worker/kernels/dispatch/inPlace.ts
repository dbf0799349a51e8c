// The one place where a WGSL program writes into a buffer that already exists: Adam's weights and moments,
// and the preallocated outputs that several dispatches fill slice by slice (PreallocatedOutput).
//
// Why this needs care: tfjs treats tensors as immutable. tfjs-backend-webgpu keeps what a tensor's first
// read downloads on the CPU (tensorMap[dataId].values) and returns that copy on every later read, so after an
// in-place write every read would be stale (checkpoints, exports and "best" snapshots holding old weights).
// And tensors may share one buffer (a variable shares its initial value's dataId; `assign` shares the new
// value's), so a write into one would silently change another. So for every in-place write:
//   1. the target gets a buffer of its own first (a GPU copy when another tensor shares it);
//   2. the target's entry is marked live on the GPU: its CPU copy is dropped and can never be set again, so
//      every read of it downloads the buffer afresh (see markLiveOnGpu).
// Nothing else in src/ may call runWebGPUProgram with an output or dispatch a raw pipeline (rawPass.ts):
// `npm run lint` checks it, and the lab's in-place guard (src/lab/inPlaceGuard.ts, e2e/inPlace.spec.ts)
// catches one at run time.
import * as tf from '../../tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { CopyProgram } from './copyProgram';
import { keepingShaderKey, uniformData, webgpuBackend, type IntUniforms, type TypedUniforms } from './programRunner';
import { rawDispatch, rawLoop, type LoopPart, type RawDispatch } from './rawPass';

export type ProgramUniforms = TypedUniforms;

let sanctionedDepth = 0;

/** True while one of this module's writes is dispatching (the lab's guard asks). */
export function inSanctionedWrite(): boolean {
  return sanctionedDepth > 0;
}

const backendOf = (): WebGPUBackend => webgpuBackend();

function dispatch(
  program: WebGPUProgram,
  inputs: tf.TensorInfo[],
  dtype: tf.DataType,
  uniforms: ProgramUniforms,
  output: tf.TensorInfo,
): void {
  sanctionedDepth++;
  try {
    keepingShaderKey(program, () => backendOf().runWebGPUProgram(program, inputs, dtype, uniforms, output));
  } finally {
    sanctionedDepth--;
  }
}

/**
 * Runs `program` with `target` as its output, in place (the shader may read the old values through `result`).
 * The variable ends up owning its buffer alone, and no read of it can ever return an older copy.
 */
export function writeInPlace(
  program: WebGPUProgram,
  inputs: tf.Tensor[],
  target: tf.Variable,
  uniforms: ProgramUniforms,
): void {
  ownBuffer(target);
  dispatch(program, inputs, target.dtype, uniforms, target);
  markLiveOnGpu(target);
}

/**
 * One dispatch of folio's own pipeline (rawPass.ts) that writes several variables in place: `targets` are
 * bound read_write first (bindings 0 …), then `inputs` read-only. Each target gets the same care as in
 * writeInPlace: a buffer of its own before, live on the GPU after.
 */
export function writeManyInPlace(
  spec: Omit<RawDispatch, 'buffers' | 'written'>,
  targets: tf.Variable[],
  inputs: tf.Tensor[],
): void {
  targets.forEach(ownBuffer);
  rawDispatch({ ...spec, buffers: [...targets, ...inputs], written: targets.length });
  targets.forEach(markLiveOnGpu);
}

/**
 * Dispatches into a buffer made for this purpose (PreallocatedOutput) that no tensor sees yet: no CPU copy can
 * exist and nothing shares it. Checked, so a misuse fails loudly instead of going stale.
 */
export function writeIntoFresh(
  program: WebGPUProgram,
  inputs: tf.TensorInfo[],
  output: tf.TensorInfo,
  uniforms: ProgramUniforms,
): void {
  checkFresh(output);
  dispatch(program, inputs, output.dtype, uniforms, output);
}

function checkFresh(output: tf.TensorInfo): void {
  const data = backendOf().tensorMap.get(output.dataId);
  if (data.values != null || data.refCount > 1)
    throw new Error('the output of a write into a fresh buffer is not fresh and private');
}

/** Gives a variable a buffer nobody else holds, copying on the GPU when its current one is shared. */
function ownBuffer(target: tf.Variable): void {
  const backend = backendOf();
  if (backend.refCount(target.dataId) <= 1) return;
  const copy = copyOnGpu(target);
  target.assign(copy);
  copy.dispose(); // the variable holds the only reference now
}

/** A new tensor with a bit-exact copy of `t`'s values, made on the GPU (queue order: after earlier writes). */
export function copyOnGpu(t: tf.Tensor): tf.Tensor {
  const backend = backendOf();
  const program = new CopyProgram(t.size);
  const info = backend.runWebGPUProgram(program, [t], t.dtype, []);
  return tf.engine().makeTensorFromTensorInfo({ ...info, shape: [...t.shape] });
}

const LIVE = Symbol('folio.liveOnGpu');

/**
 * Makes tfjs unable to cache `t`'s values on the CPU: its `values` field reads as null and ignores writes,
 * so read()/readSync() download the GPU buffer every time. It applies to the buffer's entry (dataId), which
 * a variable keeps until it is assigned again (writeInPlace marks the new one).
 */
export function markLiveOnGpu(t: tf.TensorInfo): void {
  const data = backendOf().tensorMap.get(t.dataId) as unknown as Record<string | symbol, unknown>;
  if (data[LIVE]) return;
  if (data.resource == null) throw new Error('markLiveOnGpu: the tensor has no GPU buffer');
  Object.defineProperty(data, 'values', { get: () => null, set: () => {}, configurable: true, enumerable: true });
  data[LIVE] = true;
}

/** A preallocated output that several dispatches write slices of (one per timestep), through writeIntoFresh. */
export class PreallocatedOutput {
  private readonly info: tf.TensorInfo;
  private taken = false;

  constructor(shape: number[], dtype: 'float32' | 'int32' = 'float32') {
    this.info = backendOf().makeTensorInfo(shape, dtype);
  }

  /** Dispatches `program` writing into this output; the shader may also read what earlier dispatches wrote. */
  run(program: WebGPUProgram, inputs: tf.Tensor[], uniforms: IntUniforms = []): void {
    if (this.taken) throw new Error('PreallocatedOutput already handed over');
    writeIntoFresh(program, inputs, this.info, uniformData(uniforms));
  }

  /**
   * Dispatches `program` once per entry of `uniforms` (its int uniforms for that iteration), in order, as one
   * raw loop (rawPass.ts): the time loops, without tfjs's per-dispatch work. Same writes as `run` each time.
   */
  runLoop(program: WebGPUProgram, inputs: tf.Tensor[], uniforms: IntUniforms[]): void {
    runLoop(
      [{ output: this, program, inputs }],
      uniforms.map((u) => [u]),
    );
  }

  /** This output as one part of a raw loop (runLoop), checked like `run`. */
  loopPart(program: WebGPUProgram, inputs: tf.Tensor[]): LoopPart {
    if (this.taken) throw new Error('PreallocatedOutput already handed over');
    checkFresh(this.info);
    return { program, inputs, output: this.info };
  }

  /** The buffer as an input of another program (read-only there), before it is handed over. */
  get asInput(): tf.Tensor {
    return this.info as tf.Tensor; // runWebGPUProgram reads only dataId, shape and dtype
  }

  /** Hands the buffer to the engine as a tensor (the engine then owns and disposes it). */
  toTensor(): tf.Tensor {
    this.taken = true;
    return tf.engine().makeTensorFromTensorInfo(this.info);
  }
}

/**
 * Programs that each write into a PreallocatedOutput, dispatched in order once per iteration as one raw loop
 * (rawPass.ts): iterations[i][p] are part p's int uniforms in iteration i. Parts may read each other's outputs.
 */
export function runLoop(
  parts: Array<{ output: PreallocatedOutput; program: WebGPUProgram; inputs: tf.Tensor[] }>,
  iterations: IntUniforms[][],
): void {
  rawLoop(
    parts.map((p) => p.output.loopPart(p.program, p.inputs)),
    iterations,
  );
}
