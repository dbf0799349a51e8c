// The learning benchmark's tables (bench/learn.mjs, bench/nodeRuntime.mjs); bench/torch_learn.py prints
// its rows in the same columns.

const fixed = (x, digits) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));

export const LEARNING_HEAD = `${'step'.padStart(7)}  ${'train'.padStart(7)}  ${'valid'.padStart(7)}  ${'chars/s'.padStart(9)}  ${'seconds'.padStart(8)}`;

export function formatLearningRow(r) {
  return `${String(r.step).padStart(7)}  ${fixed(r.trainLoss, 4).padStart(7)}  ${fixed(r.validationLoss, 4).padStart(7)}  ${fixed(r.charsPerSec, 0).padStart(9)}  ${fixed(r.elapsed, 1).padStart(8)}`;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean validation loss over seeds at each evaluated step (steps every run reached). */
export function meanValidation(results) {
  const steps = results[0]?.rows.map((r) => r.step) ?? [];
  return steps
    .filter((s) => results.every((res) => res.rows.some((r) => r.step === s)))
    .map((step) => ({ step, loss: mean(results.map((res) => res.rows.find((r) => r.step === step).validationLoss)) }));
}

/** folio beside PyTorch: mean validation per step over the seeds, and folio's difference in percent. */
export function formatComparison(folio, torch) {
  const ours = meanValidation(folio);
  const theirs = new Map(meanValidation(torch).map((r) => [r.step, r.loss]));
  const head = `${'step'.padStart(7)}  ${'folio'.padStart(7)}  ${'PyTorch'.padStart(7)}  ${'diff'.padStart(7)}`;
  const lines = [head];
  for (const { step, loss } of ours) {
    const other = theirs.get(step);
    const diff = other === undefined ? '—' : `${(((loss - other) / other) * 100).toFixed(2)}%`;
    lines.push(
      `${String(step).padStart(7)}  ${fixed(loss, 4).padStart(7)}  ${fixed(other, 4).padStart(7)}  ${diff.padStart(7)}`,
    );
  }
  const speed = (rs) => mean(rs.flatMap((r) => r.rows.map((row) => row.charsPerSec)));
  lines.push(`training chars/s (mean of rows): folio ${fixed(speed(folio), 0)}, PyTorch ${fixed(speed(torch), 0)}`);
  return lines.join('\n');
}
