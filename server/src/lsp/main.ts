/** The standalone server module that the VS Code client spawns (TransportKind.ipc: `--node-ipc`). */
import { startServer } from './server';

startServer();
