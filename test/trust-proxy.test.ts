/**
 * TRUST_PROXY (issue 13.10): behind a trusted proxy the session cookie is Secure when the proxy says
 * https, and login throttling counts the real client address from X-Forwarded-For; from anyone
 * else those headers are ignored (a client cannot pick its address to escape the per-IP lock). The
 * WebSocket per-IP caps count the same address, over real sockets from 127.0.0.1 (the proxy) and
 * 127.0.0.2 (a client that is no proxy).
 */
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ConfigError, loadConfig } from '../server/config.ts';
import { api, registerAdmin } from './helpers/api.ts';
import { upgradeStatus } from './helpers/raw-socket.ts';
import { startServer } from './helpers/server.ts';

const login = (base: string, username: string, headers: Record<string, string>) =>
  api(base, 'POST', '/api/auth/login', { headers, body: { username, password: 'mima-12345678' } });

describe('TRUST_PROXY', () => {
  it('is checked at start-up', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8, ::1' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
    for (const bad of ['10.0.0.0/33', 'proxy.local', '1.2.3.4/8/1'])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(ConfigError);
  });

  it('unset: forwarded headers are ignored (no Secure cookie, spoofed addresses share the lock)', async () => {
    const server = await startServer();
    try {
      await registerAdmin(server.url);
      const ok = await login(server.url, 'wangjuan', { 'x-forwarded-proto': 'https' });
      expect(ok.headers.get('set-cookie')).not.toMatch(/Secure/i);
      for (let i = 0; i < 20; i++)
        expect((await login(server.url, `guess${i}`, { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(
          401,
        );
      expect((await login(server.url, 'wangjuan', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
    } finally {
      await server.stop();
    }
  });

  it('set: Secure cookie when the proxy says https; the lock follows the real client address', async () => {
    const server = await startServer({ TRUST_PROXY: '127.0.0.1,::1' });
    try {
      await registerAdmin(server.url);
      const https = await login(server.url, 'wangjuan', { 'x-forwarded-proto': 'https' });
      expect(https.headers.get('set-cookie')).toMatch(/Secure/i);
      const http = await login(server.url, 'wangjuan', { 'x-forwarded-proto': 'http' });
      expect(http.headers.get('set-cookie')).not.toMatch(/Secure/i);
      for (let i = 0; i < 20; i++)
        expect((await login(server.url, `guess${i}`, { 'x-forwarded-for': '203.0.113.5' })).status).toBe(401);
      // The attacker's address is locked, whatever it prepends; another client's is not.
      expect(
        (await login(server.url, 'wangjuan', { 'x-forwarded-for': '1.1.1.1, 203.0.113.5' })).status,
      ).toBe(429);
      expect((await login(server.url, 'wangjuan', { 'x-forwarded-for': '203.0.113.6' })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('set: the WebSocket per-IP cap counts the address the proxy names, and the TCP peer of anyone else', async () => {
    const server = await startServer({ TRUST_PROXY: '127.0.0.1', WS_MAX_PER_IP: '2' });
    const open: WebSocket[] = [];
    const status = async (from: string, forwardedFor?: string) => {
      const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
      const { status, socket } = await upgradeStatus(url, from, headers);
      open.push(socket);
      return status;
    };
    let url = '';
    try {
      const admin = await registerAdmin(server.url);
      const report = await api(server.url, 'POST', '/api/reports', {
        token: admin.token,
        body: { title: '代理测试' },
      });
      url = `${server.wsUrl}/${report.body.report.id}?token=${admin.token}`;
      // Two clients behind the proxy: each has its own two sockets.
      expect(await status('127.0.0.1', '203.0.113.5')).toBe(101);
      expect(await status('127.0.0.1', '203.0.113.5')).toBe(101);
      expect(await status('127.0.0.1', '203.0.113.5')).toBe(429);
      expect(await status('127.0.0.1', '203.0.113.6')).toBe(101);
      // Prepending an address does not make a new client: the rightmost one the proxy added counts.
      expect(await status('127.0.0.1', '198.51.100.1, 203.0.113.5')).toBe(429);
      // 127.0.0.2 is no proxy: its X-Forwarded-For is ignored, whatever it names.
      expect(await status('127.0.0.2', '198.51.100.7')).toBe(101);
      expect(await status('127.0.0.2', '198.51.100.8')).toBe(101);
      expect(await status('127.0.0.2', '198.51.100.9')).toBe(429);
    } finally {
      for (const socket of open) socket.terminate();
      await server.stop();
    }
  });
});
