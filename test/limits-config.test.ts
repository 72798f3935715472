import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.ts';
import { DEFAULT_INBOUND_LIMITS } from '../server/rooms/inbound-limits.ts';
import { DEFAULT_SOCKET_LIMITS } from '../server/ws/socket-limits.ts';

describe('limit settings', () => {
  it('default to the documented values', () => {
    const config = loadConfig({});
    expect(config.limits).toEqual(DEFAULT_INBOUND_LIMITS);
    expect(config.sockets).toEqual(DEFAULT_SOCKET_LIMITS);
    expect(config.limits).toMatchObject({
      messageRate: 200,
      awarenessRate: 10,
      maxUnstoredBytes: 64 * 1024 * 1024,
    });
    expect(config.sockets).toEqual({ perUser: 20, perIp: 200, attemptRate: 10, attemptBurst: 100 });
    expect(config.headersTimeoutMs).toBe(10_000);
  });

  it('read WS_* / MAX_UNSTORED_BYTES / HEADERS_TIMEOUT_MS without touching the defaults', () => {
    const config = loadConfig({
      WS_MESSAGE_RATE: '50',
      WS_BYTE_BURST: '65536',
      WS_AWARENESS_RATE: '5',
      WS_MAX_PER_USER: '3',
      WS_ATTEMPT_BURST: '7',
      MAX_UNSTORED_BYTES: '1024',
      HEADERS_TIMEOUT_MS: '2000',
    });
    expect(config.limits).toMatchObject({
      messageRate: 50,
      byteBurst: 65536,
      awarenessRate: 5,
      maxUnstoredBytes: 1024,
    });
    expect(config.sockets).toMatchObject({ perUser: 3, attemptBurst: 7, perIp: 200 });
    expect(config.headersTimeoutMs).toBe(2000);
    expect(DEFAULT_SOCKET_LIMITS.perUser).toBe(20);
  });

  it.each([
    ['WS_MESSAGE_RATE', '0'],
    ['WS_MAX_PER_IP', 'many'],
    ['WS_AWARENESS_RATE', '-1'],
    ['HEADERS_TIMEOUT_MS', '999999'],
  ])('refuse %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
