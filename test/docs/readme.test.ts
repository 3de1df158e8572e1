import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { API_FAMILIES } from '../../src/vtex/pacing.js';
import { runCli } from '../helpers/run-cli.js';
import { extract, stagingFile, useSandboxes } from '../e2e/harness.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const sandboxes = useSandboxes();

/** The fenced blocks of a language, in order. */
function blocks(language: string): string[] {
  return [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1] ?? '');
}

/** The rows of the markdown table under a heading, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = README.indexOf(`${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const lines = README.slice(start).split('\n').slice(1);
  const first = lines.findIndex((line) => line.startsWith('|'));
  const table = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    table.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return table;
}

describe('README, true to the tool', () => {
  it('lists every exit code the CLI uses, and no other', () => {
    const documented = tableAfter('### Exit codes').map((row) => Number(row[0])).sort((a, b) => a - b);
    expect(documented).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  });

  it('names every --max-rpm family the CLI accepts', () => {
    const paragraph = README.slice(README.indexOf('`--max-rpm N` (or `FAMILY=N`'), README.indexOf('`--concurrency` caps'));
    for (const family of API_FAMILIES) expect(paragraph, family).toContain(`\`${family}\``);
  });

  it('lists in its Commands table every command of --help, and only those', async () => {
    const help = await runCli(['--help']);
    const commands = [...help.stdout.matchAll(/^ {2}vtex-migrate (\w+)/gm)].map((match) => match[1]).sort();
    const documented = [...new Set(tableAfter('## Commands').map((row) => /^`(\w+)/.exec(row[0] ?? '')?.[1]))].sort();
    expect(documented).toEqual(commands);
  });

  describe('the Python examples run as printed', () => {
    let cwd = '';
    let file = '';
    beforeAll(async () => {
      cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-readme-'));
      const sandbox = await sandboxes({ products: 20, customers: 30, orders: 120 });
      expect((await extract(['--quiet', '--skip-check'], sandbox, cwd)).code).toBe(0);
      file = stagingFile(cwd);
    }, 120_000);
    afterAll(() => rmSync(cwd, { recursive: true, force: true }));

    it('the views example (standard library only) returns the top items of invoiced orders', () => {
      const example = blocks('python').find((block) => block.includes('import sqlite3\n'));
      expect(example).toBeDefined();
      // As printed, but the last expression's value printed as JSON (a notebook would show it).
      const script = `import json\n${(example ?? '').replace('output/acme/staging.sqlite', file).trimEnd().replace(/\n(con\.execute[\s\S]*)$/, '\nprint(json.dumps($1))')}\n`;
      const printed = JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8' })) as Array<[string, number]>;
      const expected = JSON.parse(execFileSync('sqlite3', ['-json', file,
        "SELECT i.name, sum(i.quantity) AS n FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.status = 'invoiced' GROUP BY i.name ORDER BY 2 DESC LIMIT 10"], { encoding: 'utf8' }) || '[]') as Array<{ n: number }>;
      expect(expected.length).toBeGreaterThan(0);
      expect(printed.map(([, n]) => n)).toEqual(expected.map((row) => row.n));
    });
  });
});
