// Python formatting (issue 19): ruff's formatter, in its WebAssembly build (@astral-sh/ruff-wasm-nodejs, the
// same formatter as the `ruff format` command, with no Python tool to install), at print width 120 like
// Prettier. `node scripts/formatPython.mjs` rewrites python/ and bench/*.py; `--check` lists files that differ
// and exits 1 (npm run lint).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';

const root = join(import.meta.dirname, '..');
const check = process.argv.includes('--check');

function pythonFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === '__pycache__' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return pythonFiles(path);
    return name.endsWith('.py') ? [path] : [];
  });
}

const workspace = new Workspace({ 'line-length': 120 }, PositionEncoding.Utf16);
const files = [...pythonFiles(join(root, 'python')), ...pythonFiles(join(root, 'bench'))];
const differ = [];
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  const formatted = workspace.format(source);
  if (formatted === source) continue;
  differ.push(relative(root, file));
  if (!check) writeFileSync(file, formatted);
}
if (check && differ.length > 0) {
  console.error(`ruff format: ${differ.length} Python file(s) differ:\n  ${differ.join('\n  ')}`);
  console.error('Run: npm run format');
  process.exit(1);
}
console.log(
  `ruff format: ${files.length} Python file(s) ${check ? 'checked' : `formatted (${differ.length} changed)`}.`,
);
