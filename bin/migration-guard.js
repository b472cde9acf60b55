#!/usr/bin/env node
'use strict';
/*
 * The `migration-guard` command. An installed package runs the esbuild bundle (dist/cli.js, which runs itself). A
 * development checkout (server/src present) runs the tsc output, so that a stale dist/ never shadows a fresh build;
 * MIGRATION_GUARD_BUNDLE=1 makes it run the bundle too.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli.js');
const built = path.join(root, 'server', 'out', 'cli', 'main.js');
const checkout = fs.existsSync(path.join(root, 'server', 'src'));

if (fs.existsSync(bundle) && (!checkout || process.env.MIGRATION_GUARD_BUNDLE === '1' || !fs.existsSync(built))) {
  require(bundle);
} else if (fs.existsSync(built)) {
  require(built).run();
} else {
  process.stderr.write(`migration-guard: neither ${bundle} nor ${built} exists: run \`npm run build\` first\n`);
  process.exitCode = 2;
}
