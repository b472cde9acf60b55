/** The standalone server module that the VS Code client spawns (TransportKind.stdio: `--stdio`). */
import { startServer } from './server';

startServer();
