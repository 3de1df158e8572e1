#!/usr/bin/env node
import { limitHeapGrowth } from './heap-growth.js';
import { runCli } from './run-cli.js';
import { handleStopSignals } from './signals.js';

limitHeapGrowth();
const controller = new AbortController();
handleStopSignals(controller, process.stderr);

const exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signal: controller.signal,
});
process.exitCode = exitCode;
