// Adam (Kingma & Ba, with bias correction; ε as in PyTorch): its state is plain data a checkpoint can hold.
//   m ← β1·m + (1−β1)·g   v ← β2·v + (1−β2)·g²   w ← w − lr·m̂ / (√v̂ + ε)
import * as tf from '../tfjs';
import type { AdamState, StoredTensor } from '../../shared/checkpoint/types';
import { readTensors } from './tensorSnapshot';
import type { StepGuard } from '../kernels/step/stepGuard';
import { fusedAdam, wholeGrad, type AdamStepConstants, type GradView } from '../kernels/step/adamKernel';

export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/**
 * Owns the moments of every trained variable, keyed by the caller's names: one buffer [2·total] holding m of
 * every variable, then v (variable `name`'s from offsets[name]), so one fused dispatch can update many weights.
 */
export class Adam<K extends string> {
  /** [2·total]: m of every variable in name order, then v in the same order. */
  private readonly both: tf.Variable;
  private readonly offsets: Record<K, number>;
  private readonly total: number;
  state: AdamState;

  constructor(
    private readonly targets: Record<K, tf.Variable>,
    state?: Partial<AdamState>,
  ) {
    this.state = { ...ADAM_DEFAULTS, step: 0, ...state };
    this.offsets = {} as Record<K, number>;
    let total = 0;
    for (const name of this.names) {
      this.offsets[name] = total;
      total += targets[name].size;
    }
    this.total = total;
    const zeros = tf.zeros([2 * total]);
    this.both = tf.variable(zeros, false);
    zeros.dispose(); // the variable holds its own reference
  }

  private get names(): K[] {
    return Object.keys(this.targets) as K[];
  }

  /**
   * Applies one update to grads × scale (the clipping factor); grads are keyed like the targets and are not
   * disposed here. `fused`: the WebGPU kernel (kernels/adamKernel), weights and moments updated in place.
   */
  apply(grads: Record<K, tf.Tensor>, learningRate: number, scale = 1, fused = false): void {
    const constants = { ...this.nextStep(learningRate), scale };
    const { beta1: b1, beta2: b2, alpha: stepSize, epsHat } = constants;
    if (fused) {
      fusedAdam(
        this.names.map((name) => ({ w: this.targets[name], offset: this.offsets[name], grad: wholeGrad(grads[name]) })),
        this.both,
        constants,
      );
      return;
    }
    tf.tidy(() => {
      const ms: tf.Tensor[] = [];
      const vs: tf.Tensor[] = [];
      for (const name of this.names) {
        const g = scale === 1 ? grads[name] : tf.mul(grads[name], scale);
        const [mOld, vOld] = this.momentsOf(name);
        const m = tf.add(tf.mul(mOld, b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(vOld, b2), tf.mul(tf.square(g), 1 - b2));
        ms.push(tf.reshape(m, [-1]));
        vs.push(tf.reshape(v, [-1]));
        const update = tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), epsHat));
        this.targets[name].assign(tf.sub(this.targets[name], update));
      }
      this.both.assign(tf.concat([...ms, ...vs]));
    });
  }

  /** Variable `name`'s m and v, shaped like it (new tensors: the caller or its tidy disposes them). */
  private momentsOf(name: K): [tf.Tensor, tf.Tensor] {
    const { shape, size } = this.targets[name];
    const at = (start: number) => tf.reshape(tf.slice(this.both, [start], [size]), shape);
    return [at(this.offsets[name]), at(this.total + this.offsets[name])];
  }

  /**
   * The fused GPU update guarded by the step's partial sums (kernels/stepGuard.ts): scaled by its clipping
   * factor, and no write at all when the step was not finite. Gradients are views (kernels/adamKernel.ts); every
   * weight in as few dispatches as the device's storage-buffer limit allows. The caller reads the guard
   * afterwards (readGuard) and calls `skipped()` if it was not applied, so the step count (bias correction)
   * stays that of applied updates.
   */
  applyGuarded(grads: Record<K, GradView>, learningRate: number, guard: StepGuard): void {
    const parts = this.names.map((name) => ({ w: this.targets[name], offset: this.offsets[name], grad: grads[name] }));
    fusedAdam(parts, this.both, this.nextStep(learningRate), guard);
  }

  /** Counts a step; its constants: α = lr·√(1−β2ᵗ)/(1−β1ᵗ), ε̂ = ε·√(1−β2ᵗ) (ε on √v̂, folded into the bias correction). */
  private nextStep(learningRate: number): AdamStepConstants {
    const { beta1, beta2, epsilon } = this.state;
    const t = ++this.state.step;
    const alpha = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    return { scale: 1, beta1, beta2, alpha, epsHat: epsilon * Math.sqrt(1 - beta2 ** t) };
  }

  /** The last guarded update was not applied on the GPU: its step does not count. */
  skipped(): void {
    this.state.step--;
  }

  /** Copies of the moments as plain arrays, all of one moment of the run. */
  async readMoments(): Promise<{ m: Record<K, StoredTensor>; v: Record<K, StoredTensor> }> {
    const { both } = await readTensors({ both: this.both });
    const m = {} as Record<K, StoredTensor>;
    const v = {} as Record<K, StoredTensor>;
    for (const name of this.names) {
      const { shape, size } = this.targets[name];
      const at = (start: number) => ({ shape: [...shape], data: both.data.slice(start, start + size) });
      m[name] = at(this.offsets[name]);
      v[name] = at(this.total + this.offsets[name]);
    }
    return { m, v };
  }

  /**
   * Each variable's m and v as tensors of its shape, copied on the device from the live moments in queue order
   * (tests compare them with what was saved). New tensors: the caller disposes them.
   */
  momentTensors(): { m: Record<K, tf.Tensor>; v: Record<K, tf.Tensor> } {
    return tf.tidy(() => {
      const m = {} as Record<K, tf.Tensor>;
      const v = {} as Record<K, tf.Tensor>;
      for (const name of this.names) [m[name], v[name]] = this.momentsOf(name);
      return { m, v };
    });
  }

  setMoments(moments: { m: Record<K, StoredTensor>; v: Record<K, StoredTensor> }): void {
    const values = new Float32Array(2 * this.total);
    for (const name of this.names) {
      const size = this.targets[name].size;
      for (const [part, start] of [
        [moments.m[name], this.offsets[name]],
        [moments.v[name], this.total + this.offsets[name]],
      ] as const) {
        if (part.data.length !== size)
          throw new Error(`Adam moment of ${name}: ${part.data.length} values, not ${size}`);
        values.set(part.data, start);
      }
    }
    const t = tf.tensor1d(values);
    this.both.assign(t);
    t.dispose();
  }

  dispose(): void {
    this.both.dispose();
  }
}
