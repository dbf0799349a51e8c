// Stored checkpoints: saving what the worker sends, listing, loading, deleting, exporting and importing.
import { useCallback, useEffect, useState, type Dispatch } from 'react';
import { checkpointSummary, parseCheckpoint } from '../../../shared/checkpoint/checkpointFile';
import { CheckpointFormatError, type CheckpointData } from '../../../shared/checkpoint/types';
import { openCheckpointStore } from '../../storage/checkpointStore';
import type { CheckpointEvent } from '../../../shared/protocol';
import type { CheckpointSummary } from '../../../shared/checkpoint/summary';
import type { AppAction } from '../app/appState';
import { checkpointFileName } from '../../../shared/checkpoint/names';
import { describeDamage, describeSaveFailure, describeStorageError, importSizeProblem } from './storageMessages';
import type { SendRequest } from '../app/useTrainingWorker';
import { errorText } from '../../../shared/errors';

export interface CheckpointLibrary {
  /** Null while IndexedDB is tried; false when checkpoints live in this tab's memory only. */
  durable: boolean | null;
  saveFromWorker: (event: CheckpointEvent) => void;
  /** Sends the checkpoint to the worker; `resume` continues training right after (crash recovery). */
  load: (summary: CheckpointSummary, send: SendRequest, resume?: boolean) => void;
  /** Resolves to whether the checkpoint was deleted. */
  remove: (summary: CheckpointSummary) => Promise<boolean>;
  /** Resolves to the file name it was saved under, or null when it could not be read. */
  exportFile: (summary: CheckpointSummary) => Promise<string | null>;
  /** Resolves to whether the checkpoint was renamed. */
  rename: (summary: CheckpointSummary, name: string) => Promise<boolean>;
  importFile: (file: File) => Promise<void>;
  /** The checkpoint's content (settings and loss history, for the run comparison); null when it could not be read. */
  readContent: (summary: CheckpointSummary) => Promise<CheckpointData | null>;
}

let persistenceAsked = false;

/** Asks once per page load, after the first save, that the browser not evict our storage under pressure. */
async function askPersistence(): Promise<void> {
  if (persistenceAsked || !navigator.storage?.persist) return;
  persistenceAsked = true;
  if (!(await navigator.storage.persisted())) await navigator.storage.persist();
}

function downloadBytes(bytes: ArrayBuffer, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000); // some browsers read the URL after click() returns
}

export function useCheckpointLibrary(dispatch: Dispatch<AppAction>): CheckpointLibrary {
  const [{ store, durable: durableProbe }] = useState(openCheckpointStore);
  const [durable, setDurable] = useState<boolean | null>(null);

  const problem = useCallback(
    (message: string, offer?: CheckpointSummary) => dispatch({ type: 'checkpointProblem', message, offer }),
    [dispatch],
  );
  const listed = useCallback(
    (checkpoints: CheckpointSummary[], announcement?: string) =>
      dispatch({ type: 'checkpointsListed', checkpoints, announcement }),
    [dispatch],
  );

  useEffect(() => {
    let current = true;
    durableProbe.then((d) => current && setDurable(d)).catch(() => undefined);
    store
      .list()
      .then((list) => current && listed(list))
      .catch((error: unknown) => current && problem(describeStorageError(error, 'read the saved checkpoints')));
    return () => {
      current = false;
    };
  }, [store, durableProbe, listed, problem]);

  const save = useCallback(
    async (summary: CheckpointSummary, bytes: ArrayBuffer, what: string) => {
      try {
        listed(await store.save(summary, bytes), `${what} at step ${summary.step}.`);
        if (await durableProbe) askPersistence().catch(() => undefined);
      } catch (error) {
        problem(await describeSaveFailure(error, `checkpoint “${summary.name}”`));
      }
    },
    [store, durableProbe, listed, problem],
  );

  /** The bytes after their length and checksum passed; else says what is wrong and offers the previous generation. */
  const readChecked = useCallback(
    async (summary: CheckpointSummary, action: 'load' | 'export'): Promise<ArrayBuffer | null> => {
      try {
        const result = await store.read(summary.id);
        if (result.status === 'ok') return result.bytes;
        listed(result.checkpoints);
        problem(describeDamage(summary.name, result.damage, result.previous, action), result.previous ?? undefined);
      } catch (error) {
        problem(describeStorageError(error, `read checkpoint “${summary.name}”`));
      }
      return null;
    },
    [store, listed, problem],
  );

  return {
    durable,
    saveFromWorker: useCallback((e: CheckpointEvent) => void save(e.summary, e.bytes, 'Checkpoint saved'), [save]),
    load: useCallback(
      (summary: CheckpointSummary, send: SendRequest, resume = false) =>
        void readChecked(summary, 'load').then((bytes) => {
          if (!bytes) return;
          const copy = bytes.slice(0); // the worker takes ownership of what it is sent
          send({ type: 'loadCheckpoint', name: summary.name, bytes: copy, resume, checkpointId: summary.id }, [copy]);
        }),
      [readChecked],
    ),
    remove: useCallback(
      async (summary: CheckpointSummary) => {
        try {
          listed(await store.delete(summary.id), `Deleted checkpoint “${summary.name}”.`);
          return true;
        } catch (error) {
          problem(describeStorageError(error, `delete checkpoint “${summary.name}”`));
          return false;
        }
      },
      [store, listed, problem],
    ),
    exportFile: useCallback(
      async (summary: CheckpointSummary) => {
        const bytes = await readChecked(summary, 'export');
        if (!bytes) return null;
        const fileName = checkpointFileName(summary);
        downloadBytes(bytes, fileName);
        return fileName;
      },
      [readChecked],
    ),
    rename: useCallback(
      async (summary: CheckpointSummary, name: string) => {
        try {
          listed(await store.rename(summary.id, name), `Renamed to “${name}”.`);
          return true;
        } catch (error) {
          problem(describeStorageError(error, `rename checkpoint “${summary.name}”`));
          return false;
        }
      },
      [store, listed, problem],
    ),
    importFile: useCallback(
      async (file: File) => {
        const tooBig = importSizeProblem(file); // by file.size alone: nothing is read or allocated
        if (tooBig) return problem(tooBig);
        let bytes: ArrayBuffer;
        let summary: CheckpointSummary;
        try {
          bytes = await file.arrayBuffer();
          summary = checkpointSummary(
            parseCheckpoint(new Uint8Array(bytes)),
            crypto.randomUUID(),
            bytes.byteLength,
            'import',
          );
        } catch (error) {
          const detail = errorText(error);
          const why =
            error instanceof CheckpointFormatError ? error.message : `The file could not be read (${detail}).`;
          problem(`“${file.name}” was not imported. ${why}`);
          return;
        }
        await save(summary, bytes, `Imported “${summary.name}”`);
      },
      [save, problem],
    ),
    readContent: useCallback(
      async (summary: CheckpointSummary) => {
        const bytes = await readChecked(summary, 'load');
        try {
          return bytes && parseCheckpoint(new Uint8Array(bytes));
        } catch (error) {
          problem(`Checkpoint “${summary.name}” could not be read (${errorText(error)}).`);
          return null;
        }
      },
      [readChecked, problem],
    ),
  };
}
