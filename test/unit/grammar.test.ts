/**
 * Grammar tests: syntaxes/migration-guard.injection.tmLanguage.json injected into VS Code's SQL grammar (a copy of
 * microsoft/vscode-mssql's SQL.plist conversion, MIT, as VS Code 1.100 ships it: test/grammar/sql.tmLanguage.json),
 * tokenized with vscode-textmate + vscode-oniguruma, the engine VS Code uses.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { ROOT } from '../support/paths';

const GRAMMARS: Record<string, string> = {
  'source.sql': path.join(ROOT, 'test', 'grammar', 'sql.tmLanguage.json'),
  'source.sql.migration-guard': path.join(ROOT, 'syntaxes', 'migration-guard.injection.tmLanguage.json'),
};

let sql: textmate.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const file = GRAMMARS[scopeName];
      return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (scopeName === 'source.sql' ? ['source.sql.migration-guard'] : undefined),
  });
  const g = await registry.loadGrammar('source.sql');
  assert.ok(g);
  sql = g;
});

interface Token {
  start: number;
  end: number;
  scopes: string[];
}

/** Tokens of a document, per line, with the line's text. */
function tokenize(text: string): { text: string; tokens: Token[] }[] {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const r = sql.tokenizeLine(line, state);
    state = r.ruleStack;
    return { text: line, tokens: r.tokens.map((t) => ({ start: t.startIndex, end: t.endIndex, scopes: t.scopes })) };
  });
}

/** Every token overlapping the first occurrence of `part` on `line` carries `scope` (or none does, `present` false). */
function expectScope(
  lines: { text: string; tokens: Token[] }[],
  line: number,
  part: string,
  scope: string,
  present = true,
): void {
  const { text, tokens } = lines[line]!;
  const at = text.indexOf(part);
  assert.ok(at >= 0, `line ${line} holds "${part}"`);
  const covering = tokens.filter((t) => t.start < at + part.length && t.end > at);
  for (const t of covering) {
    const has = t.scopes.some((s) => s.split(' ').includes(scope));
    assert.equal(
      has,
      present,
      `"${text.slice(t.start, t.end)}" ${present ? 'lacks' : 'has'} ${scope}: ${t.scopes.join(', ')}`,
    );
  }
}

test('the breakpoint marker is highlighted on its own line and after a statement', () => {
  const lines = tokenize(
    'CREATE TABLE "a" ("id" int);\n--> statement-breakpoint\nALTER TABLE "a" ADD COLUMN "b" text;--> statement-breakpoint',
  );
  expectScope(lines, 1, '-->', 'keyword.operator.breakpoint.migration-guard');
  expectScope(lines, 1, 'statement-breakpoint', 'keyword.control.directive.statement-breakpoint.migration-guard');
  expectScope(lines, 2, 'statement-breakpoint', 'keyword.control.directive.statement-breakpoint.migration-guard');
  expectScope(lines, 2, 'ALTER', 'keyword.other.create.sql');
  expectScope(lines, 2, 'ALTER', 'meta.separator.statement-breakpoint.migration-guard', false);
});

test('ignore comments: directive, rule ids and the reason', () => {
  const lines = tokenize(
    [
      '-- migration-guard-ignore drop-column, index-not-concurrent -- reason: reviewed',
      '-- migration-guard-ignore-file prefer-text',
      '-- squawk-ignore ban-drop-column',
    ].join('\n'),
  );
  expectScope(lines, 0, 'migration-guard-ignore', 'keyword.control.directive.ignore.migration-guard');
  expectScope(lines, 0, 'drop-column', 'constant.other.rule-id.migration-guard');
  expectScope(lines, 0, 'index-not-concurrent', 'constant.other.rule-id.migration-guard');
  expectScope(lines, 0, ',', 'punctuation.separator.rule-ids.migration-guard');
  expectScope(lines, 0, '-- reason: reviewed', 'comment.line.reason.migration-guard');
  expectScope(lines, 0, 'reviewed', 'constant.other.rule-id.migration-guard', false);
  expectScope(lines, 0, 'drop-column', 'comment.line.double-dash.sql');
  expectScope(lines, 1, 'migration-guard-ignore-file', 'keyword.control.directive.ignore.migration-guard');
  expectScope(lines, 1, 'prefer-text', 'constant.other.rule-id.migration-guard');
  expectScope(lines, 2, 'squawk-ignore', 'keyword.control.directive.ignore.migration-guard');
});

test('look-alikes stay plain: other comments, strings, a longer word', () => {
  const lines = tokenize(
    [
      '-- mentions migration-guard-ignore in passing',
      "SELECT '--> statement-breakpoint';",
      '-- migration-guard-ignored drop-column',
      '/* --> statement-breakpoint */',
    ].join('\n'),
  );
  expectScope(
    lines,
    0,
    'mentions migration-guard-ignore in passing',
    'keyword.control.directive.ignore.migration-guard',
    false,
  );
  expectScope(lines, 0, 'mentions migration-guard-ignore in passing', 'comment.line.double-dash.sql');
  expectScope(
    lines,
    1,
    'statement-breakpoint',
    'keyword.control.directive.statement-breakpoint.migration-guard',
    false,
  );
  expectScope(
    lines,
    2,
    'migration-guard-ignored drop-column',
    'keyword.control.directive.ignore.migration-guard',
    false,
  );
  expectScope(
    lines,
    3,
    'statement-breakpoint',
    'keyword.control.directive.statement-breakpoint.migration-guard',
    false,
  );
});
