/** The user's cache folder for Migration Guard: $MG_CACHE, else the platform's cache directory. */
import * as os from 'node:os';
import * as path from 'node:path';

export function cacheDir(): string {
  if (process.env.MG_CACHE) return path.resolve(process.env.MG_CACHE);
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'migration-guard', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'migration-guard');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'migration-guard');
}
