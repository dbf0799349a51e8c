// Slice: notices (the dismissable list) and the one-line news for the polite live region.
import type { NoticeEvent, RunStateEvent } from '../../../shared/protocol';
import type { RunState } from '../../../shared/training';
import type { AppAction } from '../app/actions';

export interface Notice {
  id: number;
  level: NoticeEvent['level'];
  message: string;
}

export interface NoticeSlice {
  notices: Notice[];
  nextNoticeId: number;
  /** Short news for the polite live region. */
  announcement: string;
}

const MAX_NOTICES = 6;

export const initialNoticeSlice: NoticeSlice = { notices: [], nextNoticeId: 1, announcement: '' };

function runAnnouncement(e: RunStateEvent): string {
  const words: Record<RunState, string> = {
    idle: 'Trainer idle',
    training: 'Training',
    paused: 'Training paused',
    stopped: 'Training stopped',
  };
  return `${words[e.state]} at step ${e.step}.${e.message ? ` ${e.message}` : ''}`;
}

function addNotice(s: NoticeSlice, level: Notice['level'], message: string): NoticeSlice {
  const notice: Notice = { id: s.nextNoticeId, level, message };
  const notices = [...s.notices, notice].slice(-MAX_NOTICES);
  // Errors are announced by their role="alert"; the rest through the polite live region.
  const announcement = level === 'error' ? s.announcement : message;
  return { notices, nextNoticeId: s.nextNoticeId + 1, announcement };
}

export function noticeReducer(s: NoticeSlice, a: AppAction): NoticeSlice {
  switch (a.type) {
    case 'ready':
      return { ...s, announcement: `Trainer ready on ${a.backend}.` };
    case 'textLoaded':
      return { ...s, announcement: `Loaded ${a.name}.` };
    case 'runState':
      return { ...s, announcement: runAnnouncement(a) };
    case 'generationDone':
      return {
        ...s,
        announcement:
          a.reason === 'complete'
            ? 'Generation finished.'
            : `Generation ${a.reason === 'stopped' ? 'stopped' : 'failed'}.`,
      };
    case 'checkpointsListed':
      return a.announcement === undefined ? s : { ...s, announcement: a.announcement };
    case 'notice':
      return addNotice(s, a.level, a.message);
    case 'deviceLost':
      // The run state stays as it was: the recovery reads it to know whether to train again.
      return addNotice(
        s,
        'warning',
        `The GPU stopped working (${a.message}). folio is restarting the trainer on another backend.`,
      );
    case 'noticeDismissed':
      return { ...s, notices: s.notices.filter((n) => n.id !== a.id) };
    default:
      return s;
  }
}
