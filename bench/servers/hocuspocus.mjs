/** Hocuspocus 3.4 as a benchmark peer: in memory, no extensions; prints `ready` when listening. */
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT), address: '127.0.0.1', quiet: true });
await server.listen();
console.log(`ready ${server.address.port}`);
