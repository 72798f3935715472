import { afterEach } from 'vitest';
import type { Client } from './clients.ts';
import type { TestServer } from './server.ts';

/** Servers and clients a test file starts; push them here and they are stopped after each test. */
export function testScope() {
  const servers: TestServer[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.stop();
  });
  return { servers, clients };
}
