import { MigrateError } from '../../../errors.js';

/** An app key is an identifier like `vtexappkey-acme-ABCDEF`: one word, no link, no token-sized blob. */
export function validateAppKey(value: string | undefined): string {
  const appKey = value?.trim() ?? '';
  if (appKey === '') {
    throw new MigrateError('USAGE', 'No app key given.', { hint: 'Pass --app-key vtexappkey-... (or set VTEX_APP_KEY).' });
  }
  if (/\s/.test(appKey) || appKey.length > 200 || /:\/\//.test(appKey)) {
    throw new MigrateError('BAD_INPUT', 'The app key is not one word of at most 200 characters.', {
      hint: 'Copy the app key (vtexappkey-{account}-XXXXXX) from Account settings > Account management > Application keys.',
    });
  }
  return appKey;
}
