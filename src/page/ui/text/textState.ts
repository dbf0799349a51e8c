// Slice: the training text: what is loaded, what is on its way (a download's progress) and what went wrong.
import type { AppAction } from '../app/actions';

export interface TextInfo {
  name: string;
  characters: number;
  distinctCharacters: number;
  preview: string;
}

export type DownloadState =
  | { status: 'downloading'; loaded: number; total: number | null }
  | { status: 'done'; fromCache: boolean; bytes: number }
  | { status: 'failed'; message: string };

export interface TextSlice {
  text: TextInfo | null;
  textPending: string | null;
  textError: string | null;
  download: DownloadState | null;
}

export const initialTextSlice: TextSlice = { text: null, textPending: null, textError: null, download: null };

export function textReducer(s: TextSlice, a: AppAction): TextSlice {
  switch (a.type) {
    case 'textRequested':
      return { ...s, textPending: a.name, textError: null, download: a.source === 'download' ? s.download : null };
    case 'textProblem':
      return { ...s, textPending: null, textError: a.message };
    case 'textLoaded': {
      const { name, characters, distinctCharacters, preview } = a;
      return { ...s, text: { name, characters, distinctCharacters, preview }, textPending: null, textError: null };
    }
    case 'textRejected':
      return { ...s, textPending: null, textError: a.message };
    case 'downloadProgress':
      return { ...s, textError: null, download: { status: 'downloading', loaded: a.loaded, total: a.total } };
    case 'downloadFinished':
      return { ...s, download: { status: 'done', fromCache: a.fromCache, bytes: a.bytes } };
    case 'downloadFailed':
      return { ...s, download: { status: 'failed', message: a.message } };
    default:
      return s;
  }
}
