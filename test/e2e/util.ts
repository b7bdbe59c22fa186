import { createServer, connect } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { chromiumArgs, chromiumPath } from '../chromium.js';

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** Whether something accepts connections on a loopback port (after a short grace for shutdown). */
export async function isListening(port: number, graceMs = 5000): Promise<boolean> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (!open || Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
}

/** Starts a command and resolves once a line of its output matches `ready`. */
export async function startProcess(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; ready: RegExp; timeoutMs?: number },
): Promise<{ child: ChildProcess; output: () => string; stop: (signal?: NodeJS.Signals) => Promise<number | null> }> {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() can signal it all as Ctrl-C in a terminal does
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${cmd} ${args.join(' ')} not ready in time:\n${out}`)),
      opts.timeoutMs ?? 60_000,
    );
    const onData = (d: Buffer) => {
      out += d.toString();
      if (opts.ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before it was ready:\n${out}`));
    });
  });
  return {
    child,
    output: () => out,
    stop: async (signal: NodeJS.Signals = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
      return exited;
    },
  };
}

/**
 * `npm start` on free ports with its own emulator data folder, as a user runs the demo; resolves
 * once the demo says where it is. The caller stops it and removes `dataDir`.
 */
export async function startDemo(prefix: string) {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const demo = await startProcess('npm', ['start', '--silent'], {
    env: { PORT: String(port), IK_EMULATOR_PORT: String(emulatorPort), IK_EMULATOR_DATA_DIR: dataDir },
    ready: /ik-uploader demo on http:\/\/localhost:\d+\//,
  });
  return { port, emulatorPort, dataDir, demo };
}
