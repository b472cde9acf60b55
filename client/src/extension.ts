/** VS Code entry point (the language client is wired in by the language-server work). */
export function activate(): void {}

export function deactivate(): void {}
