// Choosing the training text, and what the worker found in it.
import { useId, useState } from 'react';
import type { CorpusPlan } from '../../../shared/data/corpusPlan';
import type { AppState, DownloadState } from '../app/appState';
import { formatBytes, formatCount } from '../common/format';
import type { TextSources } from './useTextSources';
import { ActionButton } from '../common/ActionButton';
import './text.css';

interface Props {
  state: Pick<AppState, 'text' | 'download' | 'textError' | 'textPending'>;
  plan: CorpusPlan | null;
  texts: TextSources;
}

function DownloadStatus({ download }: { download: DownloadState }) {
  if (download.status === 'failed')
    return (
      <p role="alert" className="error">
        {download.message}
      </p>
    );
  if (download.status === 'done') {
    return (
      <p className="hint">
        Tiny Shakespeare {download.fromCache ? 'from cache' : 'downloaded'} ({formatBytes(download.bytes)}).
      </p>
    );
  }
  const { loaded, total } = download;
  const percent = total ? Math.round((loaded / total) * 100) : null;
  return (
    <div className="download">
      <progress aria-label="Download progress" max={total ?? undefined} value={total ? loaded : undefined} />
      <span>
        {formatBytes(loaded)}
        {total ? ` of ${formatBytes(total)} (${percent}%)` : ''}
      </span>
    </div>
  );
}

function PlanSummary({ plan }: { plan: CorpusPlan }) {
  return (
    <>
      <dl className="stats">
        <div>
          <dt>Train / validation:</dt>{' '}
          <dd>
            {formatCount(plan.trainCharacters)} / {formatCount(plan.validationCharacters)} characters
          </dd>
        </div>
        <div>
          <dt>Windows per epoch:</dt> <dd>{formatCount(plan.windowsPerEpoch)}</dd>
        </div>
        <div>
          <dt>Steps per epoch:</dt> <dd>{formatCount(plan.stepsPerEpoch)}</dd>
        </div>
      </dl>
      {plan.errors.map((e) => (
        <p key={e} className="error">
          {e}
        </p>
      ))}
      {plan.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
    </>
  );
}

export function TextPanel({ state, plan, texts }: Props) {
  const [pasted, setPasted] = useState('');
  const fileId = useId();
  const pasteId = useId();
  const downloading = state.download?.status === 'downloading';
  const { text } = state;
  return (
    <section className="panel" aria-labelledby={`${fileId}-heading`}>
      <h2 id={`${fileId}-heading`}>Text</h2>
      <div className="row">
        <ActionButton
          className={text ? undefined : 'primary'}
          disabled={downloading}
          reason="Downloading Tiny Shakespeare…"
          onClick={() => void texts.downloadTinyShakespeare()}
        >
          Use Tiny Shakespeare
        </ActionButton>
        <span className="hint">1.1 MB of Shakespeare's plays, saved in this browser after the first download.</span>
      </div>
      {state.download && <DownloadStatus download={state.download} />}
      <div className="field">
        <label htmlFor={fileId}>Training text</label>
        <input
          id={fileId}
          type="file"
          accept=".txt,text/*"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void texts.loadFile(file);
            e.currentTarget.value = ''; // choosing the same file again still loads it
          }}
        />
        <span className="hint drop-hint">…or drop a text file anywhere on this page.</span>
      </div>
      <div className="field">
        <label htmlFor={pasteId}>Paste text</label>
        <textarea id={pasteId} rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} />
        <div>
          <ActionButton
            disabled={pasted.length === 0}
            reason="Paste some text above first."
            onClick={() => texts.loadPasted(pasted)}
          >
            Use pasted text
          </ActionButton>
        </div>
      </div>
      {state.textPending && <p className="hint">Reading {state.textPending}…</p>}
      {state.textError && (
        <p role="alert" className="error">
          {state.textError}
        </p>
      )}
      {text && (
        <div className="text-info">
          <h3>{text.name}</h3>
          <dl className="stats">
            <div>
              <dt>Characters:</dt> <dd>{formatCount(text.characters)}</dd>
            </div>
            <div>
              <dt>Distinct characters:</dt> <dd>{formatCount(text.distinctCharacters)}</dd>
            </div>
          </dl>
          <pre className="preview" role="region" aria-label="Text preview" tabIndex={0}>
            {text.preview}
          </pre>
          {plan ? <PlanSummary plan={plan} /> : <p className="hint">Fix the settings to see how the text splits.</p>}
        </div>
      )}
    </section>
  );
}
