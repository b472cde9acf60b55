/** The lint worker thread: a LocalHost driven by messages (see worker-protocol.ts). */
import { parentPort } from 'node:worker_threads';
import { loadParser } from '../engine/parse';
import { LocalHost } from './engine-host';
import type { FromWorker, ToWorker } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread of the language server');

const host = new LocalHost();
const ready = loadParser();

function reply(msg: FromWorker): void {
  port!.postMessage(msg);
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'latest':
      host.latest(msg.uri, msg.version);
      return;
    case 'drop':
      host.drop(msg.uri);
      return;
    case 'invalidate':
      host.invalidate(msg.files);
      return;
    case 'lint':
    case 'feature':
      try {
        await ready;
        const result =
          msg.type === 'lint'
            ? await host.lint(msg.job, msg.warm)
            : await host.feature(msg.uri, msg.name, msg.params as never);
        reply({ type: 'result', id: msg.id, result: result ?? null });
      } catch (e) {
        reply({ type: 'error', id: msg.id, message: (e as Error).stack ?? String(e) });
      }
  }
}

port.on('message', (msg: ToWorker) => void handle(msg));
