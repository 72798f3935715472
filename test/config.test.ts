import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.ts';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      maxMessageBytes: 1048576,
      maxUpdateBytes: 8388608,
      allowSignup: false,
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it.each([
    ['PORT', 'abc', /PORT/],
    ['PORT', '70000', /PORT/],
    ['MAX_MESSAGE_BYTES', '-5', /MAX_MESSAGE_BYTES/],
    ['MAX_UPDATE_BYTES', '12', /MAX_UPDATE_BYTES/],
    ['ALLOW_SIGNUP', 'maybe', /ALLOW_SIGNUP/],
    ['ALLOWED_ORIGINS', 'not a url', /ALLOWED_ORIGINS/],
    ['ALLOWED_ORIGINS', 'https://a.example/path', /bare origin/],
    ['DURABILITY', 'sometimes', /DURABILITY/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '9000',
      DATA_DIR: '/tmp/coreport-x',
      MAX_MESSAGE_BYTES: '2048',
      MAX_UPDATE_BYTES: '4096',
      ALLOW_SIGNUP: '1',
      ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080',
      DURABILITY: 'full',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      dataDir: '/tmp/coreport-x',
      maxMessageBytes: 2048,
      maxUpdateBytes: 4096,
      allowSignup: true,
      allowedOrigins: ['https://a.example', 'http://b.example:8080'],
      durability: 'full',
    });
  });
});
