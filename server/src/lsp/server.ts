/** Language server entry point (filled in by the language-server work). */
export function startServer(): void {
  throw new Error('the language server is not built yet');
}
