// Names people can tell apart: a run's default name, and a checkpoint's file name for export.
import { CELL_LABELS, cellOf, type CellName } from '../cell';

const two = (n: number) => String(n).padStart(2, '0');

type ModelWords = { units: number; layers?: number; cell?: CellName };

/** The model in words: "GRU 32" for one layer, "2 × LSTM 512" for a stack. */
export function modelLabel(m: ModelWords): string {
  const layers = m.layers ?? 1;
  const cell = `${CELL_LABELS[cellOf(m)]} ${m.units}`;
  return layers > 1 ? `${layers} × ${cell}` : cell;
}

/** "GRU 32 · Tiny Shakespeare · 14:05": the model, the text and the local time the run started. */
export function defaultRunName(model: ModelWords, textName: string, startedAt: Date): string {
  return `${modelLabel(model)} · ${textName.trim() || 'text'} · ${two(startedAt.getHours())}:${two(startedAt.getMinutes())}`;
}

/** Lower-case ASCII letters and digits joined by single hyphens ("Tiny Shakespeare!" -> "tiny-shakespeare"). */
export function fileSlug(text: string, fallback = 'text'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off their letters
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || fallback;
}

/** "gru32-tiny-shakespeare-step66.folio.safetensors" ("2x" before it for 2 layers; lstm32, rnn32): ASCII letters, digits, "-", "_" and ".". */
export function checkpointFileName(c: { model: ModelWords; textName: string; step: number }): string {
  const layers = c.model.layers ?? 1;
  return `${layers > 1 ? `${layers}x` : ''}${cellOf(c.model)}${c.model.units}-${fileSlug(c.textName)}-step${c.step}.folio.safetensors`;
}
