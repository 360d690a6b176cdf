import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';

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
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
