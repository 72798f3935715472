/**
 * A TcpBlackhole (tcp-blackhole.ts) in a child process, for a test whose own thread blocks while it
 * talks through the proxy (SyncPg waits with Atomics.wait: a proxy on that thread could never pass
 * the bytes it waits for).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./tcp-blackhole-child.ts', import.meta.url));

export class TcpBlackholeProcess {
  private sent = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  /** A proxy on a free port of 127.0.0.1 in front of `targetPort`, in a process of its own. */
  static async start(targetPort: number): Promise<TcpBlackholeProcess> {
    const child = fork(CHILD, [String(targetPort)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`blackhole proxy exited (${code})`)));
    });
    return new TcpBlackholeProcess(child, port);
  }

  /** From now on nothing passes, either way. */
  blackhole = () => this.command('blackhole');
  /** The connections open now pass nothing more, ever (they stay open); new ones pass. */
  silenceOpen = () => this.command('silenceOpen');
  /** Traffic passes again, on new connections. */
  heal = () => this.command('heal');

  close(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    return exited;
  }

  private command(command: 'blackhole' | 'silenceOpen' | 'heal'): Promise<void> {
    const id = ++this.sent;
    return new Promise((resolve) => {
      const answered = (m: { id?: number }) => {
        if (m.id !== id) return;
        this.child.off('message', answered);
        resolve();
      };
      this.child.on('message', answered);
      this.child.send({ id, command });
    });
  }
}
