import { MigrateError } from '../errors.js';

/**
 * How strictly an app key is checked. `strict` (the default) is the shape every VTEX key in the docs and API
 * examples has, `vtexappkey-{account}-{6 uppercase letters or digits}` (license-manager.json, vtex-id.json);
 * VTEX does not document the shape as a rule, so `loose` (VTEX_MIGRATE_APP_KEY_FORMAT=loose) takes 1 to 64
 * letters or digits after the account, should VTEX ever issue longer keys.
 */
export type AppKeyFormat = 'strict' | 'loose';

const ACCOUNT = '[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?';
const SHAPES: Record<AppKeyFormat, RegExp> = {
  strict: new RegExp(`^vtexappkey-(${ACCOUNT})-[A-Z0-9]{6}$`),
  loose: new RegExp(`^vtexappkey-(${ACCOUNT})-[A-Za-z0-9]{1,64}$`),
};
const WHERE = 'VTEX Admin > Account Settings > API Keys';

export interface AppKey {
  appKey: string;
  /** The account the key was generated in: another account's key can be granted roles in this one. */
  keyAccount: string;
}

/**
 * Checks an app key before anything stores or sends it. `source` names where it came from (`--app-key`,
 * `VTEX_APP_KEY`). A value without the `vtexappkey-` prefix is never quoted back: it may be a token pasted
 * in the wrong place, and an error line ends up in terminals, logs and CI output.
 */
export function validateAppKey(value: string | undefined, source: string, format: AppKeyFormat = 'strict'): AppKey {
  const appKey = value?.trim() ?? '';
  if (appKey === '') {
    throw new MigrateError('USAGE', 'No app key given.', { hint: 'Pass --app-key vtexappkey-{account}-XXXXXX (or set VTEX_APP_KEY).' });
  }
  const match = SHAPES[format].exec(appKey);
  if (match) return { appKey, keyAccount: match[1] ?? '' };
  if (!appKey.startsWith('vtexappkey-')) throw notAKey(appKey, source);
  const quoted = appKey.length > 60 || /\s/.test(appKey) ? '' : ` "${appKey}"`;
  throw new MigrateError('BAD_INPUT', `${source}${quoted} is not an app key of the form vtexappkey-{account}-{6 uppercase letters or digits}.`, {
    hint: `Copy the key exactly as ${WHERE} lists it, e.g. vtexappkey-acme-ABCDEF.`,
  });
}

/** A value with no `vtexappkey-` prefix: said by its length only. */
function notAKey(value: string, source: string): MigrateError {
  const exposed = source.startsWith('--') ? ' It was on the command line, where other users of this machine can see it: if it is your token, renew it in VTEX.' : '';
  if (value.length >= 20) {
    return new MigrateError('BAD_INPUT', `${source} holds ${value.length} characters without the vtexappkey- prefix, which looks like an app token, not an app key (not stored, not shown).`, {
      hint: `Give the key (vtexappkey-{account}-XXXXXX, from ${WHERE}) with ${source}, and the token only through VTEX_APP_TOKEN, --token-stdin or the prompt.${exposed}`,
    });
  }
  return new MigrateError('BAD_INPUT', `${source} does not start with vtexappkey-, so it is not an app key (not shown).`, {
    hint: `Copy the key exactly as ${WHERE} lists it, e.g. vtexappkey-acme-ABCDEF.`,
  });
}
