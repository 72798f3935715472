/** Presence: others in the report, once per user, with the section they are in. */
import { describe, expect, it } from 'vitest';
import { peersOf } from '../../client/src/doc/presence.ts';

const user = (id: string, name: string) => ({ id, name, color: '#3b82f6' });

describe('peersOf', () => {
  it('lists others once per user, preferring a tab that is in a section, sorted by name', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: user('me', '王娟'), section: 's1' }],
      [2, { user: user('u2', '李四') }],
      [3, { user: user('u2', '李四'), section: 's2' }],
      [4, { user: user('u3', '赵六'), section: null }],
      [5, { cursor: null }],
    ]);
    expect(peersOf(states, 'me')).toEqual([
      { userId: 'u2', name: '李四', color: '#3b82f6', section: 's2', typing: null },
      { userId: 'u3', name: '赵六', color: '#3b82f6', section: null, typing: null },
    ]);
  });

  it('says where someone is typing, from any of their tabs', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: user('u2', '李四'), section: 's1', typing: 's1' }],
      [2, { user: user('u2', '李四'), section: 's2' }],
    ]);
    expect(peersOf(states, 'me')).toEqual([
      { userId: 'u2', name: '李四', color: '#3b82f6', section: 's1', typing: 's1' },
    ]);
  });

  it('ignores states without a stamped user', () => {
    expect(peersOf(new Map([[7, { section: 's1' }]]), 'me')).toEqual([]);
  });
});
