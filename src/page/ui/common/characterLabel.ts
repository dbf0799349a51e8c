// Characters people cannot see, shown readably: a line break as ↵, a space as ␣ (the same symbols as the
// probability view's alternatives; common fonts have them, unlike ␠), controls as their Unicode control
// pictures, other invisible characters by code point.

export interface CharacterLabel {
  /** What to show. */
  glyph: string;
  /** Words for screen readers and the tooltip, when the glyph is a stand-in. */
  name: string | null;
}

const NAMED: Record<string, CharacterLabel> = {
  '\n': { glyph: '↵', name: 'line break' },
  ' ': { glyph: '␣', name: 'space' },
  '\t': { glyph: '⇥', name: 'tab' },
  '\u007f': { glyph: '␡', name: 'delete control' },
  '\u00a0': { glyph: '⍽', name: 'no-break space' },
};

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export function characterLabel(ch: string): CharacterLabel {
  const named = NAMED[ch];
  if (named) return named;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20) return { glyph: String.fromCodePoint(0x2400 + cp), name: `control ${codePoint(ch)}` };
  if (/^[\p{M}]$/u.test(ch)) return { glyph: `◌${ch}`, name: `combining mark ${codePoint(ch)}` };
  if (/^[\p{Z}\p{Cf}\p{Cc}\p{Co}\p{Cn}\p{Cs}]$/u.test(ch))
    return { glyph: codePoint(ch), name: `invisible character ${codePoint(ch)}` };
  return { glyph: ch, name: null };
}
