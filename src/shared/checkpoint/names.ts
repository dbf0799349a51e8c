// Names people can tell apart: a run's default name, and a checkpoint's file name for export.

const two = (n: number) => String(n).padStart(2, '0');

/** "GRU 32 · Tiny Shakespeare · 14:05": the model, the text and the local time the run started. */
export function defaultRunName(units: number, textName: string, startedAt: Date): string {
  return `GRU ${units} · ${textName.trim() || 'text'} · ${two(startedAt.getHours())}:${two(startedAt.getMinutes())}`;
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

/** "gru32-tiny-shakespeare-step66.folio.safetensors": only ASCII letters, digits, "-", "_" and ".". */
export function checkpointFileName(c: { model: { units: number }; textName: string; step: number }): string {
  return `gru${c.model.units}-${fileSlug(c.textName)}-step${c.step}.folio.safetensors`;
}
