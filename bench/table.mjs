// The bench table printed to the terminal (and pasted into the README).

const PATHS = ['fused', 'steps', 'window', 'reference', 'stock'];

const num = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));
const mb = (bytes) => (bytes === null || bytes === undefined ? '—' : (bytes / 2 ** 20).toFixed(1));
const times = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(1)}×`);

const CELL_LABELS = { gru: 'GRU', lstm: 'LSTM', rnn: 'RNN' };
const LEFT = 4; // config, cell, path and kernels read left to right; the figures are right-aligned

function row(cells, widths) {
  return cells.map((c, i) => (i < LEFT ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

/** One line per (config, cell, path), then a line of speedups per config and cell. */
export function formatTable(records) {
  const head = [
    'config',
    'cell',
    'path',
    'kernels',
    'dispatches/step',
    'dispatches/timestep',
    '(loop only)',
    'ms/step',
    'train chars/s',
    'gen chars/s',
    'peak MiB',
  ];
  const widths = [9, 4, 9, 9, 15, 19, 11, 9, 13, 11, 9];
  const lines = [row(head, widths), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of records) {
    const shape = r.shape;
    const cell = CELL_LABELS[r.cell ?? 'gru'];
    for (const name of PATHS) {
      const p = r[name];
      const d = r.details?.[name];
      if (!p && !d) continue; // a path not asked for (--paths)
      if (!p) {
        const why = d?.unavailable ? `  (${d.unavailable.slice(0, 100)})` : '  (not run)';
        lines.push(row([r.config, cell, name, '—', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'], widths) + why);
        continue;
      }
      const mark = d?.extrapolated ? '*' : '';
      const cells = [
        num(d?.dispatchesPerStep, 0) + mark,
        num(p.dispatchesPerTimestep) + mark,
        num(d?.dispatchesPerExtraTimestep),
        num(p.msPerStep, 0),
        num(d?.trainCharsPerSec, 0),
        num(p.charsPerSec, 0),
        mb(p.peakBytes) + mark,
      ];
      lines.push(row([r.config, cell, name, d?.kernels ?? '—', ...cells], widths));
    }
    lines.push(
      `${r.config}: batch ${shape.batch} × window ${shape.window}, ${cell} ${shape.units}, embedding ${shape.embed}, vocab ${shape.vocab} — ` +
        `fused vs reference ${times(r.speedupVsReference)}, vs stock ${times(r.speedupVsStock)}, generation ${times(r.generationSpeedup)}`,
    );
    lines.push(...loopLines(r));
    if (r.speedupVsSteps || r.generationSpeedupVsSteps) {
      const which = r.fused ? 'fused' : 'window';
      lines.push(
        `${r.config}: ${which} vs per-timestep (steps) training ${times(r.speedupVsSteps)}, generation ${times(r.generationSpeedupVsSteps)}`,
      );
    }
    lines.push('');
  }
  lines.push(...countedLines(records));
  if (records.some((r) => PATHS.some((n) => r.details?.[n]?.extrapolated))) {
    lines.push('* extrapolated to the full window from windows of 4 and 8 (--extrapolate)');
  }
  const first = records[0];
  if (first) lines.push(`backend ${first.backend}, adapter: ${first.adapter}`);
  return lines.join('\n');
}

/** Issue 10's counted targets per config and path (src/lab/benchCounted.ts): figure, target, ✓/✗. */
function countedLines(records) {
  const lines = [];
  for (const r of records) {
    for (const name of PATHS) {
      const c = r.details?.[name]?.counted;
      if (!c) continue;
      lines.push(
        `counted, ${r.config} ${CELL_LABELS[r.cell ?? 'gru']} ${name}: dispatches per step ${num(c.fixedDispatches, 0)} + ${num(c.dispatchesPerTimestep, 0)}·T, tfjs kernel calls ${num(c.kernelCallsOutsideLoop, 0)} + ${num(c.kernelCallsPerTimestep, 0)}·T`,
      );
      for (const t of c.targets)
        lines.push(
          `  ${t.ok ? '✓' : '✗'} ${t.name.padEnd(56)} ${String(+t.value.toFixed(2)).padStart(6)}  (target ${t.target})`,
        );
      if (c.bindGroupsPerTimestep !== undefined && r.backend === 'webgpu') {
        const perStep = `${num(c.bindGroupsPerTimestep, 0)}·T  (+ ${num(c.fixedBindGroups, 0)} per step)`;
        lines.push(`  · ${'bind groups created per timestep of the loops'.padEnd(56)} ${perStep}`);
      }
      if (c.generationDispatchesPerChar !== undefined) {
        const perChunk = `(+ ${num(c.generationDispatchesPerChunk, 0)} per chunk of up to 128)`;
        lines.push(
          `  · ${'dispatches per generated character'.padEnd(56)} ${num(c.generationDispatchesPerChar, 0).padStart(6)}  ${perChunk}`,
        );
      }
    }
  }
  return lines.length ? [...lines, ''] : lines;
}

/** The loop path: steps in flight against the sequential loop, per depth when all were run. */
function loopLines(r) {
  const d = r.details?.loop;
  if (!d) return [];
  const cell = CELL_LABELS[r.cell ?? 'gru'];
  if (d.unavailable) return [`${r.config} ${cell} loop: not run (${d.unavailable.slice(0, 100)})`];
  const one = (f) =>
    `${String(f.depth).padStart(2)} in flight: ${num(f.charsPerSec, 0).padStart(7)} chars/s, ${num(f.msPerStep, 1).padStart(7)} ms/step, ` +
    `readbacks ${num(f.readbacksPerStep, 3)}/step (waited ${num(f.readWaitsPerStep, 3)}), GPU waits ${num(f.fenceWaitsPerStep, 2)}/step, ` +
    `JS ${num(f.encodeMsPerStep, 2)} ms/step, ${num(f.dispatchesPerStep, 1)} dispatches/step`;
  const rows = d.depths ?? [d.sequential, d.pipelined];
  const c = d.counted;
  const gpu = d.gpu
    ? `  GPU time per step (timestamp-query, ${d.gpu.stepsTimed} steps): ${num(d.gpu.gpuMsPerStep, 2)} ms of ` +
      `${num(d.gpu.loopMsPerStep, 2)} ms in the loop: the GPU busy ${num((100 * d.gpu.gpuMsPerStep) / d.gpu.loopMsPerStep, 0)}% of a step`
    : '  GPU time per step: not measured (no timestamp-query on this device)';
  return [
    `${r.config} ${cell} loop (Trainer.run, an evaluation every 20 steps): in flight vs sequential ${times(r.loopSpeedupVsSequential)}`,
    ...rows.map((f) => `  ${one(f)}`),
    gpu,
    ...c.targets.map(
      (t) =>
        `  ${t.ok ? '✓' : '✗'} ${t.name.padEnd(56)} ${String(+t.value.toFixed(3)).padStart(6)}  (target ${t.target})`,
    ),
  ];
}
