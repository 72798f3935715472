import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.ts';
import { DEFAULT_WRITE_QUOTAS } from '../server/rooms/write-quotas.ts';

describe('write quota settings', () => {
  it('default to the documented values', () => {
    expect(loadConfig({}).quotas).toEqual({
      newClientIdsPerMessage: 8,
      newClientIdsPerHour: 30,
      formatRestoresPerHour: 30,
    });
  });

  it('read NEW_CLIENT_IDS_* / FORMAT_RESTORES_PER_HOUR without touching the defaults', () => {
    const config = loadConfig({ NEW_CLIENT_IDS_PER_MESSAGE: '2', NEW_CLIENT_IDS_PER_HOUR: '100' });
    expect(config.quotas).toEqual({
      newClientIdsPerMessage: 2,
      newClientIdsPerHour: 100,
      formatRestoresPerHour: 30,
    });
    expect(DEFAULT_WRITE_QUOTAS.newClientIdsPerMessage).toBe(8);
  });

  it.each([
    ['NEW_CLIENT_IDS_PER_MESSAGE', '0'],
    ['NEW_CLIENT_IDS_PER_HOUR', 'lots'],
    ['FORMAT_RESTORES_PER_HOUR', '-3'],
  ])('refuse %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
