// Fetching a corpus with visible progress, and the cache that makes the next visit work offline.
import { CorpusCache } from '../../storage/corpusCache';
import { errorText } from '../../../shared/errors';

export type ProgressCallback = (loaded: number, total: number | null) => void;

/** Reads a body chunk by chunk; the total is dropped when a compressed length turns out too small. */
export async function readWithProgress(response: Response, onProgress: ProgressCallback): Promise<ArrayBuffer> {
  const header = Number(response.headers.get('content-length'));
  let total: number | null = Number.isFinite(header) && header > 0 ? header : null;
  if (!response.body) {
    const buffer = await response.arrayBuffer();
    onProgress(buffer.byteLength, buffer.byteLength);
    return buffer;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    if (total !== null && loaded > total) total = null;
    onProgress(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

export interface CorpusSource {
  key: string;
  name: string;
  url: string;
}

/** The cached copy when there is one, else a download that is then cached. Returns a buffer the caller may transfer. */
export async function fetchCorpus(
  source: CorpusSource,
  cache: CorpusCache,
  onProgress: ProgressCallback,
  fetchFn: typeof fetch = fetch,
): Promise<{ bytes: ArrayBuffer; fromCache: boolean }> {
  const cached = await cache.get(source.key).catch(() => undefined);
  if (cached) return { bytes: cached, fromCache: true };
  let response: Response;
  try {
    response = await fetchFn(source.url);
  } catch (error) {
    const detail = errorText(error);
    throw new Error(`Could not download ${source.name} (${detail}). Check the connection, or choose a text file.`);
  }
  if (!response.ok) {
    throw new Error(
      `Could not download ${source.name}: the server answered ${response.status}. Try again later, or choose a text file.`,
    );
  }
  const bytes = await readWithProgress(response, onProgress);
  // Cache a copy: the caller transfers the original to the worker, which detaches it.
  await cache.put(source.key, bytes.slice(0));
  return { bytes, fromCache: false };
}
