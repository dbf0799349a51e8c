// The ways a training text reaches the worker: the Tiny Shakespeare download, a file, or pasted text.
import { useCallback, useState, type Dispatch } from 'react';
import { CorpusCache, TINY_SHAKESPEARE } from '../storage/corpusCache';
import type { AppAction } from './appState';
import { fetchCorpus } from './corpusDownload';
import type { SendRequest } from './useTrainingWorker';

export interface TextSources {
  downloadTinyShakespeare: () => Promise<void>;
  loadFile: (file: File) => Promise<void>;
  loadPasted: (text: string) => void;
}

export function useTextSources(dispatch: Dispatch<AppAction>, send: SendRequest): TextSources {
  const [cache] = useState(() => new CorpusCache());

  // The worker decodes and checks the bytes; the buffer is transferred, not copied.
  const sendBytes = useCallback(
    (name: string, bytes: ArrayBuffer, source: 'download' | 'file' | 'paste') => {
      dispatch({ type: 'textRequested', name, source });
      send({ type: 'loadText', name, bytes }, [bytes]);
    },
    [dispatch, send],
  );

  const downloadTinyShakespeare = useCallback(async () => {
    dispatch({ type: 'downloadProgress', loaded: 0, total: null });
    try {
      const onProgress = (loaded: number, total: number | null) => dispatch({ type: 'downloadProgress', loaded, total });
      const { bytes, fromCache } = await fetchCorpus(TINY_SHAKESPEARE, cache, onProgress);
      dispatch({ type: 'downloadFinished', fromCache, bytes: bytes.byteLength });
      sendBytes(TINY_SHAKESPEARE.name, bytes, 'download');
    } catch (error) {
      dispatch({ type: 'downloadFailed', message: error instanceof Error ? error.message : String(error) });
    }
  }, [cache, dispatch, sendBytes]);

  const loadFile = useCallback(
    async (file: File) => {
      try {
        sendBytes(file.name, await file.arrayBuffer(), 'file');
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        dispatch({ type: 'textProblem', message: `Could not read ${file.name}: ${detail}` });
      }
    },
    [dispatch, sendBytes],
  );

  const loadPasted = useCallback(
    (text: string) => sendBytes('Pasted text', new TextEncoder().encode(text).buffer, 'paste'),
    [sendBytes],
  );

  return { downloadTinyShakespeare, loadFile, loadPasted };
}
