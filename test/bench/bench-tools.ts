import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH } from '../helpers/run-cli.js';

export interface SandboxProcess {
  url: string;
  keys: Array<{ name: string; appKey: string; appToken: string }>;
  stop(): Promise<void>;
}

/** Starts `vtex-migrate sandbox --json` in its own process, so its work is not counted as the extractor's. */
export function startSandboxProcess(args: readonly string[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [CLI_PATH, 'sandbox', '--json', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      const ready = JSON.parse(buffer.slice(0, newline)) as Omit<SandboxProcess, 'stop'>;
      resolve({
        ...ready,
        stop: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
}

export interface TimedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

/** Runs the built CLI under /usr/bin/time, which reports the process's own CPU time and peak RSS. */
export function timedCli(args: readonly string[], env: Record<string, string>, cwd: string): Promise<TimedRun> {
  const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, CLI_PATH, ...args], {
    cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    child.once('close', (code) => {
      const match = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      resolve({
        code, stdout, stderr: stderr.replace(/TIME .*\n?/, ''),
        wallSeconds: Number(match?.[1]), cpuSeconds: Number(match?.[2]) + Number(match?.[3]), peakRssMb: Number(match?.[4]) / 1024,
      });
    });
  });
}

export function writeBenchResult(name: string, result: unknown): string {
  const dir = join(process.cwd(), 'output', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
