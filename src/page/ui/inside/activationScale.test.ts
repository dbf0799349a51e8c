import { describe, expect, it } from 'vitest';
import { appReducer, initialAppState } from '../app/appState';
import { insideReducer } from './insideState';
import type { ActivationsEvent } from '../../../shared/protocol';
import {
  activationColour,
  divergingPosition,
  nextCharacters,
  shareWords,
  signalValues,
  unitColumn,
} from './activationScale';

const event: ActivationsEvent = {
  type: 'activations',
  text: 'ab🙂',
  unknownCharacters: [],
  steps: 3,
  units: 2,
  signals: ['h', 'z', 'r'],
  values: {
    h: [Float32Array.of(0.1, -0.2, 0.3, -0.4, 0.5, -0.6)],
    z: [new Float32Array(6).fill(0.5)],
    r: [new Float32Array(6).fill(0.9)],
  },
  topIds: Int32Array.of(1, 0, 0, 1, 2, 0),
  topProbabilities: Float32Array.of(0.7, 0.2, 0.6, 0.3, 0.9, 0.05),
  k: 2,
  vocabulary: ['a', 'b', '🙂'],
};

describe('the explorer state and scale', () => {
  it('keeps the activations with the text split into code points, and forgets them for another model', () => {
    const state = appReducer(initialAppState, event);
    const view = state.inside.activations!;
    expect(view.characters).toEqual(['a', 'b', '🙂']);
    expect(Array.from(unitColumn(signalValues(view, 'h', 0), view.units, 1))).toEqual(
      [-0.2, -0.4, -0.6].map(Math.fround),
    );
    expect(nextCharacters(view, 2)).toEqual([
      { character: '🙂', probability: Math.fround(0.9) },
      { character: 'a', probability: Math.fround(0.05) },
    ]);
    const other = insideReducer(state.inside, { type: 'modelReady' } as Parameters<typeof insideReducer>[1]);
    expect(other.activations).toBeNull();
  });

  it('centres h on 0 and the gates on 0.5, white in the middle', () => {
    expect(divergingPosition(0, 'h')).toBe(0);
    expect(divergingPosition(0.5, 'z')).toBe(0);
    expect(divergingPosition(-3, 'h')).toBe(-1);
    expect(divergingPosition(1, 'r')).toBe(1);
    expect(activationColour(0, 'h')).toBe('rgb(255, 255, 255)');
    expect(activationColour(-1, 'h')).toBe('rgb(33, 102, 172)');
    expect(activationColour(1, 'z')).toBe('rgb(214, 96, 77)');
    expect(shareWords(1, 4)).toBe('25.0%');
    expect(shareWords(0, 0)).toBe('0%');
  });
});
