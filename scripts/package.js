#!/usr/bin/env node
/**
 * `npm run package`: builds (tsc -b), bundles (scripts/bundle.js) and packages the extension as
 * migration-guard-<version>.vsix with @vscode/vsce. vsce runs in a staging folder holding only what ships, with a
 * package.json whose `main` is the bundle (dist/client.js): the repository's own `main` stays the tsc output, which
 * the development folder (F5, the e2e suite) runs. Options: --no-build (use the existing out/ and dist/),
 * --out FILE. Prints the .vsix size and its file list.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bundle, DIST } = require('./bundle');

const ROOT = path.resolve(__dirname, '..');
const REPO_URL = 'https://github.com/migration-guard/migration-guard';
/** What the .vsix ships besides dist/ (.vscodeignore says the same for vsce). */
const SHIPPED = ['README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'syntaxes', 'schemas', 'docs/rules'];

/** Every file of the .vsix must match (checked after packaging: a guard against sources or maps slipping in). */
const ALLOWED =
  /^extension\/(package\.json|readme\.md|LICENSE\.txt|changelog\.md|dist\/[\w-]+\.(js|wasm|data)|syntaxes\/.+\.json|schemas\/.+\.json|docs\/rules\/[\w-]+\.md)$/;

function bin(name) {
  return path.join(ROOT, 'node_modules', '.bin', name);
}

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The manifest that ships: the bundle as `main`, no scripts (nothing to run at packaging), no devDependencies. */
function manifest() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  pkg.main = './dist/client.js';
  delete pkg.scripts;
  delete pkg.devDependencies;
  delete pkg.bin;
  return pkg;
}

function stage(dir) {
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest(), null, 2)}\n`);
  for (const entry of SHIPPED) {
    const from = path.join(ROOT, entry);
    if (!fs.existsSync(from)) throw new Error(`package: ${entry} is missing`);
    fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
  fs.cpSync(DIST, path.join(dir, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  if (!fs.existsSync(path.join(dir, 'dist', 'client.js'))) throw new Error('package: dist/client.js is missing');
}

function listVsix(file) {
  const out = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => /^\s*(\d+)\s+\S+\s+\S+\s+(extension\/.*)$/.exec(l))
    .filter(Boolean)
    .map((m) => ({ size: Number(m[1]), name: m[2] }));
}

async function main() {
  const args = process.argv.slice(2);
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  const outIndex = args.indexOf('--out');
  const out = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(ROOT, `migration-guard-${version}.vsix`));
  if (!args.includes('--no-build')) {
    run(bin('tsc'), ['-b'], ROOT);
    await bundle({ quiet: true });
  } else if (!fs.existsSync(path.join(DIST, 'client.js'))) {
    throw new Error('package: dist/ is missing: run `npm run build && npm run bundle` or drop --no-build');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-vsix-'));
  try {
    stage(dir);
    run(
      bin('vsce'),
      [
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--baseContentUrl',
        `${REPO_URL}/blob/main`,
        '--baseImagesUrl',
        `${REPO_URL}/raw/main`,
        '--out',
        out,
      ],
      dir,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const files = listVsix(out);
  const unexpected = files.filter((f) => !ALLOWED.test(f.name)).map((f) => f.name);
  if (unexpected.length > 0) throw new Error(`package: unexpected files in ${out}: ${unexpected.join(', ')}`);
  for (const f of files) console.log(`  ${String(f.size).padStart(10)}  ${f.name}`);
  const size = fs.statSync(out).size;
  console.log(`package: ${path.relative(ROOT, out)}: ${(size / 1024 / 1024).toFixed(2)} MiB, ${files.length} files`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
