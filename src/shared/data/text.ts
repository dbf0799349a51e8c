// Turning a file's bytes into training text: strict UTF-8, no BOM, LF line endings, a size cap.

export const MAX_TEXT_BYTES = 50 * 1024 * 1024;

export type TextResult = { ok: true; text: string; truncated: boolean } | { ok: false; message: string };

/** Decodes and normalises a text file; rejects binary data and invalid UTF-8 with a plain message. */
export function decodeTrainingText(bytes: Uint8Array, maxBytes = MAX_TEXT_BYTES): TextResult {
  if (bytes.length === 0)
    return { ok: false, message: 'The file is empty. Choose a text file with some writing in it.' };
  const truncated = bytes.length > maxBytes;
  // Cut at a character boundary: back off over UTF-8 continuation bytes (10xxxxxx).
  let end = Math.min(bytes.length, maxBytes);
  if (truncated) while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  const view = bytes.subarray(0, end);
  if (looksBinary(view)) {
    return {
      ok: false,
      message: 'This file looks like binary data (it contains NUL bytes), not text. Choose a plain-text (.txt) file.',
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(view);
  } catch {
    return {
      ok: false,
      message: 'This file is not valid UTF-8 text. Save it as UTF-8 (most editors offer this) and try again.',
    };
  }
  text = normaliseText(text);
  if (text.trim().length === 0) {
    return { ok: false, message: 'The text has no visible characters (only spaces or line breaks).' };
  }
  return { ok: true, text, truncated };
}

/** Strips a leading BOM and turns CRLF and lone CR into LF. */
export function normaliseText(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.replace(/\r\n?/g, '\n');
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** FNV-1a over UTF-16 code units: a cheap fingerprint telling whether two texts are the same. */
export function fingerprintText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(16).padStart(8, '0')}-${text.length}`;
}
