import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Instance {
  name: string;
  url: string;
  proc: ChildProcess;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string | null>;
  /** The last lines the process printed (its logs). */
  tail(): string[];
  /** Log lines at level error or fatal. */
  errorLines: number;
  /** Resident set size in bytes, from /proc/<pid>/status. */
  rss(): number;
  stop(timeoutMs?: number): Promise<number | string | null>;
}

/** `src/main.ts` as its own process, exactly as in production (like test/child-server.ts). */
export async function startInstance(name: string, env: Record<string, string>, { timeoutMs = 60_000 } = {}): Promise<Instance> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string | null>((r) => proc.once('exit', (code, signal) => r(code ?? signal)));
  const lines: string[] = [];
  let partial = '';
  const inst: Instance = {
    name,
    url: `http://127.0.0.1:${port}`,
    proc,
    exited,
    errorLines: 0,
    tail: () => lines.slice(),
    rss() {
      const status = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) * 1024 : NaN;
    },
    async stop(ms = 20_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const onData = (d: Buffer) => {
    partial += d.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      if (/"level":(50|60)/.test(line)) inst.errorLines++;
      lines.push(line);
      if (lines.length > 200) lines.shift();
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${lines.join('\n')}`)), timeoutMs);
    const check = () => {
      if (lines.some((l) => l.includes('Atrium is ready')) || partial.includes('Atrium is ready')) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        resolve();
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${[...lines, partial].join('\n')}`));
    });
  });
  return inst;
}
