// Downloaded training texts, kept in IndexedDB so the next visit works offline (in memory where IndexedDB is refused).
import { openBackend, type KeyValueBackend } from './keyValue';

export const TINY_SHAKESPEARE = {
  key: 'corpus:tinyshakespeare',
  name: 'Tiny Shakespeare',
  url: 'https://storage.googleapis.com/download.tensorflow.org/data/shakespeare.txt',
} as const;

export class CorpusCache {
  constructor(private readonly backend: KeyValueBackend = openBackend('folio-texts', 'texts').backend) {}

  async get(key: string): Promise<ArrayBuffer | undefined> {
    const value = await this.backend.get<unknown>(key);
    return value instanceof ArrayBuffer ? value : undefined;
  }

  /** Best effort: a text that cannot be cached is still used, it just downloads again next time. */
  async put(key: string, bytes: ArrayBuffer): Promise<boolean> {
    try {
      await this.backend.set(key, bytes);
      return true;
    } catch {
      return false;
    }
  }
}
