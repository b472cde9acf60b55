/**
 * The same proof on a real PostgreSQL server (the newest local binaries; scenarios for a newer version than the
 * server are skipped with the reason). Skipped as a whole, with the reason, where no server can run.
 */
import { after, before, test } from 'node:test';
import { loadParser } from '../../server/out/engine/parse';
import { BASE, SCENARIOS, SEED } from './scenarios';
import { cleanup } from './support';
import { postgresEngine, postgresUnavailable, type RealServer } from './postgres';
import { proveOnDatabase, rewriteAndLint } from './proof';

const why = postgresUnavailable();
let server: RealServer | undefined;

before(async () => {
  await loadParser();
  if (!why) server = await postgresEngine([BASE], SEED);
});
after(async () => {
  await server?.stop();
  cleanup();
});

for (const s of SCENARIOS)
  test(`postgres: ${s.rule}: ${s.name}`, { skip: why }, async (t) => {
    if ((s.pgVersion ?? 0) > server!.major) {
      t.skip(`needs PostgreSQL ${s.pgVersion}; the server is ${server!.major}`);
      return;
    }
    await proveOnDatabase(server!, s, rewriteAndLint(s));
  });
