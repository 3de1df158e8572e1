import { describe, expect, it } from 'vitest';
import { userIdFromJwt } from '../../src/credentials/jwt-claims.js';
import { leastPrivilegeWarnings } from '../../src/credentials/least-privilege.js';
import { maskAppKey } from '../../src/credentials/mask-app-key.js';
import { probeVerdict } from '../../src/credentials/probe-status.js';
import type { ProbeOutcome } from '../../src/credentials/probe-status.js';
import { rotationDue, tokenAgeDays, tokenAgeWarning } from '../../src/credentials/rotation.js';
import type { Entity } from '../../src/credentials/requirements.js';

describe('probeVerdict', () => {
  it.each<[ProbeOutcome, string, string | undefined, boolean]>([
    [{ kind: 'answered', httpStatus: 200 }, 'granted', undefined, false],
    [{ kind: 'answered', httpStatus: 206 }, 'granted', undefined, false],
    [{ kind: 'answered', httpStatus: 403 }, 'missing', undefined, false],
    [{ kind: 'answered', httpStatus: 401 }, 'missing', 'HTTP 401 although the login succeeded: this API refuses the key', false],
    [{ kind: 'answered', httpStatus: 404 }, 'unknown', 'HTTP 404: the probed record was not found, so the permission could not be decided', true],
    [{ kind: 'answered', httpStatus: 400 }, 'unknown', 'unexpected HTTP 400', true],
    [{ kind: 'failed', httpStatus: 503, detail: 'GET /x failed with HTTP 503' }, 'unknown', 'probe failed: GET /x failed with HTTP 503', true],
    [{ kind: 'not-probed', reason: 'needs a record from "list orders", which returned no record to read' }, 'not-probed', 'needs a record from "list orders", which returned no record to read', false],
  ])('%j -> %s', (outcome, status, note, failed) => {
    expect(probeVerdict(outcome)).toEqual({ status, ...(note ? { note } : {}), failed });
  });
});

describe('leastPrivilegeWarnings', () => {
  it.each<[string[], Entity[], string[]]>([
    [['Owner (Admin Super)', 'Call center operator'], ['products'], ['Owner (Admin Super)']],
    [['Migration - Catalog read', 'OMS - Full access'], ['products', 'customers', 'orders'], []],
    [['Migration - Catalog read', 'OMS - Full access'], ['products'], ['OMS - Full access']],
    [['Store Administrator', 'Master Data administrator', 'superuser'], ['customers'], ['Store Administrator', 'Master Data administrator', 'superuser']],
    [['Checkout full-access', 'All permissions'], ['orders'], ['Checkout full-access', 'All permissions']],
    [['Migration - Read own roles', 'Read only'], ['orders'], []],
  ])('%j for %j flags %j', (roles, entities, flagged) => {
    const warnings = leastPrivilegeWarnings(roles, entities);
    expect(warnings.map((warning) => /^Role "(.*?)" grants far more/.exec(warning)?.[1])).toEqual(flagged);
  });

  it('says what to do', () => {
    expect(leastPrivilegeWarnings(['Owner (Admin Super)'], ['products', 'orders'])).toEqual([
      'Role "Owner (Admin Super)" grants far more than reading products, orders needs. Least privilege: give this key a role with only the resources in the table, and remove "Owner (Admin Super)" from it.',
    ]);
  });
});

describe('rotation', () => {
  const now = new Date('2026-11-26T12:00:00.000Z');
  it.each<[string, number, boolean]>([
    ['2026-11-26T11:00:00.000Z', 0, false],
    ['2026-11-25T12:00:00.000Z', 1, false],
    ['2026-08-28T12:00:00.000Z', 90, false],
    ['2026-08-27T12:00:00.000Z', 91, true],
    ['2025-11-26T12:00:00.000Z', 365, true],
    ['2026-12-01T00:00:00.000Z', 0, false],
  ])('stored %s: %i days, due %s', (rotatedAt, days, due) => {
    expect(tokenAgeDays(rotatedAt, now)).toBe(days);
    expect(rotationDue(rotatedAt, now, 90)).toBe(due);
  });

  it('warns only past the limit, and only with a date', () => {
    expect(tokenAgeWarning({ profile: 'acme', rotatedAt: '2026-08-27T12:00:00.000Z' }, now, 90)).toBe(
      'The token of profile "acme" is 91 days old (more than 90). VTEX recommends rotating tokens about every three months: renew it in VTEX, then run `vtex-migrate auth rotate acme`.',
    );
    expect(tokenAgeWarning({ profile: 'acme', rotatedAt: '2026-08-27T12:00:00.000Z' }, now, 120)).toBeUndefined();
    expect(tokenAgeWarning({ profile: 'acme', rotatedAt: '2026-11-01T12:00:00.000Z' }, now, 7)).toMatch(/is 25 days old \(more than 7\)/);
    expect(tokenAgeWarning({}, now, 1)).toBeUndefined();
  });
});

describe('userIdFromJwt', () => {
  const jwt = (payload: unknown) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
  it.each<[string, string | undefined]>([
    [jwt({ sub: 'vtexappkey-acme-X', account: 'acme', userId: '3923a2e2-1f17-4cbc-8c57-d78ad6e1a566' }), '3923a2e2-1f17-4cbc-8c57-d78ad6e1a566'],
    [jwt({ sub: 'x' }), undefined],
    [jwt({ userId: 42 }), undefined],
    [jwt({ userId: '' }), undefined],
    ['not-a-jwt', undefined],
    ['a.b$c.d', undefined],
    [`x.${Buffer.from('{broken').toString('base64url')}.y`, undefined],
  ])('%s -> %s', (token, userId) => {
    expect(userIdFromJwt(token)).toBe(userId);
  });
});

describe('maskAppKey', () => {
  it.each<[string, string]>([
    ['vtexappkey-acme-ABCDEF', 'vtexappkey-acme-**CDEF'],
    ['vtexappkey-sandbox-FULLRD', 'vtexappkey-sandbox-**LLRD'],
    ['vtexappkey-sandbox-ROLERD', 'vtexappkey-sandbox-**LERD'],
    ['vtexappkey-acme-ABCDEFGH', 'vtexappkey-acme-****EFGH'],
    ['vtexappkey-my-store-QWERTYUIOP', 'vtexappkey-my-store-******UIOP'],
    ['vtexappkey-acme-ABC', 'vtexappkey-acme-****'],
    ['PLAINTOKENPLAINTOKENPLAINTOKEN', '********'],
    ['abc', '********'],
  ])('%s -> %s', (appKey, masked) => {
    expect(maskAppKey(appKey)).toBe(masked);
  });
});
