import { validateAccount } from '../config/validate.js';

/** https://{account}.vtexcommercestable.com.br, or the validated --base-url (FACTS.md "Hosts and auth"). */
export function apiOrigin(account: string, baseUrl?: string): string {
  if (baseUrl) return baseUrl;
  return `https://${validateAccount(account, 'account')}.vtexcommercestable.com.br`;
}
