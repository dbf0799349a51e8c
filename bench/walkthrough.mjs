// npm run walkthrough [-- options]: a newcomer's default run, timed and read back. Opens the built app in headless
// Chromium (WebGPU on SwiftShader, as the e2e tests), picks a text, keeps every default (Preset "Automatic",
// "Train for" as it comes), presses Start, waits for the run to end, then prints what the person sees: the run
// plan, the status, the coach, the best validation loss, and text generated at temperature 0.8 and 0, with the
// valid-word share at 0.8 (bench/wordShare.mjs) over SAMPLES texts of 300 characters: the share of the words the
// model wrote that occur in the training text.
//   --text FILE       a text of one's own, pasted (default: Tiny Shakespeare, served from
//                     ../shared/data/tinyshakespeare.txt in place of its URL; nothing leaves the machine)
//   --train-for V     a "Train for" choice (1, 3, 5, 10, 30, untilPlateau, epochs); default: the page's default
//   --seed TEXT       the seed for generation (default "ROMEO:" for Shakespeare, else the text's first 5 characters)
//   --port N          default 4185   --no-build   --headed   --out FILE (JSON; default bench-results/walkthrough.json)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { root, run } from './nodeChild.mjs';
import { serveDirectory } from './staticServer.mjs';
import { wordShare } from './wordShare.mjs';

/** Texts generated at 0.8 for the valid-word share (each a new draw). */
const SAMPLES = 5;
const SHAKESPEARE_URL = 'https://storage.googleapis.com/download.tensorflow.org/data/shakespeare.txt';
const launch = JSON.parse(readFileSync(new URL('./chromium.json', import.meta.url), 'utf8'));

const { values: opts } = parseArgs({
  options: {
    text: { type: 'string' },
    'train-for': { type: 'string' },
    seed: { type: 'string' },
    port: { type: 'string', default: '4185' },
    'no-build': { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false },
    out: { type: 'string', default: resolve(root, 'bench-results/walkthrough.json') },
  },
});

const corpus = resolve(root, '../shared/data/tinyshakespeare.txt');
const own = opts.text ? readFileSync(opts.text, 'utf8') : null;
if (!own && !existsSync(corpus)) throw new Error(`no corpus at ${corpus}; pass --text FILE`);
if (!opts['no-build']) run('npx', ['vite', 'build', '--logLevel', 'warn']);

const server = await serveDirectory(resolve(root, 'dist'), Number(opts.port));
const executablePath = [process.env.CHROMIUM_PATH, ...launch.executables].find((p) => p && existsSync(p));
const browser = await chromium.launch({
  headless: !opts.headed,
  args: [...launch.webgpuSwiftShader, ...launch.common],
  ...(executablePath ? { executablePath } : {}),
});
const seconds = (t0) => Math.round((Date.now() - t0) / 100) / 10;
const regionText = async (page, name) =>
  (await page.getByRole('region', { name }).first().innerText())
    .replace(/:\s*\n\s*/g, ': ')
    .replace(/\s*\n\s*/g, ' · ')
    .trim();

try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.route(SHAKESPEARE_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: readFileSync(corpus) }),
  );
  await page.goto(`http://127.0.0.1:${opts.port}/`);
  await page
    .getByRole('region', { name: 'Training status' })
    .getByText(/webgpu|webgl|wasm|cpu/)
    .first()
    .waitFor();
  if (own) {
    await page.getByLabel('Paste text').fill(own);
    await page.getByRole('button', { name: 'Use pasted text' }).click();
  } else {
    await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  }
  await page
    .locator('main')
    .getByText(/Characters:/)
    .first()
    .waitFor();
  await page.getByRole('button', { name: 'Start training' }).waitFor();
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('button')].find((e) => e.textContent?.trim() === 'Start training');
    return b && !b.disabled;
  });
  if (opts['train-for']) await page.getByLabel('Train for').selectOption(opts['train-for']);
  const settings = {
    preset: await page.getByLabel('Preset').inputValue(),
    trainFor: await page.getByLabel('Train for').inputValue(),
  };
  console.log(
    `text: ${own ? opts.text : 'Tiny Shakespeare'} (${(own ?? readFileSync(corpus, 'utf8')).length} characters)`,
  );
  console.log(`settings as they come: Preset ${settings.preset}, Train for ${settings.trainFor}`);

  const t0 = Date.now();
  await page.getByRole('button', { name: 'Start training' }).click();
  const samples = [];
  let ended = false;
  while (!ended) {
    await page.waitForTimeout(15_000);
    const status = await regionText(page, 'Training status');
    const pick = (label) => new RegExp(`${label}:\\s*([^·]*)`).exec(status)?.[1]?.trim() ?? '';
    const line = {
      t: seconds(t0),
      state: pick('State'),
      step: pick('Step'),
      validation: pick('Validation loss'),
      timeLeft: pick('Time left'),
      speed: pick('Speed'),
      coach: (await regionText(page, 'Coach')).slice(0, 140),
    };
    samples.push(line);
    console.log(
      `${line.t} s  ${line.state} · step ${line.step} · val ${line.validation} · left ${line.timeLeft} · ${line.speed}`,
    );
    console.log(`        coach: ${line.coach}`);
    ended = /Stopped/.test(line.state) && !/Measuring/.test(await regionText(page, 'Run plan'));
  }
  const wall = seconds(t0);
  const plan = await regionText(page, 'Run plan');
  const status = await regionText(page, 'Training status');
  const coach = await regionText(page, 'Coach');

  const seed = opts.seed ?? (own ? own.slice(0, 5) : 'ROMEO:');
  const texts = {};
  const warm = [];
  for (const temperature of [...Array(SAMPLES).fill('0.8'), '0']) {
    await page.getByLabel('Seed text').fill(seed);
    await page.getByLabel('Length', { exact: true }).fill('300');
    await page.getByLabel('Temperature', { exact: true }).fill(temperature);
    const region = page.getByRole('region', { name: 'Generated text' });
    // The region counts the generations started (data-generation): the text read is this one's, whole.
    const before = Number(await region.getAttribute('data-generation'));
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    for (let t = 0; t < 360; t++) {
      const started = Number(await region.getAttribute('data-generation')) > before;
      if (started && [...(await region.innerText())].length >= seed.length + 300) break;
      await page.waitForTimeout(500);
    }
    await page.getByRole('button', { name: 'Generate', exact: true }).waitFor({ timeout: 180_000 });
    texts[temperature] = await region.innerText();
    if (temperature === '0.8') warm.push(texts[temperature]);
  }
  const words = wordShare(warm, seed, own ?? readFileSync(corpus, 'utf8'));
  console.log(`\nended after ${wall} s (Start to the end, calibration included)`);
  console.log(`Run plan: ${plan}\nStatus: ${status}\nCoach: ${coach}`);
  for (const [t, text] of Object.entries(texts)) console.log(`\nGenerated at temperature ${t}:\n${text}`);
  const percent = words.share === null ? 'no words' : `${Math.round(100 * words.share)}%`;
  console.log(`\nvalid-word share at 0.8: ${percent} (${words.found} of ${words.words} words over ${SAMPLES} samples)`);
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(
    opts.out,
    JSON.stringify(
      { text: opts.text ?? 'tinyshakespeare', settings, wall, plan, status, coach, samples, texts, warm, words },
      null,
      2,
    ),
  );
  console.log(`\nwrote ${opts.out}`);
} finally {
  await browser.close();
  server.close();
}
