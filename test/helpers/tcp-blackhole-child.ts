/**
 * Runs a TcpBlackhole in a child process (see tcp-blackhole-process.ts): started with the target port,
 * it reports its own port, then obeys `blackhole` / `silenceOpen` / `heal` messages, answering each.
 */
import { TcpBlackhole } from './tcp-blackhole.ts';

type Command = 'blackhole' | 'silenceOpen' | 'heal';

const proxy = await TcpBlackhole.start(Number(process.argv[2]));
process.on('message', (message: { id: number; command: Command }) => {
  proxy[message.command]();
  process.send?.({ id: message.id });
});
process.on('disconnect', () => void proxy.close().then(() => process.exit(0)));
process.send?.({ port: proxy.port });
