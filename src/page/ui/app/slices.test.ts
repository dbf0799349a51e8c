import { describe, expect, it } from 'vitest';
import { appReducer, initialAppState } from './appState';
import { initialTextSlice, textReducer } from '../text/textState';
import { initialNoticeSlice, noticeReducer } from '../common/noticesState';
import { initialRunSlice, runReducer } from '../run/runState';

describe('state slices', () => {
  it('keep the app state identity when an action changes nothing', () => {
    expect(appReducer(initialAppState, { type: 'heartbeat' })).toBe(initialAppState);
  });

  it('ignore actions of other slices', () => {
    expect(textReducer(initialTextSlice, { type: 'noticeDismissed', id: 1 })).toBe(initialTextSlice);
    expect(runReducer(initialRunSlice, { type: 'presetChosen', preset: 'tiny' })).toBe(initialRunSlice);
    expect(noticeReducer(initialNoticeSlice, { type: 'configEdited', key: 'units', value: '8' })).toBe(
      initialNoticeSlice,
    );
  });

  it('keep at most six notices, announcing all but errors', () => {
    let s = initialNoticeSlice;
    for (let i = 0; i < 8; i++) s = noticeReducer(s, { type: 'notice', level: 'info', message: `n${i}` });
    expect(s.notices.map((n) => n.message)).toEqual(['n2', 'n3', 'n4', 'n5', 'n6', 'n7']);
    s = noticeReducer(s, { type: 'notice', level: 'error', message: 'bad' });
    expect(s.announcement).toBe('n7');
  });
});
