// Numbers in words people read at a glance.

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** 75 -> "1 min 15 s"; 7384 -> "2 h 3 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${s % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

/**
 * An estimate as people say one, rounded to what it can promise: "about 45 s" (to 5 s), "about 4 min 30 s"
 * (to 30 s, under 10 minutes), "about 17 min", "about 1 h 20 min" (to 10 minutes).
 */
export function formatAboutDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (seconds < 57.5) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s`;
  if (seconds < 585) {
    const halves = Math.round(seconds / 30);
    const minutes = Math.floor(halves / 2);
    return `about ${minutes} min${halves % 2 ? ' 30 s' : ''}`;
  }
  if (seconds < 3570) return `about ${Math.round(seconds / 60)} min`;
  const tens = Math.round(seconds / 600);
  const hours = Math.floor(tens / 6);
  return hours >= 48
    ? `about ${Math.round(hours / 24)} days`
    : `about ${hours} h${tens % 6 ? ` ${(tens % 6) * 10} min` : ''}`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatLoss(loss: number | null | undefined): string {
  return loss == null || !Number.isFinite(loss) ? '—' : loss.toFixed(3);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
