// Says when the browser refuses IndexedDB (some private windows): checkpoints then live in this tab's memory only.
import '../common/notices.css';

export function StorageBanner({ durable }: { durable: boolean | null }) {
  if (durable !== false) return null;
  return (
    <div className="notices">
      <div role="alert" className="notice warning">
        <p>
          <strong>Checkpoints are not kept after this tab closes.</strong> This browser does not let folio use its
          storage (IndexedDB), as happens in some private windows. Training, loading and export still work: export the
          checkpoints you want to keep before you close the tab.
        </p>
      </div>
    </div>
  );
}
