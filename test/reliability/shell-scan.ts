/** Finds shell strings in source: child_process exec/execSync, `shell:` options, spawning a shell with -c. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Hit {
  file: string;
  line: number;
  text: string;
  why: string;
}

const PATTERNS: [RegExp, string][] = [
  [/\bshell\s*:(?!\s*false\b)/, 'a `shell:` option other than false'],
  [
    /import\s*\{[^}]*\b(exec|execSync)\b(?!File)[^}]*\}\s*from\s*['"](node:)?child_process['"]/,
    'imports exec/execSync',
  ],
  [/\b(child_process|cp|childProcess)\.(exec|execSync)\s*\(/, 'calls child_process.exec/execSync'],
  [/require\(\s*['"](node:)?child_process['"]\s*\)\.(exec|execSync)\b/, 'requires exec/execSync'],
  [
    /\b(spawn|spawnSync|execFile|execFileSync)\(\s*['"](\/bin\/)?(sh|bash|zsh|cmd(\.exe)?|powershell)['"]/,
    'spawns a shell',
  ],
  [/\bnew\s+(vscode\.)?ShellExecution\b/, 'a VS Code ShellExecution'],
  [/\.sendText\(/, 'types into a terminal'],
];

function sources(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'out') sources(p, out);
    } else if (/\.(ts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

export function scan(dirs: string[]): { files: number; hits: Hit[] } {
  const files = dirs.flatMap((d) => sources(d));
  const hits: Hit[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    // Multi-line imports: match on the whole text, report the line of the match.
    for (const [re, why] of PATTERNS) {
      const global = new RegExp(re.source, 'g');
      for (let m = global.exec(text); m; m = global.exec(text)) {
        const line = text.slice(0, m.index).split('\n').length;
        hits.push({ file, line, text: text.split('\n')[line - 1]!.trim(), why });
      }
    }
  }
  return { files: files.length, hits };
}
