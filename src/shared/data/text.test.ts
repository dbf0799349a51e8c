import { describe, expect, it } from 'vitest';
import { decodeTrainingText, fingerprintText, normaliseText } from './text';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeTrainingText', () => {
  it('strips a leading BOM and normalises CRLF and CR to LF', () => {
    const r = decodeTrainingText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a\r\nb\rc\n')]));
    expect(r).toEqual({ ok: true, text: 'a\nb\nc\n', truncated: false });
  });
  it('rejects invalid UTF-8 with a message', () => {
    const r = decodeTrainingText(new Uint8Array([0x61, 0xff, 0xfe, 0x62]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/UTF-8/);
  });
  it('rejects binary data (NUL bytes)', () => {
    const r = decodeTrainingText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/binary/);
  });
  it('rejects empty and whitespace-only text', () => {
    expect(decodeTrainingText(new Uint8Array()).ok).toBe(false);
    expect(decodeTrainingText(utf8(' \n\t\r\n')).ok).toBe(false);
  });
  it('caps the size at a character boundary and says so', () => {
    const r = decodeTrainingText(utf8('ab😀cd'), 4); // the emoji starts at byte 2 and would be cut
    expect(r).toEqual({ ok: true, text: 'ab', truncated: true });
  });
  it('keeps a BOM that is not leading', () => {
    expect(normaliseText('a\uFEFFb')).toBe('a\uFEFFb');
  });
  it('fingerprints texts', () => {
    expect(fingerprintText('abc')).toBe(fingerprintText('abc'));
    expect(fingerprintText('abc')).not.toBe(fingerprintText('abd'));
  });
});
