import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs the built CLI as a user would (a child process), with a clean environment plus `env`. */
export function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).result;
}

/** Like runCli, with the child at hand (to signal it mid-run). */
export function spawnCli(args: readonly string[], options: CliRunOptions = {}): { child: ReturnType<typeof spawn>; result: Promise<CliResult> } {
  let child!: ReturnType<typeof spawn>;
  const result = new Promise<CliResult>((resolve, reject) => {
    child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
  return { child, result };
}
