// Adam (Kingma & Ba, with bias correction; ε as in PyTorch): its state is plain data a checkpoint can hold.
//   m ← β1·m + (1−β1)·g   v ← β2·v + (1−β2)·g²   w ← w − lr·m̂ / (√v̂ + ε)
import * as tf from '../tfjs';
import type { AdamState, StoredTensor } from '../../shared/checkpoint/types';
import { assignFrom } from './charModel';
import { readTensors } from './tensorSnapshot';
import type { StepGuard } from '../kernels/step/stepGuard';
import {
  fusedAdamGroup,
  fusedAdamUpdate,
  type AdamPart,
  type AdamStepConstants,
  type GradView,
} from '../kernels/step/adamKernel';

export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** Owns one pair of moment variables per trained variable, keyed by the caller's names. */
export class Adam<K extends string> {
  private readonly m: Record<K, tf.Variable>;
  private readonly v: Record<K, tf.Variable>;
  state: AdamState;

  constructor(
    private readonly targets: Record<K, tf.Variable>,
    state?: Partial<AdamState>,
  ) {
    this.state = { ...ADAM_DEFAULTS, step: 0, ...state };
    this.m = {} as Record<K, tf.Variable>;
    this.v = {} as Record<K, tf.Variable>;
    for (const name of this.names) {
      this.m[name] = zerosVariable(targets[name]);
      this.v[name] = zerosVariable(targets[name]);
    }
  }

  private get names(): K[] {
    return Object.keys(this.targets) as K[];
  }

  /**
   * Applies one update to grads × scale (the clipping factor); grads are keyed like the targets and are not
   * disposed here. `fused`: the WebGPU kernels (kernels/adamKernel), three in-place dispatches per weight.
   */
  apply(grads: Record<K, tf.Tensor>, learningRate: number, scale = 1, fused = false): void {
    const constants = { ...this.nextStep(learningRate), scale };
    const { beta1: b1, beta2: b2, alpha: stepSize, epsHat } = constants;
    if (fused) {
      for (const name of this.names)
        fusedAdamUpdate(this.targets[name], this.m[name], this.v[name], grads[name], constants);
      return;
    }
    tf.tidy(() => {
      for (const name of this.names) {
        const g = scale === 1 ? grads[name] : tf.mul(grads[name], scale);
        const m = tf.add(tf.mul(this.m[name], b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[name], b2), tf.mul(tf.square(g), 1 - b2));
        this.m[name].assign(m);
        this.v[name].assign(v);
        const update = tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), epsHat));
        this.targets[name].assign(tf.sub(this.targets[name], update));
      }
    });
  }

  /**
   * The fused GPU update guarded by the step's partial sums (kernels/stepGuard.ts): scaled by its clipping
   * factor, and no write at all when the step was not finite. Gradients are views (kernels/adamKernel.ts); two
   * weights whose views share one buffer are updated by one dispatch. The caller reads the guard afterwards
   * (readGuard) and calls `skipped()` if it was not applied, so the step count (bias correction) stays that
   * of applied updates.
   */
  applyGuarded(grads: Record<K, GradView>, learningRate: number, guard: StepGuard): void {
    const constants = this.nextStep(learningRate);
    const byBuffer = new Map<tf.Tensor, AdamPart[]>();
    for (const name of this.names) {
      const part = { w: this.targets[name], m: this.m[name], v: this.v[name], grad: grads[name] };
      byBuffer.set(part.grad.tensor, [...(byBuffer.get(part.grad.tensor) ?? []), part]);
    }
    for (const parts of byBuffer.values()) {
      for (let i = 0; i < parts.length; i += 2) fusedAdamGroup(parts.slice(i, i + 2), constants, guard);
    }
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
    const both = await readTensors({ ...prefixed('m.', this.m), ...prefixed('v.', this.v) });
    const m = {} as Record<K, StoredTensor>;
    const v = {} as Record<K, StoredTensor>;
    for (const name of this.names) {
      m[name] = both[`m.${name}`];
      v[name] = both[`v.${name}`];
    }
    return { m, v };
  }

  /** The live moment variables (read-only use: tests compare them with what was saved). */
  get moments(): { m: Readonly<Record<K, tf.Variable>>; v: Readonly<Record<K, tf.Variable>> } {
    return { m: this.m, v: this.v };
  }

  setMoments(moments: { m: Record<K, StoredTensor>; v: Record<K, StoredTensor> }): void {
    for (const name of this.names) {
      assignFrom(this.m[name], moments.m[name]);
      assignFrom(this.v[name], moments.v[name]);
    }
  }

  dispose(): void {
    for (const name of this.names) {
      this.m[name].dispose();
      this.v[name].dispose();
    }
  }
}

function prefixed<K extends string>(prefix: string, tensors: Record<K, tf.Tensor>): Record<string, tf.Tensor> {
  return Object.fromEntries((Object.keys(tensors) as K[]).map((name) => [prefix + name, tensors[name]]));
}

function zerosVariable(like: tf.Tensor): tf.Variable {
  const zeros = tf.zerosLike(like);
  const v = tf.variable(zeros, false);
  zeros.dispose(); // the variable holds its own reference
  return v;
}
