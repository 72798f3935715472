/**
 * The shared ping sweep (server/ws/heartbeat.ts): one timer for every socket, a peer that stops answering
 * is terminated within two intervals, one that answers is never, and a closed socket is forgotten at once
 * (no timer, listener or reference left behind). End to end with real sockets: connection-limits.test.ts.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from '../server/ws/heartbeat.ts';

const INTERVAL = 1000;

/** A socket whose peer answers every ping while `answering`. */
class FakeSocket extends EventEmitter {
  answering = true;
  pings = 0;
  terminated = false;
  constructor(readonly name: string) {
    super();
  }
  ping(): void {
    this.pings++;
    if (this.answering) queueMicrotask(() => this.emit('pong'));
  }
  terminate(): void {
    this.terminated = true;
  }
}

async function tick(times = 1) {
  for (let i = 0; i < times; i++) await vi.advanceTimersByTimeAsync(INTERVAL);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Heartbeat', () => {
  it('sweeps every socket with one timer, and stops it with the last socket', async () => {
    vi.useFakeTimers();
    const heartbeat = new Heartbeat<FakeSocket>(INTERVAL);
    const sockets = Array.from({ length: 50 }, (_, i) => new FakeSocket(`连接${i}`));
    for (const s of sockets) heartbeat.watch(s);
    expect(vi.getTimerCount()).toBe(1);
    await tick(3);
    expect(sockets.every((s) => s.pings === 3 && !s.terminated)).toBe(true);
    for (const s of sockets) heartbeat.forget(s);
    expect(heartbeat.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(sockets.every((s) => s.listenerCount('pong') === 0)).toBe(true);
  });

  it('terminates a peer that stops answering within two intervals; the others stay', async () => {
    vi.useFakeTimers();
    const heartbeat = new Heartbeat<FakeSocket>(INTERVAL);
    const live = new FakeSocket('在线');
    const dead = new FakeSocket('失联');
    heartbeat.watch(live);
    heartbeat.watch(dead);
    await tick(2);
    dead.answering = false;
    await tick();
    expect(dead.terminated).toBe(false); // pinged, has a full interval to answer
    await tick();
    expect(dead.terminated).toBe(true);
    expect(heartbeat.size).toBe(1);
    await tick(5);
    expect(live.terminated).toBe(false);
    expect(live.pings).toBe(9);
    expect(dead.pings).toBe(3);
  });

  it('neither pings nor terminates a socket once forgotten', async () => {
    vi.useFakeTimers();
    const heartbeat = new Heartbeat<FakeSocket>(INTERVAL);
    const stays = new FakeSocket('留下');
    const closed = new FakeSocket('已关闭');
    heartbeat.watch(stays);
    heartbeat.watch(closed);
    closed.answering = false;
    await tick();
    heartbeat.forget(closed);
    await tick(3);
    expect(closed.pings).toBe(1);
    expect(closed.terminated).toBe(false);
    expect(stays.pings).toBe(4);
  });
});
