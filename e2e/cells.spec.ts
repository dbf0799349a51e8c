// An LSTM and an RNN in the app on WebGPU (issue 30): the cell is chosen with the model settings, trains on the
// fused WebGPU kernels (the written-out step and generation on the cell's own programs), saves what the device
// holds, comes back after a reload and Load bit for bit, resumes to where an uninterrupted run ends, and exports a
// file that PyTorch's nn.LSTM / nn.RNN loads strictly (folio_torch) and continues with the app's own greedy text.
// The neuron explorer offers the cell's own signals and ranks units on them.
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openSettings, status, statusNumber, waitForStep } from './helpers';
import {
  entry,
  exportEntry,
  fileHashes,
  greedy,
  GREEDY_LENGTH,
  openWithText,
  pause,
  probe,
  saveByHand,
  SEED,
} from './savedState';

const PYTHON = process.env.FOLIO_PYTHON ?? '/usr/bin/python3';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const explorer = (page: Page) => page.getByRole('region', { name: 'Neuron explorer' });
/** The explorer's Signal options for each cell: h and the cell's own gates. */
const SIGNALS = { lstm: ['i', 'f', 'o', 'g', 'c', 'h'], rnn: ['h'] } as const;

/** Reads a window of the training text in the explorer and ranks the units on the cell's last signal but h. */
async function exploreSignals(page: Page, cell: keyof typeof SIGNALS): Promise<void> {
  await explorer(page).getByLabel('Text to explore').selectOption('training');
  await explorer(page).getByLabel('Characters to read').fill('80');
  await explorer(page).getByRole('button', { name: 'Read with the model' }).click();
  const signal = explorer(page).getByLabel('Signal');
  await expect(signal.getByRole('option')).toHaveCount(SIGNALS[cell].length);
  expect(await signal.getByRole('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([
    ...SIGNALS[cell],
  ]);
  const shown = cell === 'lstm' ? 'f' : 'h'; // the forget gate, or the RNN's only signal
  await signal.selectOption(shown);
  await expect(explorer(page).getByRole('region', { name: `Text coloured by unit 0, ${shown}` })).toBeVisible();
  await explorer(page).getByRole('button', { name: 'Find interesting units' }).click();
  await expect(explorer(page).getByRole('table')).toContainText('Units');
}

/** folio_torch's greedy continuation of SEED from an exported file (strict load_state_dict into nn.LSTM / nn.RNN). */
function torchGreedy(path: string): string {
  const args = ['-m', 'folio_torch', 'generate', path, '--seed-text', SEED, '--length', String(GREEDY_LENGTH)];
  const r = spawnSync(PYTHON, [...args, '--temperature', '0'], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: fileURLToPath(new URL('../python', import.meta.url)) },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`folio_torch generate failed: ${r.stderr}`);
  return r.stdout;
}

for (const cell of ['lstm', 'rnn'] as const) {
  test(`webgpu: a ${cell} trains, saves, reloads, loads and resumes exactly, and PyTorch writes its greedy text`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(540_000);
    await openWithText(page, 'webgpu');
    await page.getByLabel('Cell', { exact: true }).selectOption(cell);
    await expect(page.getByLabel(`${cell.toUpperCase()} units`)).toBeVisible(); // the field names the cell
    await page.getByLabel('Epochs').fill('1');
    await page.getByLabel('Validate every').fill('1000');
    const finish = async (file: string) => {
      await expect(status(page)).toContainText(/State:\s*Stopped/, { timeout: 240_000 });
      const live = await probe(page);
      const { data } = await exportEntry(page, entry(page, live.step, 'on stop').first(), testInfo, file);
      expect(fileHashes(data)).toEqual(live.tensors);
      return { live, data, losses: data.history.train };
    };

    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(status(page)).toContainText('fused WebGPU kernels'); // the cell's own fused programs
    const straight = await finish(`${cell}-straight.folio.safetensors`);
    expect(straight.data.model.cell).toBe(cell);
    expect(Object.keys(straight.data.weights).filter((n) => n.startsWith(`${cell}.`))).toHaveLength(4);
    const half = Math.floor(straight.live.step / 2);

    await page.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => statusNumber(page, 'Step'), { timeout: 60_000, intervals: [100] }).toBeLessThan(half);
    await waitForStep(page, half);
    await pause(page);
    const pausedAt = await statusNumber(page, 'Step');
    const saved = await probe(page);
    const item = await saveByHand(page, pausedAt);
    const { path, data } = await exportEntry(page, item, testInfo, `${cell}-paused.folio.safetensors`);
    expect(fileHashes(data)).toEqual(saved.tensors); // what was saved is what the device held
    const live = await greedy(page);
    if (hasTorch) expect(SEED + torchGreedy(path)).toBe(live);

    await page.reload();
    await entry(page, pausedAt, 'saved by you').getByRole('button', { name: 'Load' }).click();
    await expect(status(page)).toContainText('Paused');
    expect((await probe(page)).tensors).toEqual(saved.tensors); // Load is exact
    expect(await greedy(page)).toBe(live);
    await exploreSignals(page, cell);
    expect((await probe(page)).tensors).toEqual(saved.tensors); // reading leaves the model as it was
    await openSettings(page, 'Training settings');
    await expect(page.getByLabel('Cell', { exact: true })).toHaveValue(cell); // the form shows the loaded model
    await page.getByRole('button', { name: 'Resume training' }).click();
    const resumed = await finish(`${cell}-resumed.folio.safetensors`);

    expect(resumed.live.step).toBe(straight.live.step);
    expect(resumed.losses.map((p) => p.step)).toEqual(straight.losses.map((p) => p.step));
    resumed.losses.forEach((p, i) =>
      expect(relative(p.loss, straight.losses[i].loss), `loss at step ${p.step}`).toBeLessThanOrEqual(1e-5),
    );
    for (const [name, t] of Object.entries(straight.data.weights)) {
      const other = resumed.data.weights[name].data;
      const scale = Math.max(...t.data.map(Math.abs));
      const worst = Math.max(...t.data.map((x, i) => Math.abs(x - other[i])));
      expect(worst / scale, name).toBeLessThanOrEqual(1e-5);
    }
  });
}
