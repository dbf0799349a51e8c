import { describe, expect, it } from 'vitest';
import { bindingGroups } from './adamKernel';

// Weights named by the gradient buffer their views read: Tiny's 7 in one buffer; 2 layers' 6 + 5 in two.
const TINY = ['a', 'a', 'a', 'a', 'a', 'a', 'a'];
const TWO_LAYERS = [...'bbbbbb', ...'ccccc'];
const sizes = (groups: string[][]) => groups.map((g) => g.length);

describe('bindingGroups', () => {
  it('puts every weight in one dispatch where the limit allows (weights + buffers + moments + sums)', () => {
    expect(sizes(bindingGroups(TINY, (g) => g, 2, 10))).toEqual([7]);
    expect(sizes(bindingGroups(TWO_LAYERS, (g) => g, 2, 15))).toEqual([11]);
  });

  it('splits in order under the WebGPU default of 8, counting each gradient buffer once per dispatch', () => {
    expect(sizes(bindingGroups(TINY, (g) => g, 2, 8))).toEqual([5, 2]);
    expect(bindingGroups(TWO_LAYERS, (g) => g, 2, 8)).toEqual([[...'bbbbb'], [...'bccc'], [...'cc']]);
  });

  it('goes down to one weight per dispatch, and refuses a limit with no room for one', () => {
    expect(sizes(bindingGroups(TINY, (g) => g, 2, 4))).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(() => bindingGroups(TINY, (g) => g, 2, 3)).toThrow(/at least 4/);
  });
});
