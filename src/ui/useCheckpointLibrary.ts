// Stored checkpoints: saving what the worker sends, listing, loading, deleting, exporting and importing.
import { useCallback, useEffect, useState, type Dispatch } from 'react';
import { checkpointSummary, parseCheckpoint } from '../checkpoint/checkpointFile';
import { CheckpointFormatError } from '../checkpoint/types';
import { CheckpointStore } from '../storage/checkpointStore';
import { describeStorageError } from '../storage/keyValue';
import type { CheckpointEvent, CheckpointSummary } from '../worker/protocol';
import type { AppAction } from './appState';
import { exportFileName } from './format';
import type { SendRequest } from './useTrainingWorker';

export interface CheckpointLibrary {
  saveFromWorker: (event: CheckpointEvent) => void;
  load: (summary: CheckpointSummary, send: SendRequest) => void;
  /** Resolves to whether the checkpoint was deleted. */
  remove: (summary: CheckpointSummary) => Promise<boolean>;
  exportFile: (summary: CheckpointSummary) => void;
  importFile: (file: File) => Promise<void>;
}

let persistenceAsked = false;

/** Asks once per page load that the browser not evict our storage under pressure. */
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
  const [store] = useState(() => new CheckpointStore());

  const problem = useCallback((message: string) => dispatch({ type: 'checkpointProblem', message }), [dispatch]);
  const listed = useCallback(
    (checkpoints: CheckpointSummary[], announcement?: string) => dispatch({ type: 'checkpointsListed', checkpoints, announcement }),
    [dispatch],
  );

  useEffect(() => {
    let current = true;
    store
      .list()
      .then((list) => current && listed(list))
      .catch((error: unknown) => current && problem(describeStorageError(error, 'read the saved checkpoints')));
    askPersistence().catch(() => undefined);
    return () => {
      current = false;
    };
  }, [store, listed, problem]);

  const save = useCallback(
    async (summary: CheckpointSummary, bytes: ArrayBuffer, what: string) => {
      try {
        listed(await store.save(summary, bytes), `${what} at step ${summary.step}.`);
      } catch (error) {
        problem(describeStorageError(error, `save checkpoint "${summary.name}"`));
      }
    },
    [store, listed, problem],
  );

  const readOrReport = useCallback(
    async (summary: CheckpointSummary): Promise<ArrayBuffer | null> => {
      try {
        const bytes = await store.read(summary.id);
        if (bytes) return bytes;
        listed(await store.list());
        problem(`The data of checkpoint "${summary.name}" is missing, so it was removed from the list.`);
      } catch (error) {
        problem(describeStorageError(error, `read checkpoint "${summary.name}"`));
      }
      return null;
    },
    [store, listed, problem],
  );

  return {
    saveFromWorker: useCallback((e: CheckpointEvent) => void save(e.summary, e.bytes, 'Checkpoint saved'), [save]),
    load: useCallback(
      (summary: CheckpointSummary, send: SendRequest) =>
        void readOrReport(summary).then((bytes) => {
          if (!bytes) return;
          const copy = bytes.slice(0); // the worker takes ownership of what it is sent
          send({ type: 'loadCheckpoint', name: summary.name, bytes: copy }, [copy]);
        }),
      [readOrReport],
    ),
    remove: useCallback(
      async (summary: CheckpointSummary) => {
        try {
          listed(await store.delete(summary.id), `Deleted checkpoint "${summary.name}".`);
          return true;
        } catch (error) {
          problem(describeStorageError(error, `delete checkpoint "${summary.name}"`));
          return false;
        }
      },
      [store, listed, problem],
    ),
    exportFile: useCallback(
      (summary: CheckpointSummary) =>
        void readOrReport(summary).then((bytes) => bytes && downloadBytes(bytes, exportFileName(summary.name))),
      [readOrReport],
    ),
    importFile: useCallback(
      async (file: File) => {
        let bytes: ArrayBuffer;
        let summary: CheckpointSummary;
        try {
          bytes = await file.arrayBuffer();
          summary = checkpointSummary(parseCheckpoint(new Uint8Array(bytes)), crypto.randomUUID(), bytes.byteLength, 'import');
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          problem(error instanceof CheckpointFormatError ? error.message : `Could not read ${file.name}: ${detail}`);
          return;
        }
        await save(summary, bytes, `Imported "${summary.name}"`);
      },
      [save, problem],
    ),
  };
}
