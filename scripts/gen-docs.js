#!/usr/bin/env node
// Regenerates docs/rules/*.md, schemas/migration-guard.schema.json and the README's generated sections from the
// rule metadata. `--check` exits 1 when any of them is stale. Run after `npm run build`.
'use strict';
const path = require('node:path');
const { staleFiles, writeGenerated } = require('../server/out/docs/generate.js');

const root = path.resolve(__dirname, '..');
if (process.argv.includes('--check')) {
  const stale = staleFiles(root);
  if (stale.length) {
    console.error(`Generated docs are stale (run \`npm run docs\`):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log('Generated docs are up to date.');
} else {
  const written = writeGenerated(root);
  console.log(written.length ? `Wrote:\n  ${written.join('\n  ')}` : 'Nothing to regenerate.');
}
