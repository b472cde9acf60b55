/** The drizzle-kit commands: Generate Migration, Generate Custom Migration, Check Migrations Folder. */
import { checkMigrationsFolder } from './check';
import type { Uri } from 'vscode';
import type { Outcome } from './detect';
import { generate, type GenerateOptions } from './generate';

export { checkMigrationsFolder };

/** The outcome is the command's result (executeCommand returns it), undefined when cancelled. */
export function generateMigration(opts?: GenerateOptions | Uri): Promise<Outcome | undefined> {
  return generate(false, opts);
}

export function generateCustomMigration(opts?: GenerateOptions | Uri): Promise<Outcome | undefined> {
  return generate(true, opts);
}
