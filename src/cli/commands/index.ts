import type { AnyCommand } from '../command.js';
import { extractCommand } from './extract.js';
import { statusCommand } from './status.js';

/** Every CLI command, in the order --help lists them. */
export const COMMANDS: readonly AnyCommand[] = [extractCommand, statusCommand];
