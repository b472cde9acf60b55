/** package.json's contributions stay in sync with the rule metadata and the server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configurationContribution } from '../../server/out/lsp/settings-schema';
import { allMetas } from '../../server/out/rules';
import { ROOT } from '../support/paths';

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    configuration: {
      properties: Record<
        string,
        { scope?: string; description?: string; markdownDescription?: string; properties?: Record<string, unknown> }
      >;
    };
    commands: { command: string; title: string; category?: string }[];
    grammars: { path: string; scopeName: string; injectTo: string[] }[];
  };
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

test('contributes.configuration is generated from the rule metadata (run `node server/out/lsp/settings-schema.js --write`)', () => {
  assert.deepEqual(pkg.contributes.configuration, configurationContribution());
});

test('every rule has a severity setting, every setting a scope and a description', () => {
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(
    Object.keys(props['migrationGuard.rules']!.properties ?? {}).sort(),
    allMetas.map((m) => m.id).sort(),
  );
  for (const name of [
    'migrationGuard.enable',
    'migrationGuard.pgVersion',
    'migrationGuard.transactionMode',
    'migrationGuard.rules',
    'migrationGuard.migrationsGlobs',
    'migrationGuard.trace.server',
  ]) {
    const p = props[name];
    assert.ok(p, name);
    assert.ok(p.scope, `${name} has a scope`);
    assert.ok(p.description ?? p.markdownDescription, `${name} has a description`);
  }
  assert.equal(props['migrationGuard.trace.server']!.scope, 'window');
});

test('commands carry the "Migration Guard" category; the grammar and the entry point exist', () => {
  for (const c of pkg.contributes.commands) assert.equal(c.category, 'Migration Guard', c.command);
  for (const id of ['migrationGuard.restartServer', 'migrationGuard.dryRun', 'migrationGuard.dryRunFile'])
    assert.ok(
      pkg.contributes.commands.some((c) => c.command === id),
      id,
    );
  for (const g of pkg.contributes.grammars) assert.ok(fs.existsSync(path.join(ROOT, g.path)), g.path);
  assert.equal(pkg.main, './client/out/extension.js');
  assert.ok(pkg.activationEvents.includes('onLanguage:sql'));
});
