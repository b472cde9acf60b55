/** Starts the engine a run asked for; every engine registers its own cleanup (end, failure, cancel). */
import { EngineError } from '../errors';
import type { Engine, EngineKind, EngineOptions } from '../types';

export async function startEngine(kind: EngineKind, options: EngineOptions): Promise<Engine> {
  switch (kind) {
    case 'pglite':
      return (await import('./pglite.js')).startPglite(options);
    case 'postgres':
      return (await import('./postgres.js')).startPostgres(options);
    case 'docker':
      return (await import('./docker.js')).startDocker(options);
    case 'url':
      return (await import('./url.js')).startUrl(options);
    default:
      throw new EngineError(`unknown engine "${String(kind)}" (use pglite, postgres, docker or url)`);
  }
}
