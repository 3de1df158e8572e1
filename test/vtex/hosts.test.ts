import { describe, expect, it } from 'vitest';
import { familyHost, isAllowedImageUrl } from '../../src/vtex/hosts.js';

describe('familyHost', () => {
  it('sends Pricing to api.vtex.com/{account}, everything else to the account host', () => {
    expect(familyHost('pricing', 'acme')).toEqual({ origin: 'https://api.vtex.com', pathPrefix: '/acme' });
    expect(familyHost('logistics', 'acme')).toEqual({ origin: 'https://acme.vtexcommercestable.com.br', pathPrefix: '' });
    expect(familyHost('catalog', 'acme')).toEqual({ origin: 'https://acme.vtexcommercestable.com.br', pathPrefix: '' });
  });

  it('--base-url replaces the origin and keeps the path', () => {
    expect(familyHost('pricing', 'acme', 'http://127.0.0.1:9000')).toEqual({ origin: 'http://127.0.0.1:9000', pathPrefix: '/acme' });
    expect(familyHost('logistics', 'acme', 'http://127.0.0.1:9000')).toEqual({ origin: 'http://127.0.0.1:9000', pathPrefix: '' });
  });
});

describe('isAllowedImageUrl', () => {
  const allowed = (url: string, baseUrl?: string) => isAllowedImageUrl(new URL(url), 'acme', baseUrl);
  it.each([
    ['https://acme.vteximg.com.br/arquivos/ids/155/a.jpg', true],
    ['https://acme.vtexassets.com/arquivos/ids/155/a.jpg?v=1', true],
    ['https://acme.vtexcommercestable.com.br/arquivos/ids/155/a.jpg', true],
    ['http://acme.vteximg.com.br/arquivos/ids/155/a.jpg', false],
    ['https://vteximg.com.br/arquivos/ids/155', false],
    ['https://acme.vteximg.com.br.evil.example/arquivos/ids/155', false],
    ['https://evil.example/arquivos/ids/155/a.jpg', false],
    ['https://user:pw@acme.vteximg.com.br/a.jpg', false],
    ['https://acme.vteximg.com.br:8443/a.jpg', false],
    ['file:///etc/passwd', false],
    ['http://127.0.0.1:9000/arquivos/ids/1/a.jpg', false],
    ['https://other.vtexcommercestable.com.br/a.jpg', false],
    [`https://acme.vteximg.com.br/arquivos/ids/1/${'a'.repeat(2_100)}.jpg`, false],
  ])('%s -> %s', (url, expected) => {
    expect(allowed(url)).toBe(expected);
  });

  it('allows the --base-url origin only when it is loopback, and only that origin', () => {
    expect(allowed('http://127.0.0.1:9000/arquivos/ids/1/a.jpg', 'http://127.0.0.1:9000')).toBe(true);
    expect(allowed('http://127.0.0.1:9001/arquivos/ids/1/a.jpg', 'http://127.0.0.1:9000')).toBe(false);
    expect(allowed('https://proxy.example.com/arquivos/ids/1/a.jpg', 'https://proxy.example.com')).toBe(false);
    expect(allowed(`http://127.0.0.1:9000/arquivos/ids/1/${'a'.repeat(2_100)}`, 'http://127.0.0.1:9000')).toBe(false);
  });
});
