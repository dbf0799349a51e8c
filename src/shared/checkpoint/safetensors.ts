// safetensors: an 8-byte little-endian header length, a JSON header, then raw little-endian tensor bytes.
// Only F32 is written or read here; offsets are relative to the start of the data section.
import { CheckpointFormatError, type StoredTensor } from './types';

export interface SafetensorsFile {
  metadata: Record<string, string>;
  tensors: Record<string, StoredTensor>;
}

/** Larger headers are refused before they are decoded. */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

export function encodeSafetensors(file: SafetensorsFile): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: file.metadata };
  let offset = 0;
  const entries = Object.entries(file.tensors);
  for (const [name, t] of entries) {
    const bytes = t.data.length * 4;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (utf8Length(json) % 8)) % 8); // keeps the data section 8-byte aligned
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const dataStart = 8 + headerBytes.length;
  let at = dataStart;
  for (const [, t] of entries) {
    writeFloat32LE(out, at, t.data);
    at += t.data.length * 4;
  }
  return out;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Parses and checks the container: sizes, offsets (in range, not overlapping), dtype, finite values. */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  const fail = (why: string): never => {
    throw new CheckpointFormatError(`This file is not a folio checkpoint, or it is damaged: ${why}`);
  };
  if (bytes.length < 8) fail('it is too short to hold one.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
    fail('it does not begin the way a checkpoint file does.');
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    return fail('the list of its contents at the start of the file cannot be read.');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    fail('the list of its contents at the start of the file cannot be read.');
  const metadata = checkMetadata(header.__metadata__, fail);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  // Every check on every entry first; only then is any tensor data read (so nothing absurd is allocated).
  const spans: { name: string; begin: number; end: number; shape: number[] }[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = raw as HeaderEntry;
    if (typeof e !== 'object' || e === null) fail(`the weights “${name}” are listed without a description.`);
    if (e.dtype !== 'F32')
      fail(`the weights “${name}” are stored as ${String(e.dtype)}; folio reads 32-bit floats (F32) only.`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(`the weights “${name}” have an impossible size.`);
    const [begin, end] = Array.isArray(e.data_offsets) ? e.data_offsets : [NaN, NaN];
    if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || end < begin || end > dataLength) {
      fail(`the weights “${name}” lie past the end of the file (it may be cut short).`);
    }
    const count = e.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * 4)
      fail(`the weights “${name}” take ${end - begin} bytes but their size needs ${count * 4}.`);
    spans.push({ name, begin, end, shape: e.shape });
  }
  const byOffset = [...spans].sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < byOffset.length; i++) {
    if (byOffset[i].begin < byOffset[i - 1].end)
      fail(`the weights “${byOffset[i - 1].name}” and “${byOffset[i].name}” overlap in the file.`);
  }
  const tensors: Record<string, StoredTensor> = {};
  for (const { name, begin, end, shape } of spans) {
    tensors[name] = { shape, data: readFloat32LE(bytes, dataStart + begin, (end - begin) / 4) };
  }
  return { metadata, tensors };
}

function checkMetadata(raw: unknown, fail: (why: string) => never): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('it carries no description of a folio model.');
  for (const [k, v] of Object.entries(raw))
    if (typeof v !== 'string') fail(`its description entry “${k}” is not text.`);
  return raw as Record<string, string>;
}

function readFloat32LE(bytes: Uint8Array, at: number, count: number): Float32Array {
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, count * 4);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function writeFloat32LE(out: Uint8Array, at: number, data: Float32Array): void {
  const view = new DataView(out.buffer, out.byteOffset + at, data.length * 4);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}
