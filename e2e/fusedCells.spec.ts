// The LSTM and the tanh RNN on the fused WebGPU kernels (and the GRU through the same checks), in Chromium on
// WebGPU (SwiftShader here), within e2e/lab.ts's tolerance (1e-4 relative per tensor): every golden PyTorch file
// through the app's model on the fused path (outputs, final state and c, logits, loss, every gradient, greedy
// text), the written-out training step on it, and the written-out step against the taped reference at 3 layers
// with dropout; each on the whole-window programs and on the per-timestep programs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectWithin, GOLDEN, openLab, worst } from './lab';

const FILES = ['gru_char_model', 'gru2_char_model', 'lstm_char_model', 'lstm2_char_model', 'rnn_char_model'];
/** wholeWindowUnits forced: the window programs at every size here, or never (one dispatch per timestep). */
const VARIANTS = { window: 4096, steps: 0 } as const;

async function force(page: Page, wholeWindowUnits: number) {
  await page.evaluate((w) => folioLab.internals.forceKernelVariants({ wholeWindowUnits: w }), wholeWindowUnits);
}

test.describe('fused WebGPU cells', () => {
  test.beforeEach(async ({ page }) => openLab(page));

  for (const [variant, units] of Object.entries(VARIANTS)) {
    test(`golden files on the fused path, ${variant} programs`, async ({ page }) => {
      await force(page, units);
      for (const file of FILES) {
        const golden = JSON.parse(readFileSync(resolve(GOLDEN, `../${file}.json`), 'utf8'));
        const { stats, ids, expected } = await page.evaluate((g) => folioLab.goldenCellCheck(g), golden);
        console.log(variant, file, worst(stats));
        expect(Object.keys(stats)).toContain('d embedding.weight');
        expectWithin(stats, `${variant} ${file}`);
        expect(ids, `${variant} ${file} greedy`).toEqual(expected);
        const written = await page.evaluate((g) => folioLab.goldenWrittenOutStep(g), golden);
        console.log(variant, file, 'written-out', worst(written));
        expectWithin(written, `${variant} ${file} written-out`);
      }
    });

    for (const cell of ['lstm', 'rnn'] as const) {
      test(`${cell}: written-out step and fused taped path against the reference, 1–3 layers with dropout, ${variant} programs`, async ({
        page,
      }) => {
        await force(page, units);
        for (const layers of [1, 2, 3]) {
          const shape = {
            cell,
            vocab: 30,
            embed: 12,
            units: 24,
            layers,
            dropout: 0.3,
            batch: 5,
            time: 7,
            seed: layers,
          };
          const written = await page.evaluate((s) => folioLab.compareWrittenOutStep(s), shape);
          console.log(variant, cell, layers, 'written-out vs taped', worst(written));
          expect(Object.keys(written)).toContain(`d ${cell}.weight_ih_l${layers - 1}`);
          expectWithin(written, `${variant} ${cell} ${layers} written-out`);
          const layered = await page.evaluate((s) => folioLab.compareLayeredPaths(s), { ...shape, units: 19 });
          console.log(variant, cell, layers, 'fused vs reference', worst(layered));
          expectWithin(layered, `${variant} ${cell} ${layers} layered`);
        }
      });
    }
  }

  test('an LSTM and an RNN Tiny training step take as many dispatches as a GRU step (the same at any window on the window programs, 2 per timestep more on the per-timestep ones), a generation chunk 1', async ({
    page,
  }) => {
    const counted: Record<
      string,
      { window: Record<number, number>; steps: Record<number, number>; chunk: unknown; perChar: unknown }
    > = {};
    for (const cell of ['gru', 'lstm', 'rnn'] as const) {
      const window = await page.evaluate((c) => folioLab.countedStep('tiny', 'window', c), cell);
      const steps = await page.evaluate((c) => folioLab.countedStep('tiny', 'steps', c), cell);
      counted[cell] = {
        window: window.perWindow,
        steps: steps.perWindow,
        chunk: window.generation,
        perChar: steps.generation,
      };
    }
    console.log('counted', JSON.stringify(counted));
    for (const cell of ['lstm', 'rnn']) {
      expect(counted[cell].window, cell).toEqual(counted.gru.window);
      expect(counted[cell].steps, cell).toEqual(counted.gru.steps);
      expect(counted[cell].chunk, `${cell} whole chunk`).toEqual({ perChar: 0, perChunk: 1 });
      expect(counted[cell].perChar, `${cell} per-character chunk`).toEqual(counted.gru.perChar);
    }
    expect(new Set(Object.values(counted.gru.window)).size).toBe(1);
    expect(counted.gru.steps[8] - counted.gru.steps[4]).toBe(8);
  });

  test('no tensor leaks: fused training steps, evaluation and generation of each cell keep the tensor count', async ({
    page,
  }) => {
    for (const cell of ['gru', 'lstm', 'rnn'] as const) {
      const counts = await page.evaluate((c) => folioLab.cellLeakCheck(c), cell);
      console.log(cell, 'tensors', JSON.stringify(counts));
      expect(new Set(counts).size, cell).toBe(1);
    }
  });

  // Awkward sizes (units not a multiple of 4, partial tiles), a given initial state (its gradient: dh0 and the
  // LSTM's dc0) and the last state (the LSTM's c and its gradient), under every timestep variant.
  const variants = [
    { wholeWindowUnits: 4096 },
    { maxStepSplit: 1, wholeWindowUnits: 0 },
    { matmul: 'register', maxStepSplit: 4, wholeWindowUnits: 0 },
    { matmul: 'shared', maxStepSplit: 64, wholeWindowUnits: 0 },
  ] as const;
  for (const cell of ['lstm', 'rnn'] as const) {
    test(`${cell}: fused recurrence equals the reference with an initial state, every variant`, async ({ page }) => {
      const shapes = [
        { cell, batch: 3, units: 37, embed: 11, time: 5, seed: 5, withH0: true },
        { cell, batch: 5, units: 67, embed: 9, time: 4, seed: 6, withH0: true },
        { cell, batch: 8, units: 32, embed: 16, time: 6, seed: 7 },
      ];
      for (const v of variants) {
        for (const shape of shapes) {
          const { splits, stats } = await page.evaluate(([s, vv]) => folioLab.kernelVariants.compareVariant(s, vv), [
            shape,
            v,
          ] as const);
          console.log(cell, JSON.stringify(v), JSON.stringify(shape), JSON.stringify(splits), worst(stats));
          if (shape.withH0) expect(Object.keys(stats)).toContain('dh0');
          expectWithin(stats, `${cell} ${JSON.stringify(v)} ${JSON.stringify(shape)}`);
        }
      }
    });
  }

  for (const [chunks, wholeChunkUnits] of [
    ['whole chunks', 4096],
    ['per-character chunks', 0],
  ] as const) {
    test(`generation on the GPU, ${chunks}: a batched step of every layer and greedy text equal the plain-ops cell, 1–3 layers`, async ({
      page,
    }) => {
      await page.evaluate((w) => folioLab.internals.forceKernelVariants({ wholeChunkUnits: w }), wholeChunkUnits);
      for (const cell of ['gru', 'lstm', 'rnn'] as const) {
        for (const layers of [1, 3]) {
          const { step, ids, expected } = await page.evaluate(([c, l]) => folioLab.compareCellGeneration(c, l), [
            cell,
            layers,
          ] as const);
          console.log(chunks, cell, layers, 'generation step', worst(step), 'ids', ids.join(' '));
          expectWithin(step, `${cell} ${layers} step`);
          expect(ids, `${chunks} ${cell} ${layers} greedy`).toEqual(expected);
        }
      }
    });
  }
});
