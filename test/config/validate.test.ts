import { describe, expect, it } from 'vitest';
import { validateAccount, validateBaseUrl } from '../../src/config/validate.js';

describe('validateAccount', () => {
  it.each(['acme', 'acme-store', 'store2', 'a'])('accepts %s', (name) => expect(validateAccount(name, 'x')).toBe(name));
  it.each(['Acme', 'acme.evil.com', 'acme/x', '', '-acme', 'acme-', 'acme_store', 'acme store', 'evil.com#', 'a'.repeat(65)])(
    'refuses %j',
    (name) => expect(() => validateAccount(name, '--account')).toThrow(/is not a VTEX account name/),
  );
});

describe('validateBaseUrl', () => {
  it.each([
    ['https://proxy.example.com', 'https://proxy.example.com'],
    ['https://proxy.example.com/', 'https://proxy.example.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
  ])('accepts %s', (url, origin) => expect(validateBaseUrl(url, '--base-url')).toBe(origin));

  it.each([
    ['not a url', /is not a URL/],
    ['ftp://example.com', /must use https/],
    ['http://example.com', /plain http to example\.com/],
    ['http://10.0.0.1:80', /plain http to 10\.0\.0\.1/],
    ['https://user:pw@example.com', /must not contain a user name or password/],
    ['https://example.com/api', /must be an origin without a path/],
    ['https://example.com/?a=1', /must be an origin without a path/],
  ])('refuses %s', (url, message) => expect(() => validateBaseUrl(url, '--base-url')).toThrow(message));
});
