// The learning benchmark's cells side by side (issue 30): one network built with each cell, either at the same
// width (units) or at about the same parameter count as the network it starts from.
import { layerCount, parameterCount, type ModelConfig } from '../shared/config';
import { CELL_GATES, cellOf, isCellName, type CellName } from '../shared/cell';
import { unitsForParameters } from '../shared/data/advisor';

/** width: the same units as the base network; params: the units that give about its parameter count. */
export type CellMatch = 'width' | 'params';
export const CELL_MATCHES: readonly CellMatch[] = ['width', 'params'];

export interface CellVariant {
  cell: CellName;
  units: number;
  /** How the units were chosen; the base network's own cell is 'width' (it is the base). */
  match: CellMatch;
  parameters: number;
}

/** A comma-separated list of cells, e.g. 'gru,lstm,rnn'; throws on an unknown name or an empty list. */
export function parseCells(list: string): CellName[] {
  const names = list.split(',').map((s) => s.trim().toLowerCase());
  const bad = names.filter((n) => !isCellName(n));
  if (bad.length > 0 || names.length === 0) throw new Error(`unknown cell "${bad.join(', ')}" (gru, lstm or rnn)`);
  return [...new Set(names)] as CellName[];
}

/** 'width', 'params' or 'both' (the two in that order). */
export function parseMatch(value: string): CellMatch[] {
  if (value === 'both') return [...CELL_MATCHES];
  if (!CELL_MATCHES.includes(value as CellMatch))
    throw new Error(`--match takes width, params or both (not "${value}")`);
  return [value as CellMatch];
}

/**
 * Units for `cell` so its network has about as many parameters as `base` (same vocabulary, embedding and layers):
 * the nearest whole width, so within half a unit's worth of parameters (under 1% from a few dozen units up).
 */
export function unitsForEqualParameters(base: ModelConfig, cell: CellName): number {
  if (cell === cellOf(base)) return base.units;
  return unitsForParameters(
    parameterCount(base),
    base.vocabSize,
    base.embeddingDim,
    layerCount(base),
    CELL_GATES[cell],
  );
}

/**
 * The base network with each cell, for each way of matching; the base's own cell once (its width and
 * parameters are the reference), and a variant whose units equal another's (a cell matched both ways at a width
 * where they agree) once.
 */
export function cellVariants(
  base: ModelConfig,
  cells: readonly CellName[],
  matches: readonly CellMatch[],
): CellVariant[] {
  const out: CellVariant[] = [];
  for (const match of matches) {
    for (const cell of cells) {
      const units = match === 'width' ? base.units : unitsForEqualParameters(base, cell);
      if (out.some((v) => v.cell === cell && v.units === units)) continue;
      const own = cell === cellOf(base);
      out.push({ cell, units, match: own ? 'width' : match, parameters: parameterCount({ ...base, cell, units }) });
    }
  }
  return out;
}
