import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import path from 'node:path';

import { Client } from 'pg';

/** A free TCP port on loopback (the kernel's choice; released before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** True once something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * A dependency (redis-server, nats-server) of the reliability runs alone: started by us on a port of its own, in
 * the foreground as our child, so that a fault (SIGKILL, SIGSTOP, restart) touches nobody else's server.
 */
export class PrivateServer {
  private child?: ChildProcess;
  private output = '';
  /** Arguments added to the ones it was created with, from the next start on (`restartWith`). */
  private extraArgs: string[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly command: string,
    private readonly args: string[],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(this.command, [...this.extraArgs, ...this.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk) => (this.output = (this.output + String(chunk)).slice(-4000)));
    child.stderr!.on('data', (chunk) => (this.output = (this.output + String(chunk)).slice(-4000)));
    const deadline = Date.now() + timeoutMs;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline)
        throw new Error(`${this.name} did not start on ${this.port}: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends the signal and, unless it only pauses or resumes, waits for the exit. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    if (signal !== 'SIGSTOP' && signal !== 'SIGCONT') await exited;
  }

  async stop(): Promise<void> {
    await this.signal('SIGCONT');
    await this.signal('SIGTERM');
  }

  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.signal(signal);
    await this.start();
  }

  /** Restarts with `extraArgs` before the arguments it was created with (`[]`: as created). */
  async restartWith(extraArgs: string[], signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.signal(signal);
    this.extraArgs = extraArgs;
    await this.start();
  }

  /** The server's last output (4 KB). */
  get lastOutput(): string {
    return this.output;
  }
}

/**
 * Restarts a private nats-server with a JetStream file store limit of `maxBytes` (a config file in `dir`; the
 * command line's store folder and port still apply): the store is "full" once the streams hold that much, and
 * every JetStream write is refused as the disk being full would refuse it. `undefined` lifts the limit again.
 * A real full filesystem needs a small mount (root), so this is the portable stand-in; see docs/reliability.md.
 */
export async function limitNatsStore(
  nats: PrivateServer,
  dir: string,
  maxBytes: number | undefined,
): Promise<void> {
  if (maxBytes === undefined) return nats.restartWith([]);
  const file = path.join(dir, 'nats-store-limit.conf');
  writeFileSync(file, `jetstream {\n  max_file_store: ${maxBytes}\n}\n`);
  await nats.restartWith(['-c', file]);
}

/** redis-server with an append-only file fsynced on every write: a restart keeps what was acknowledged. */
export async function privateRedis(dir: string): Promise<PrivateServer> {
  const port = await freePort();
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', ''];
  args.push('--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'no');
  const server = new PrivateServer('redis', port, 'redis-server', args);
  await server.start();
  return server;
}

/** nats-server with JetStream storing under `dir`: a restart keeps the streams. */
export async function privateNats(dir: string): Promise<PrivateServer> {
  const port = await freePort();
  const server = new PrivateServer('nats', port, 'nats-server', [
    ...['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(port)],
  ]);
  await server.start();
  return server;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A PostgreSQL of our own: initdb into `dir` and `postgres` in the foreground, as the `postgres` OS user when we are
 * root (the server refuses to run as root). Signals go to the postmaster itself (its pid from `postmaster.pid`), so
 * SIGKILL is a real crash (the next start runs crash recovery) and SIGSTOP a real stall.
 */
export class PrivatePostgres {
  private child?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly user: string | undefined,
  ) {}

  static async create(dir: string): Promise<PrivatePostgres> {
    const user = process.getuid?.() === 0 ? 'postgres' : undefined;
    const server = new PrivatePostgres(await freePort(), dir, user);
    if (user) await server.run('chown', ['-R', `${user}:${user}`, dir], false);
    await server.run('initdb', [
      '-D',
      dir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
    ]);
    await server.start();
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private command(command: string, args: string[], asUser = true): [string, string[]] {
    return this.user && asUser ? ['runuser', ['-u', this.user, '--', command, ...args]] : [command, args];
  }

  private async run(command: string, args: string[], asUser = true): Promise<void> {
    const [file, argv] = this.command(command, args, asUser);
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c) => (output += String(c)));
    child.stderr!.on('data', (c) => (output += String(c)));
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`${command} failed (${code}): ${output.slice(-2000)}`);
  }

  /** The postmaster's pid, from its pid file (undefined when it is not running). */
  postmasterPid(): number | undefined {
    try {
      const pid = Number(readFileSync(path.join(this.dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return pid && alive(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  private spawnServer(): ChildProcess {
    const [file, argv] = this.command('postgres', [
      ...['-D', this.dir, '-p', String(this.port), '-k', this.dir],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    ]);
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (c) => (this.output = (this.output + String(c)).slice(-4000)));
    child.stderr!.on('data', (c) => (this.output = (this.output + String(c)).slice(-4000)));
    return child;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    let child = this.spawnServer();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const client = new Client({ connectionString: this.url });
      try {
        await client.connect();
        await client.query('select 1');
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`postgres did not start on ${this.port}: ${this.output}`);
      // Right after a crash the old backends may still hold the shared memory: try again until they are gone.
      if (child.exitCode !== null) child = this.spawnServer();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  /** Signals the postmaster; unless it only pauses or resumes, waits until it and its wrapper are gone. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    const pid = this.postmasterPid();
    if (!pid) return;
    process.kill(pid, signal);
    // runuser stops itself when its child stops (job control, as su does): wake it too, or it never reaps.
    if (signal === 'SIGCONT' && this.child?.pid) process.kill(this.child.pid, 'SIGCONT');
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') return;
    while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    // After a SIGKILL the backends die on their own once they notice the postmaster is gone; wait for the port.
    const deadline = Date.now() + 30_000;
    while (this.postmasterPid() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
  }

  async restart(signal: NodeJS.Signals): Promise<void> {
    await this.signal(signal);
    await this.start();
  }

  async stop(): Promise<void> {
    await this.signal('SIGCONT');
    // Fast shutdown: rolls back open transactions, disconnects clients.
    await this.signal('SIGINT');
  }
}
