import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface LocalProcess {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the output once the stack says it is ready; rejects if it exits first. */
  ready: Promise<string>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Cleanup after a failed test: SIGKILLs the process and everything it started. */
  kill(): void;
}

/**
 * The local stack as a user runs it, in a child process: `npm start` itself (so signals go to npm's
 * pid, as Docker, systemd and `timeout` send them) or its entry point straight through node.
 */
export const startLocalProcess = (
  env: Record<string, string>,
  how: 'npm' | 'node' = 'node',
): LocalProcess => {
  const [command, args] =
    how === 'npm'
      ? ['npm', ['start']]
      : [
          process.execPath,
          [
            '--env-file=infra/local/local.env',
            '--import',
            'tsx',
            '--openssl-legacy-provider',
            'infra/local/main.ts',
          ],
        ];
  const child = spawn(command as string, args as string[], {
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // npm in its own process group, so that a failed test can clean up whatever npm left behind; the
    // entry point stays in ours, so that Ctrl+C on a test or `npm run soak` stops it too.
    detached: how === 'npm',
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Press Ctrl+C')) {
        clearInterval(timer);
        resolve(output);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  });
  // A test that only awaits `exited` must not see an unhandled rejection from `ready`.
  ready.catch(() => undefined);
  const kill = () => {
    try {
      if (how === 'npm' && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // already gone
    }
  };
  return { child, output: () => output, ready, exited, kill };
};

/** Whether nothing listens on 127.0.0.1:`port` (this process can bind it). */
export const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A port nothing listens on right now, for a process that must be told its ports in advance. It is
 * taken below Linux's ephemeral range (32768–60999): a port the kernel hands out for `listen(0)` can
 * be given to any outgoing connection's local end before the process binds it (seen once in CI: "Port
 * 33941 (PORT) is already in use"); below that range only another listener can take it.
 */
export const freePort = async (): Promise<number> => {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await portIsFree(port)) return port;
  }
  throw new Error('No free port found between 20000 and 32000');
};
