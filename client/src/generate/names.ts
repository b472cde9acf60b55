/** Validation of the migration name typed by the user (vscode-free). */

/** drizzle-kit appends the name to the file name: letters, digits, `_` and `-` only, so nothing needs quoting. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const NAME_MAX = 60;

/** undefined when the name is usable, else why not (shown under the input box). */
export function validateMigrationName(name: string): string | undefined {
  if (name.length === 0) return 'Type a name, e.g. add_orders_status.';
  if (name.length > NAME_MAX) return `At most ${NAME_MAX} characters.`;
  if (/\s/.test(name)) return 'No spaces: use _ or - between words.';
  if (!NAME_PATTERN.test(name)) return 'Only letters, digits, _ and - (starting with a letter or digit).';
  return undefined;
}
