#!/usr/bin/env node
/**
 * `npm run bundle` (after `npm run build`): esbuild bundles the tsc output into dist/, the files the .vsix and the
 * npm package ship:
 *   dist/client.js      the VS Code extension (client/out/extension.js; `vscode` stays external)
 *   dist/server.js      the language server the client spawns (server/out/lsp/main.js)
 *   dist/worker.js      the language server's lint worker for huge documents (found as `${__dirname}/worker.js`)
 *   dist/cli.js         the `migration-guard` command line, runs itself (server/out/cli/main.js + run())
 *   dist/cli-worker.js  the CLI's lint worker thread (server/src/cli/parallel.ts looks for it beside itself)
 * plus the assets the WASM loaders read from the bundle's own folder: libpg-query.wasm (the parser) and PGlite's
 * pglite.wasm, pglite.data and initdb.wasm (the dry-run engine). Options: --sourcemap (external .map files),
 * --quiet. Prints each output's size.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/** Entry points: [output name, tsc output, runs itself?]. */
const ENTRIES = [
  ['client', 'client/out/extension.js', false],
  ['server', 'server/out/lsp/main.js', false],
  ['worker', 'server/out/lsp/worker.js', false],
  ['cli', 'server/out/cli/main.js', true],
  ['cli-worker', 'server/out/cli/worker.js', false],
];

function packageDir(name) {
  let dir = path.dirname(require.resolve(name, { paths: [ROOT] }));
  while (!fs.existsSync(path.join(dir, 'package.json')) || readJson(path.join(dir, 'package.json')).name !== name) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`bundle: cannot find the package folder of ${name}`);
    dir = up;
  }
  return dir;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** [source, name in dist/]: read at run time from the bundle's own folder (FACTS.md). */
function assets() {
  const pgQuery = packageDir('libpg-query');
  const pglite = path.join(packageDir('@electric-sql/pglite'), 'dist');
  return [
    [path.join(pgQuery, 'wasm', 'libpg-query.wasm'), 'libpg-query.wasm'],
    [path.join(pglite, 'pglite.wasm'), 'pglite.wasm'],
    [path.join(pglite, 'pglite.data'), 'pglite.data'],
    [path.join(pglite, 'initdb.wasm'), 'initdb.wasm'],
  ];
}

/**
 * The dry-run engine keys its cached data directory by PGlite's version, read from PGlite's package.json at run
 * time; the .vsix has no node_modules, so the bundle gets the version it was built with instead.
 */
function pgliteVersionPlugin() {
  const version = readJson(path.join(packageDir('@electric-sql/pglite'), 'package.json')).version;
  const file = /[\\/]server[\\/]out[\\/]dryrun[\\/]engines[\\/]pglite\.js$/;
  return {
    name: 'pglite-version',
    setup(build) {
      build.onLoad({ filter: file }, (args) => {
        const text = fs.readFileSync(args.path, 'utf8');
        const marker = 'let versionCache;';
        if (!text.includes(marker))
          throw new Error(
            `bundle: "${marker}" not found in ${args.path}: update pgliteVersionPlugin in scripts/bundle.js`,
          );
        return { contents: text.replace(marker, `let versionCache = ${JSON.stringify(version)};`), loader: 'js' };
      });
    },
  };
}

function entryOptions(name, source, runsItself) {
  const file = path.join(ROOT, source);
  if (!fs.existsSync(file)) throw new Error(`bundle: ${source} is missing: run \`npm run build\` first`);
  const common = { outfile: path.join(DIST, `${name}.js`) };
  if (!runsItself) return { ...common, entryPoints: [file] };
  return {
    ...common,
    stdin: { contents: `require(${JSON.stringify('./' + source)}).run();`, resolveDir: ROOT, sourcefile: `${name}.js` },
  };
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

async function bundle({ sourcemap = false, quiet = false } = {}) {
  const started = Date.now();
  fs.rmSync(DIST, { recursive: true, force: true });
  fs.mkdirSync(DIST, { recursive: true });
  const plugin = pgliteVersionPlugin();
  await Promise.all(
    ENTRIES.map(([name, source, runsItself]) =>
      esbuild.build({
        ...entryOptions(name, source, runsItself),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode'],
        // ESM entries first: the UMD build of jsonc-parser (its `main`) hides its requires from esbuild.
        mainFields: ['module', 'main'],
        minifySyntax: true,
        minifyWhitespace: true,
        sourcemap: sourcemap ? 'external' : false,
        legalComments: 'none',
        logLevel: 'error',
        plugins: [plugin],
      }),
    ),
  );
  for (const [from, name] of assets()) fs.copyFileSync(from, path.join(DIST, name));
  const files = fs.readdirSync(DIST).sort();
  if (!quiet) {
    let total = 0;
    for (const f of files) {
      const size = fs.statSync(path.join(DIST, f)).size;
      total += size;
      console.log(`  dist/${f.padEnd(20)} ${kib(size).padStart(10)}`);
    }
    console.log(`bundle: ${files.length} files, ${kib(total)}, in ${Date.now() - started} ms`);
  }
  return files;
}

module.exports = { bundle, DIST };

if (require.main === module) {
  const args = process.argv.slice(2);
  bundle({ sourcemap: args.includes('--sourcemap'), quiet: args.includes('--quiet') }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
