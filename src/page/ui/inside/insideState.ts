// Slice: "Inside the model": the activations the neuron explorer shows and the memorisation meter's result.
import type { ActivationData } from '../../../shared/inside/activationData';
import type { CopiesEvent } from '../../../shared/protocol';
import type { AppAction } from '../app/actions';

/** Activations as the worker sent them, plus the text's characters (code points): index i is row i. */
export type ActivationView = ActivationData & { characters: string[] };
export type CopiesResult = Omit<CopiesEvent, 'type'>;

export interface InsideState {
  activations: ActivationView | null;
  copies: CopiesResult | null;
}

export const initialInsideState: InsideState = { activations: null, copies: null };

export function insideReducer(s: InsideState, a: AppAction): InsideState {
  switch (a.type) {
    case 'activations': {
      const { type: _type, ...data } = a;
      return { ...s, activations: { ...data, characters: [...a.text] } };
    }
    case 'copies': {
      const { type: _type, ...result } = a;
      return { ...s, copies: result };
    }
    case 'modelReady': // another model: what the old one read no longer applies
      return initialInsideState;
    default:
      return s;
  }
}
