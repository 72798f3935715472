import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readUpgradeRequest } from './upgrade-request.ts';

const request = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  ({ method, url, headers }) as unknown as IncomingMessage;

describe('readUpgradeRequest', () => {
  it('reads the report, token, acks, session cookie, origin and host', () => {
    const req = request('/ws/r-1?token=abc&acks=1', {
      cookie: 'theme=dark; session=tok%20en',
      origin: 'https://report.example',
      host: 'report.example',
    });
    expect(readUpgradeRequest(req)).toEqual({
      reportId: 'r-1',
      token: 'abc',
      cookieToken: 'tok en',
      origin: 'https://report.example',
      host: 'report.example',
      acks: true,
    });
  });

  it('decodes the report id and query as the Hono route did', () => {
    expect(readUpgradeRequest(request('/ws/%E6%8A%A5%E5%91%8A?token=a+b%2B'))).toMatchObject({
      reportId: '报告',
      token: 'a b+',
    });
    // An encoded slash stays inside the id (the route matches one segment), then is decoded.
    expect(readUpgradeRequest(request('/ws/..%2F..%2Fapi%2Fusers'))?.reportId).toBe('../../api/users');
    expect(readUpgradeRequest(request('/ws/%25s%25n'))?.reportId).toBe('%s%n');
    expect(readUpgradeRequest(request('/ws/x?acks=0'))?.acks).toBe(false);
    // The first of two tokens counts.
    expect(readUpgradeRequest(request('/ws/x?token=one&token=two'))?.token).toBe('one');
    expect(readUpgradeRequest(request('/ws/x'))?.token).toBeUndefined();
  });

  it('matches only /ws/:reportId, one segment, after dot segments are resolved, whatever the method', () => {
    for (const url of [
      '/ws',
      '/ws/',
      '/ws/a/b',
      '/ws/a/',
      '/api/ws/a',
      '/ws/%2e%2e',
      '/ws/a\\b',
      'ws/a',
      '*',
    ])
      expect(readUpgradeRequest(request(url)), url).toBeNull();
    expect(readUpgradeRequest(request('/ws/a', {}, 'POST'))?.reportId).toBe('a');
    expect(readUpgradeRequest(request('/ws/a', {}, 'HEAD'))?.reportId).toBe('a');
    expect(readUpgradeRequest(request('/x/../ws/a'))?.reportId).toBe('a');
    expect(readUpgradeRequest(request('http://elsewhere/ws/a?token=t'))).toMatchObject({
      reportId: 'a',
      token: 't',
    });
  });
});
