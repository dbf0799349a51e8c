// Takes docs/screenshot-inside.png: the "Inside the model" panel of a Tiny model trained for a few hundred
// steps on Tiny Shakespeare. Serve a build first (npx vite preview --port 4180 --outDir dist) and give the
// corpus file (it is fetched at run time by the app; here it is served from disk, never committed):
//   node scripts/screenshot-inside.mjs ../shared/data/tinyshakespeare.txt [http://127.0.0.1:4180]
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

// As e2e/browser.ts starts Chromium (plain Node cannot import that TypeScript file).
const launch = JSON.parse(readFileSync(new URL('../bench/chromium.json', import.meta.url), 'utf8'));
const chromiumArgs = [...launch.webgpuSwiftShader, ...launch.common];
const chromiumExecutable = () => process.env.CHROMIUM_PATH ?? launch.executables.find((p) => existsSync(p));
const SHAKESPEARE_URL = 'https://storage.googleapis.com/download.tensorflow.org/data/shakespeare.txt';

const [corpusPath, base = 'http://127.0.0.1:4180'] = process.argv.slice(2);
if (!corpusPath) throw new Error('usage: node scripts/screenshot-inside.mjs CORPUS [BASE_URL]');
const corpus = readFileSync(corpusPath, 'utf8');
const browser = await chromium.launch({ args: chromiumArgs, executablePath: chromiumExecutable() });
// Tall: nothing scrolls, so the sticky run bar stays in its place instead of over the panel.
const page = await browser.newPage({ viewport: { width: 1280, height: 6000 } });
await page.route(SHAKESPEARE_URL, (route) =>
  route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: corpus }),
);
await page.goto(base);
await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
await page.getByLabel('Preset').selectOption('tiny');
await page.getByRole('button', { name: 'Start training' }).click();
const status = page.getByRole('region', { name: 'Training status' });
await page.waitForFunction(() => /Step:\s*([\d,]+)/.exec(document.body.innerText)?.[1].replace(/,/g, '') >= 250, null, {
  timeout: 600_000,
});
await page.getByRole('button', { name: 'Pause training' }).click();
await page.getByRole('button', { name: 'Resume training' }).waitFor();
await page.getByLabel('Seed text').fill('ROMEO:\n');
await page.getByLabel('Length', { exact: true }).fill('300');
await page.getByLabel('Temperature', { exact: true }).fill('0.6');
await page.getByRole('button', { name: 'Generate', exact: true }).click();
await page.getByText(/^Finished: \d+ characters/).waitFor({ timeout: 60_000 });
const explorer = page.getByRole('region', { name: 'Neuron explorer' });
await explorer.getByRole('button', { name: 'Read with the model' }).click();
await explorer.getByRole('button', { name: 'Find interesting units' }).click();
await explorer
  .getByRole('button', { name: /^View unit \d+ for after a newline/ })
  .first()
  .click();
const panel = page.getByRole('region', { name: 'Inside the model' });
await panel.scrollIntoViewIfNeeded();
await panel.screenshot({ path: new URL('../docs/screenshot-inside.png', import.meta.url).pathname });
console.log(`Saved docs/screenshot-inside.png (${await status.textContent()})`);
await browser.close();
