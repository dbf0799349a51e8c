import { describe, expect, it } from 'vitest';
import { characterLabel } from './characterLabel';

describe('characterLabel', () => {
  it('shows whitespace and controls readably', () => {
    expect(characterLabel('\n')).toEqual({ glyph: '↵', name: 'line break' });
    expect(characterLabel(' ')).toEqual({ glyph: '␣', name: 'space' });
    expect(characterLabel('\u0001').glyph).toBe('␁');
    expect(characterLabel('\u200b')).toEqual({ glyph: 'U+200B', name: 'invisible character U+200B' });
    expect(characterLabel('\u0301').glyph).toBe('◌\u0301');
  });

  it('shows visible characters as themselves', () => {
    for (const ch of ['a', 'É', '😀', '漢', '\uFFFD']) expect(characterLabel(ch)).toEqual({ glyph: ch, name: null });
  });
});
