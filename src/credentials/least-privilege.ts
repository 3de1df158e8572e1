import type { Entity } from './requirements.js';
import { expectedRoles } from './requirements.js';

/** Role names that promise far more than reading: administration, ownership, full access. */
const BROAD_ROLE = /admin|owner|super ?user|full[ -]access|all access|all permissions/i;

/**
 * Least privilege: a warning for each role whose name says it grants far more than a run of `entities`
 * needs. A predefined role that is the documented way to grant a needed resource ("OMS - Full access" holds
 * List Orders, which no read-only predefined role has) is not flagged when its entity is part of the run.
 */
export function leastPrivilegeWarnings(roles: readonly string[], entities: readonly Entity[]): string[] {
  const expected = expectedRoles(entities);
  return roles
    .filter((role) => BROAD_ROLE.test(role) && !expected.has(role))
    .map(
      (role) =>
        `Role "${role}" grants far more than reading ${entities.join(', ')} needs. Least privilege: give this key a role with only the resources in the table, and remove "${role}" from it.`,
    );
}
