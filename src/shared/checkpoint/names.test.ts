import { describe, expect, it } from 'vitest';
import { checkpointFileName, defaultRunName, fileSlug } from './names';

const SAFE = /^[A-Za-z0-9._-]+$/;

describe('defaultRunName', () => {
  it('names the model, the text and the time', () => {
    expect(defaultRunName({ units: 32 }, 'Tiny Shakespeare', new Date(2024, 0, 2, 14, 5))).toBe(
      'GRU 32 · Tiny Shakespeare · 14:05',
    );
    expect(defaultRunName({ units: 256, layers: 1 }, '  ', new Date(2024, 0, 2, 9, 0))).toBe('GRU 256 · text · 09:00');
    expect(defaultRunName({ units: 512, layers: 2 }, 'Tiny Shakespeare', new Date(2024, 0, 2, 9, 0))).toBe(
      '2 × GRU 512 · Tiny Shakespeare · 09:00',
    );
    expect(defaultRunName({ units: 64, cell: 'lstm' }, 'Poems', new Date(2024, 0, 2, 9, 0))).toBe(
      'LSTM 64 · Poems · 09:00',
    );
    expect(checkpointFileName({ model: { units: 32, layers: 2, cell: 'rnn' }, textName: 'Poems', step: 5 })).toBe(
      '2xrnn32-poems-step5.folio.safetensors',
    );
  });
});

describe('checkpointFileName', () => {
  it('is file-safe and says model, text and step', () => {
    expect(checkpointFileName({ model: { units: 32 }, textName: 'Tiny Shakespeare', step: 66 })).toBe(
      'gru32-tiny-shakespeare-step66.folio.safetensors',
    );
    expect(checkpointFileName({ model: { units: 32, layers: 2 }, textName: 'Tiny Shakespeare', step: 66 })).toBe(
      '2xgru32-tiny-shakespeare-step66.folio.safetensors',
    );
  });

  it('keeps only safe characters whatever the text is called', () => {
    for (const textName of [
      'Tiny Shakespeare · step 66 · saved',
      'C:\\evil/../name?.txt',
      'Ünïcödé 日本語 🙂',
      '',
      '...',
      'a'.repeat(500),
    ]) {
      const name = checkpointFileName({ model: { units: 8 }, textName, step: 3 });
      expect(name).toMatch(SAFE);
      expect(name).not.toContain('..');
      expect(name.length).toBeLessThan(120);
    }
  });

  it('slugs accents to plain letters', () => {
    expect(fileSlug('Café crème')).toBe('cafe-creme');
    expect(fileSlug('日本語')).toBe('text');
  });
});
