// The page's side of shared links: the set-up the address asked for when the page opened, and the address
// kept in step with the settings (replaceState: no history entry per keystroke).
import { useEffect } from 'react';
import { initialAppState, type AppState } from '../app/appState';
import { decodeSetup, withSetup, type DecodedSetup, type SharedSetup } from './shareUrl';

/** The set-up in the address the page was opened with; defaults and no problems for a plain visit. */
export function readLink(): DecodedSetup {
  return decodeSetup(new URLSearchParams(globalThis.location?.search ?? ''));
}

/** The page's first state: the link's preset and settings in the form. */
export function stateFromLink(link: DecodedSetup): AppState {
  return link.shared ? { ...initialAppState, preset: link.preset, form: link.form } : initialAppState;
}

/** The link to share: this page's address with the set-up and nothing else (no test flags, no hash). */
export function shareableLink(setup: SharedSetup): string {
  return withSetup(`${location.origin}${location.pathname}`, setup);
}

/** Keeps the address bar's settings equal to the page's; other parameters (?faults, ?heartbeat) stay. */
export function useSetupInUrl(setup: SharedSetup): void {
  useEffect(() => {
    const next = withSetup(location.href, setup);
    if (next !== location.href) history.replaceState(history.state, '', next);
  }, [setup]);
}
