/** Writes (or checks) every generated document: docs/rules/*.md, the config schema, the README's generated sections. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allMetas } from '../rules';
import { renderConfigReference, renderConfigSchema, renderRulePage, renderRulesTable } from './render';

export interface GeneratedFile {
  file: string;
  content: string;
}

function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} section`);
  return text.slice(0, a + start.length) + '\n' + body + '\n' + text.slice(b);
}

export function generatedFiles(root: string): GeneratedFile[] {
  const out: GeneratedFile[] = allMetas.map((m) => ({
    file: path.join(root, 'docs', 'rules', `${m.id}.md`),
    content: renderRulePage(m),
  }));
  out.push({
    file: path.join(root, 'schemas', 'migration-guard.schema.json'),
    content: JSON.stringify(renderConfigSchema(), null, 2) + '\n',
  });
  const readmeFile = path.join(root, 'README.md');
  let readme = fs.readFileSync(readmeFile, 'utf8');
  readme = replaceSection(readme, 'rules-table', renderRulesTable());
  readme = replaceSection(readme, 'config-reference', renderConfigReference());
  out.push({ file: readmeFile, content: readme });
  return out;
}

/** Files whose content on disk differs from what the metadata generates. */
export function staleFiles(root: string): string[] {
  return generatedFiles(root)
    .filter((g) => !fs.existsSync(g.file) || fs.readFileSync(g.file, 'utf8') !== g.content)
    .map((g) => path.relative(root, g.file));
}

export function writeGenerated(root: string): string[] {
  const written: string[] = [];
  for (const g of generatedFiles(root)) {
    if (fs.existsSync(g.file) && fs.readFileSync(g.file, 'utf8') === g.content) continue;
    fs.mkdirSync(path.dirname(g.file), { recursive: true });
    fs.writeFileSync(g.file, g.content);
    written.push(path.relative(root, g.file));
  }
  const known = new Set(allMetas.map((m) => `${m.id}.md`));
  const dir = path.join(root, 'docs', 'rules');
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.md') && !known.has(f)) {
      fs.rmSync(path.join(dir, f));
      written.push(`removed docs/rules/${f}`);
    }
  }
  return written;
}
