import type { CliCommandGroup } from '../command.js';
import { authAddCommand } from './auth/add.js';
import { authCheckCommand } from './auth/check.js';
import { authListCommand } from './auth/list.js';
import { authRemoveCommand } from './auth/remove.js';
import { authRotateCommand } from './auth/rotate.js';

/** `vtex-migrate auth add|list|remove|rotate|check`: credential profiles and what a key may read. */
export const authCommand: CliCommandGroup = {
  command: 'auth',
  describe: 'Manage credential profiles (encrypted vault) and check what a key may read',
  subcommands: [authAddCommand, authListCommand, authRemoveCommand, authRotateCommand, authCheckCommand],
};
