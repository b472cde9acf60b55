/** Output formats of `migration-guard check`: text, json, sarif (2.1.0) and GitHub workflow annotations. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allMetas } from '../rules';
import { LineIndex } from '../engine/text';
import type { Finding, Severity } from '../engine/types';
import type { CheckedFile } from './collect';
import { docsUrl, HOMEPAGE, TOOL_NAME, version } from './meta';

export type CheckFormat = 'text' | 'json' | 'sarif' | 'github';
export const CHECK_FORMATS: CheckFormat[] = ['text', 'json', 'sarif', 'github'];

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(files: CheckedFile[]): Summary {
  const s: Summary = { files: files.length, errors: 0, warnings: 0, infos: 0 };
  for (const f of files)
    for (const d of f.findings) {
      if (d.severity === 'error') s.errors++;
      else if (d.severity === 'warning') s.warnings++;
      else s.infos++;
    }
  return s;
}

function sortFindings(list: Finding[]): Finding[] {
  return [...list].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

export function formatJson(files: CheckedFile[]): string {
  const out = {
    version: 1,
    files: files.map((f) => ({
      path: f.display,
      diagnostics: sortFindings(f.findings).map((d) => ({
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        help: d.help,
        range: d.range,
        fixable: d.fixable,
      })),
    })),
    summary: summarize(files),
  };
  // Compact: this output is for programs, and a large run's indented JSON costs more to write than to lint.
  return JSON.stringify(out) + '\n';
}

function sourceLines(display: string, cwd: string, stdinText?: string): LineIndex | undefined {
  try {
    return new LineIndex(stdinText ?? fs.readFileSync(path.resolve(cwd, display), 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

export function formatText(files: CheckedFile[], cwd: string, stdinText?: string): string {
  const parts: string[] = [];
  for (const f of files) {
    if (f.findings.length === 0) continue;
    const lines = sourceLines(f.display, cwd, stdinText);
    for (const d of sortFindings(f.findings)) {
      const { line, character } = d.range.start;
      parts.push(`${f.display}:${line + 1}:${character + 1}: ${d.severity} [${d.rule}] ${d.message}`);
      const src = lines?.lineText(line);
      if (src !== undefined && src.trim() !== '') {
        const width =
          d.range.end.line === line
            ? Math.max(1, d.range.end.character - character)
            : Math.max(1, src.length - character);
        const gutter = String(line + 1);
        parts.push(`  ${gutter} | ${src}`);
        parts.push(
          `  ${' '.repeat(gutter.length)} | ${' '.repeat(character)}${'^'.repeat(Math.min(width, Math.max(1, src.length - character)))}`,
        );
      }
      parts.push(`  help: ${d.help}`);
      parts.push('');
    }
  }
  const s = summarize(files);
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  parts.push(
    `${plural(s.files, 'file')} checked: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}.`,
  );
  return parts.join('\n') + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(files: CheckedFile[]): string {
  const rules = allMetas.map((m) => ({
    id: m.id,
    shortDescription: { text: m.summary },
    fullDescription: { text: m.docs.whatItDoes },
    helpUri: docsUrl(m.id),
    help: { text: m.docs.whyBad },
    defaultConfiguration: { level: SARIF_LEVEL[m.severity], enabled: m.enabledByDefault },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = files.flatMap((f) =>
    sortFindings(f.findings).map((d) => ({
      ruleId: d.rule,
      ruleIndex: index.get(d.rule) ?? 0,
      level: SARIF_LEVEL[d.severity],
      message: { text: `${d.message}\n${d.help}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.display.split(path.sep).join('/') },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: version(), informationUri: HOMEPAGE, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(files: CheckedFile[]): string {
  const GH: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
  const lines: string[] = [];
  for (const f of files)
    for (const d of sortFindings(f.findings)) {
      const props = [
        `file=${escapeProperty(f.display.split(path.sep).join('/'))}`,
        `line=${d.range.start.line + 1}`,
        `col=${d.range.start.character + 1}`,
        `endLine=${d.range.end.line + 1}`,
        `endColumn=${d.range.end.character + 1}`,
        `title=${escapeProperty(`${TOOL_NAME}(${d.rule})`)}`,
      ];
      lines.push(`::${GH[d.severity]} ${props.join(',')}::${escapeData(`${d.message}\n${d.help}`)}`);
    }
  return lines.length ? lines.join('\n') + '\n' : '';
}
