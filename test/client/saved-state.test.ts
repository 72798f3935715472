/** "已保存" only when the server's acknowledged state vector covers everything typed locally. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { covers, mergeVectors, SaveTracker, saveStatus } from '../../client/src/doc/saved-state.ts';

const SERVER = Symbol('provider');

/** A browser doc and the server's copy; `deliver` sends the browser's pending state to the server. */
function pair() {
  const local = new Y.Doc();
  const server = new Y.Doc();
  const tracker = new SaveTracker(local);
  const deliver = () => Y.applyUpdate(server, Y.encodeStateAsUpdate(local, Y.encodeStateVector(server)));
  const ackNow = () => tracker.ack(Y.encodeStateVector(server));
  local.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === SERVER) tracker.ackTransaction(tr);
  });
  return { local, server, tracker, deliver, ackNow };
}

describe('state vectors', () => {
  it('merge takes the larger clock per client; covers compares every client', () => {
    const a = new Map([
      [1, 5],
      [2, 3],
    ]);
    const b = new Map([
      [2, 7],
      [3, 1],
    ]);
    expect([...mergeVectors(a, b)].sort()).toEqual([
      [1, 5],
      [2, 7],
      [3, 1],
    ]);
    expect(covers(mergeVectors(a, b), a)).toBe(true);
    expect(covers(a, b)).toBe(false);
    expect(covers(a, new Map())).toBe(true);
  });
});

describe('SaveTracker', () => {
  it('is saved only once an ack covers what was typed, and unsaved again on the next keystroke', () => {
    const { local, tracker, deliver, ackNow } = pair();
    expect(tracker.saved).toBe(true);
    local.getText('body:s1').insert(0, '本年度完成X项任务');
    expect(tracker.saved).toBe(false);
    deliver();
    expect(tracker.saved).toBe(false); // received is not stored
    ackNow();
    expect(tracker.saved).toBe(true);
    local.getText('body:s1').insert(0, '一是');
    expect(tracker.saved).toBe(false);
  });

  it('an ack older than the last edit does not count; a later one does', () => {
    const { local, tracker, deliver, ackNow } = pair();
    local.getText('body:s1').insert(0, '第一段');
    deliver();
    const old = Y.encodeStateVector(local);
    local.getText('body:s1').insert(3, '第二段');
    tracker.ack(old);
    expect(tracker.saved).toBe(false);
    deliver();
    ackNow();
    expect(tracker.saved).toBe(true);
  });

  it('updates relayed by the server count as stored; local edits still wait for their ack', () => {
    const { local, server, tracker } = pair();
    const other = new Y.Doc();
    other.getText('body:s2').insert(0, '李四写的内容');
    const update = Y.encodeStateAsUpdate(other);
    Y.applyUpdate(server, update);
    Y.applyUpdate(local, update, SERVER);
    expect(tracker.saved).toBe(true);
    local.getText('body:s1').insert(0, '王娟');
    Y.applyUpdate(local, Y.encodeStateAsUpdate(other), SERVER);
    expect(tracker.saved).toBe(false);
  });

  it('edits made before connecting are saved once the server’s state (sync step 1) includes them', () => {
    const { local, server, tracker, deliver } = pair();
    local.getText('body:s1').insert(0, '离线时写的');
    deliver();
    expect(tracker.saved).toBe(false);
    tracker.ack(Y.encodeStateVector(server)); // what sync step 1 carries on the next connect
    expect(tracker.saved).toBe(true);
  });
});

describe('saveStatus', () => {
  const base = { connected: true, synced: true, everConnected: true, saved: true };
  it('maps connection and coverage to the status line', () => {
    expect(saveStatus(base)).toBe('saved');
    expect(saveStatus({ ...base, saved: false })).toBe('saving');
    expect(saveStatus({ ...base, connected: false })).toBe('offline');
    expect(saveStatus({ ...base, connected: false, everConnected: false })).toBe('connecting');
    expect(saveStatus({ ...base, synced: false })).toBe('connecting');
  });
});
