/** How a turn's updates become what is stored and relayed: one merged entry per sender. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { coalesceBySender, mergeMany, type Pending } from '../server/rooms/coalesce.ts';
import type { Connection } from '../server/rooms/connection.ts';

/** `count` keystroke updates typed by one client into a shared text. */
function keystrokes(clientID: number, count: number, into = new Y.Doc()): Uint8Array[] {
  into.clientID = clientID;
  const updates: Uint8Array[] = [];
  const listener = (u: Uint8Array) => updates.push(u);
  into.on('update', listener);
  const text = into.getText('正文');
  const words = '坚持以人民为中心的发展思想';
  for (let n = 0; n < count; n++) {
    if (n % 5 === 4) text.delete(Math.floor(text.length / 2), 1);
    else text.insert(Math.floor((n * 7) % (text.length + 1)), words[n % words.length]!);
  }
  into.off('update', listener);
  return updates;
}

const applied = (...updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
};

describe('mergeMany', () => {
  it('merges hundreds of updates from several clients into what Y.mergeUpdates makes of them', () => {
    const shared = new Y.Doc();
    const updates = [
      ...keystrokes(11, 300, shared),
      ...keystrokes(12, 150, shared),
      ...keystrokes(11, 40, shared),
    ];
    const merged = mergeMany(updates);
    const reference = applied(Y.mergeUpdates(updates));
    const doc = applied(merged);
    expect(doc.getText('正文').toString()).toBe(shared.getText('正文').toString());
    expect(Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(reference))).toBe(true);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(reference));
  });

  it('returns a single update as it is', () => {
    const [only] = keystrokes(13, 1);
    expect(mergeMany([only!])).toBe(only);
  });
});

describe('coalesceBySender', () => {
  const conn = (id: string) => ({ user: { id } }) as unknown as Connection;

  it('merges each sender’s entries into one, keeping roots and new client ids, in first-seen order', () => {
    const [a, b] = [conn('甲'), conn('乙')];
    const doc = new Y.Doc();
    const ua = keystrokes(21, 4, doc);
    const ub = keystrokes(22, 2, doc);
    const pending: Pending[] = [
      { update: ua[0]!, userId: '甲', roots: ['body:s1'], clients: [21], from: a },
      { update: ub[0]!, userId: '乙', roots: ['body:s2'], clients: [22], from: b },
      { update: ua[1]!, userId: '甲', roots: ['body:s1'], from: a },
      { update: ua[2]!, userId: '甲', roots: ['body:s3'], clients: [], from: a },
      { update: ub[1]!, userId: '乙', roots: ['body:s2'], from: b },
      { update: ua[3]!, userId: '甲', roots: ['body:s1'], from: a },
    ];
    const out = coalesceBySender(pending);
    expect(out.map((e) => [e.userId, e.from, e.roots, e.clients])).toEqual([
      ['甲', a, ['body:s1', 'body:s3'], [21]],
      ['乙', b, ['body:s2'], [22]],
    ]);
    expect(applied(out[0]!.update).getText('正文').toString()).toBe(
      applied(...ua)
        .getText('正文')
        .toString(),
    );
  });

  it('keeps server-made entries apart from connections’, grouped by the user they act for', () => {
    const a = conn('甲');
    const [u1, u2, u3] = keystrokes(31, 3);
    const pending: Pending[] = [
      { update: u1!, userId: '甲', roots: ['body:s1'], from: a },
      { update: u2!, userId: null, roots: ['body:s1'], from: null },
      { update: u3!, userId: '甲', roots: ['meta'], from: null },
    ];
    expect(coalesceBySender(pending)).toEqual(pending);
  });
});
