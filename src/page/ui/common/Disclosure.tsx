// Advanced settings behind a native <details>: collapsed until asked for, keyboard-operable, remembered while open.
import type { ReactNode } from 'react';
import './disclosure.css';

export function Disclosure({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="disclosure">
      <summary>{summary}</summary>
      <div className="disclosure-body">{children}</div>
    </details>
  );
}
