// After a reload, a loaded Tiny Shakespeare checkpoint gets its text back from this browser's cache, so
// "Resume training" works without another click (and without the network).
import { useEffect, useRef } from 'react';
import { TINY_SHAKESPEARE } from '../../storage/corpusCache';
import type { AppState } from '../app/appState';
import type { TextSources } from './useTextSources';

export function useCachedCorpusForCheckpoint(state: AppState, texts: TextSources): void {
  const tried = useRef(new Set<string>());
  const { model, text, textPending } = state;
  useEffect(() => {
    if (!model || text || textPending || model.textName !== TINY_SHAKESPEARE.name) return;
    if (tried.current.has(model.runId)) return; // once per run: the user may have chosen otherwise since
    tried.current.add(model.runId);
    void texts.loadCachedTinyShakespeare();
  }, [model, text, textPending, texts]);
}
