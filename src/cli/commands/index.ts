import type { AnyCommand } from '../command.js';
import { authCommand } from './auth.js';
import { extractCommand } from './extract.js';
import { exportCommand } from './export.js';
import { demoCommand } from './demo.js';
import { statusCommand } from './status.js';
import { sandboxCommand } from './sandbox.js';

/** Every CLI command, in the order --help lists them. */
export const COMMANDS: readonly AnyCommand[] = [authCommand, extractCommand, statusCommand, exportCommand, demoCommand, sandboxCommand];
