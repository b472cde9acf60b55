/** Where the project lives and where each rule's documentation page is. */
export const HOMEPAGE = 'https://github.com/migration-guard/migration-guard';
export const TOOL_NAME = 'migration-guard';

export function docsUrl(ruleId: string): string {
  return `${HOMEPAGE}/blob/main/docs/rules/${ruleId}.md`;
}

export function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../package.json') as { version: string }).version;
}
