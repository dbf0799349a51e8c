// The ways a training text reaches the worker: the Tiny Shakespeare download, a file, or pasted text.
import { useCallback, useRef, useState, type Dispatch } from 'react';
import { CorpusCache, TINY_SHAKESPEARE } from '../../storage/corpusCache';
import { MAX_TEXT_BYTES } from '../../../shared/data/text';
import type { AppAction } from '../app/appState';
import { fetchCorpus } from './corpusDownload';
import type { SendRequest } from '../app/useTrainingWorker';
import { errorText } from '../../../shared/errors';

export interface TextSources {
  downloadTinyShakespeare: () => Promise<void>;
  loadFile: (file: File) => Promise<void>;
  loadPasted: (text: string) => void;
  /** Sends the last text again (to a restarted trainer); false when there was none. */
  resend: () => boolean;
  /** Loads Tiny Shakespeare from this browser's cache only (no network); false when it is not cached. */
  loadCachedTinyShakespeare: () => Promise<boolean>;
}

export function useTextSources(dispatch: Dispatch<AppAction>, send: SendRequest): TextSources {
  const [cache] = useState(() => new CorpusCache());
  // A copy of the last text sent, so a restarted trainer can get it again without asking the user.
  const lastText = useRef<{ name: string; bytes: ArrayBuffer } | null>(null);

  // The worker decodes and checks the bytes; the buffer is transferred, not copied.
  const sendBytes = useCallback(
    (name: string, bytes: ArrayBuffer, source: 'download' | 'file' | 'paste') => {
      dispatch({ type: 'textRequested', name, source });
      lastText.current = { name, bytes: bytes.slice(0) };
      send({ type: 'loadText', name, bytes }, [bytes]);
    },
    [dispatch, send],
  );

  const downloadTinyShakespeare = useCallback(async () => {
    dispatch({ type: 'downloadProgress', loaded: 0, total: null });
    try {
      const onProgress = (loaded: number, total: number | null) =>
        dispatch({ type: 'downloadProgress', loaded, total });
      const { bytes, fromCache } = await fetchCorpus(TINY_SHAKESPEARE, cache, onProgress);
      dispatch({ type: 'downloadFinished', fromCache, bytes: bytes.byteLength });
      sendBytes(TINY_SHAKESPEARE.name, bytes, 'download');
    } catch (error) {
      dispatch({ type: 'downloadFailed', message: errorText(error) });
    }
  }, [cache, dispatch, sendBytes]);

  const loadFile = useCallback(
    async (file: File) => {
      try {
        // Past the cap only a few bytes more are read, enough for the worker to see (and say) it was cut.
        const head = file.size > MAX_TEXT_BYTES ? file.slice(0, MAX_TEXT_BYTES + 4) : file;
        sendBytes(file.name, await head.arrayBuffer(), 'file');
      } catch (error) {
        const detail = errorText(error);
        dispatch({ type: 'textProblem', message: `Could not read ${file.name}: ${detail}` });
      }
    },
    [dispatch, sendBytes],
  );

  const loadPasted = useCallback(
    (text: string) => sendBytes('Pasted text', new TextEncoder().encode(text).buffer, 'paste'),
    [sendBytes],
  );

  const resend = useCallback(() => {
    const last = lastText.current;
    if (!last) return false;
    const copy = last.bytes.slice(0);
    send({ type: 'loadText', name: last.name, bytes: copy }, [copy]);
    return true;
  }, [send]);

  const loadCachedTinyShakespeare = useCallback(async () => {
    const bytes = await cache.get(TINY_SHAKESPEARE.key).catch(() => undefined);
    if (!bytes) return false;
    sendBytes(TINY_SHAKESPEARE.name, bytes, 'download');
    return true;
  }, [cache, sendBytes]);

  return { downloadTinyShakespeare, loadFile, loadPasted, resend, loadCachedTinyShakespeare };
}
