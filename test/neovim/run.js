#!/usr/bin/env node
// `npm run test:neovim`: runs attach.lua in a headless Neovim against the built server and checks what it printed.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const file = process.argv[2] ?? path.join(ROOT, 'examples', 'shop', 'drizzle', '0002_rename_name.sql');
const nvim = process.env.MG_NVIM ?? 'nvim';

const res = spawnSync(nvim, ['--headless', '--clean', '-n', '-c', `luafile ${path.join(__dirname, 'attach.lua')}`], {
  env: {
    ...process.env,
    MG_NODE: process.execPath,
    MG_CLI: path.join(ROOT, 'bin', 'migration-guard.js'),
    MG_FILE: file,
  },
  encoding: 'utf8',
  timeout: 60_000,
});
if (res.error) {
  console.error(`cannot run ${nvim}: ${res.error.message} (Debian: apt-get install neovim)`);
  process.exit(2);
}
const output = `${res.stdout}${res.stderr}`.replace(/\r/g, '');
process.stdout.write(output);
const checks = [
  ['Neovim exited 0', res.status === 0],
  ['index-not-concurrent reported on line 2', /^2:1 warning \[index-not-concurrent\] /m.test(output)],
  ['missing-lock-timeout reported', /\[missing-lock-timeout\]/.test(output)],
  ['hover names the statement', /^hover: \*\*ALTER TABLE users\*\*/m.test(output)],
];
let failed = 0;
for (const [name, ok] of checks) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (!ok) failed++;
}
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
