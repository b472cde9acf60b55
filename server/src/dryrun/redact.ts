/** Passwords never appear in any output: every URL's password, and every secret seen, is masked. */

const secrets = new Set<string>();

/** Remembers a secret so that `redact` masks it wherever it appears (raw and percent-encoded). */
export function addSecret(s: string | undefined): void {
  if (!s) return;
  secrets.add(s);
  try {
    secrets.add(decodeURIComponent(s));
  } catch {
    /* not percent-encoded */
  }
  secrets.add(encodeURIComponent(s));
}

/** Masks the password of every `scheme://user:password@host` URL in `text`, and every remembered secret. */
export function redact(text: string): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^@\s/]*)@/gi, '$1***@');
  out = out.replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** A URL for display: the password masked. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return redact(u.toString());
  } catch {
    return redact(url);
  }
}
