// result[i] = x[i]: a bit-exact copy into a new buffer (tfjs's clone on WebGPU shares the buffer instead).
import { type WebGPUProgram } from './programRunner';
import { useBindings } from './wgsl';

const WORKGROUP = 256;
const MAX_GROUPS = 4096;

export class CopyProgram implements WebGPUProgram {
  variableNames = ['x'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] }; // flat: tfjs calls main(global index)
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];

  constructor(private readonly count: number) {
    this.outputShape = [count];
    this.dispatch = [Math.min(MAX_GROUPS, Math.max(1, Math.ceil(count / WORKGROUP))), 1, 1];
    this.shaderKey = `folioCopy_${count}`;
  }

  getUserCode(): string {
    const stride = this.dispatch[0] * WORKGROUP;
    return `
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        for (var i = index; i < ${this.count}; i += ${stride}) { result[i] = x[i]; }
      }
    `;
  }
}
