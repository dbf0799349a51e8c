import { describe, expect, it } from 'vitest';
import { CorpusCache } from '../../storage/corpusCache';
import { memoryBackend } from '../../storage/keyValue';
import { fetchCorpus, readWithProgress } from './corpusDownload';

function streamed(chunks: string[], headers: Record<string, string> = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
  return new Response(body, { headers });
}

const source = { key: 'corpus:test', name: 'Test text', url: 'https://example.invalid/t.txt' };

describe('readWithProgress', () => {
  it('reports every chunk and joins them', async () => {
    const seen: Array<[number, number | null]> = [];
    const buffer = await readWithProgress(streamed(['ab', 'cde'], { 'content-length': '5' }), (l, t) =>
      seen.push([l, t]),
    );
    expect(new TextDecoder().decode(buffer)).toBe('abcde');
    expect(seen).toEqual([
      [0, 5],
      [2, 5],
      [5, 5],
    ]);
  });

  it('drops a total the body outgrows', async () => {
    const seen: Array<number | null> = [];
    await readWithProgress(streamed(['abc', 'def'], { 'content-length': '4' }), (_, t) => seen.push(t));
    expect(seen.at(-1)).toBeNull();
  });
});

describe('fetchCorpus', () => {
  it('downloads once, then answers from the cache', async () => {
    const cache = new CorpusCache(memoryBackend());
    let calls = 0;
    const fetchFn = (async () => {
      calls++;
      return streamed(['hello']);
    }) as typeof fetch;
    const first = await fetchCorpus(source, cache, () => {}, fetchFn);
    expect(first.fromCache).toBe(false);
    const second = await fetchCorpus(source, cache, () => {}, fetchFn);
    expect(second.fromCache).toBe(true);
    expect(new TextDecoder().decode(second.bytes)).toBe('hello');
    expect(calls).toBe(1);
  });

  it('says what to do when the download fails', async () => {
    const cache = new CorpusCache(memoryBackend());
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(fetchCorpus(source, cache, () => {}, offline)).rejects.toThrow(/Check the connection/);
    const missing = (async () => new Response('no', { status: 404 })) as typeof fetch;
    await expect(fetchCorpus(source, cache, () => {}, missing)).rejects.toThrow(/answered 404/);
  });
});
