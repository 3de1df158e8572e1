import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { describe, expect, it } from 'vitest';
import { skipHelpCache } from '../../src/cli/skip-help-cache.js';

interface UsageProbe {
  getInternalMethods(): { getUsageInstance(): { hasCachedHelpMessage(): boolean } };
}

function parser(): Argv {
  return yargs([])
    .command('go', 'Go somewhere', (sub) => sub.option('far', { type: 'boolean', describe: 'Go far' }), () => undefined)
    .help()
    .exitProcess(false);
}

/** The module files a CLI start loads, through a load hook in the child. */
function modulesLoadedBy(args: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'vtex-migrate-modules-'));
  try {
    const log = join(dir, 'loaded.txt');
    writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`);
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
    writeFileSync(log, '');
    const result = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, 'dist/cli/main.js', ...args], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(0);
    return readFileSync(log, 'utf8').split('\n').filter((line) => line.length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('what a CLI start costs', () => {
  it('yargs no longer renders the command\'s help before running its handler, and --help is unchanged', async () => {
    const plain = parser();
    await plain.parseAsync(['go']);
    // The hook this relies on: if a yargs upgrade drops it, this line says so.
    expect((plain as unknown as UsageProbe).getInternalMethods().getUsageInstance().hasCachedHelpMessage()).toBe(true);

    const skipped = parser();
    skipHelpCache(skipped);
    await skipped.parseAsync(['go']);
    expect((skipped as unknown as UsageProbe).getInternalMethods().getUsageInstance().hasCachedHelpMessage()).toBe(false);

    const helpOf = async (instance: Argv) => {
      let text = '';
      await instance.parseAsync(['go', '--help'], {}, (_error, _argv, output) => {
        text = output;
      });
      return text;
    };
    const withCache = await helpOf(parser());
    const withoutCache = parser();
    skipHelpCache(withoutCache);
    expect(withCache).toContain('--far');
    expect(await helpOf(withoutCache)).toBe(withCache);
  });

  it('extract does not load the sandbox\'s modules; the sandbox command does', () => {
    const extract = modulesLoadedBy(['extract', '--help']);
    expect(extract.some((url) => url.includes('/dist/cli/commands/extract.js'))).toBe(true);
    expect(extract.filter((url) => url.includes('/dist/sandbox/'))).toEqual([]);

    // --print-env derives the keys and exits without serving.
    const sandbox = modulesLoadedBy(['sandbox', '--port', '8123', '--print-env']).filter((url) => url.includes('/dist/sandbox/'));
    expect(sandbox.some((url) => url.endsWith('/dist/sandbox/index.js'))).toBe(true);
  });
});
