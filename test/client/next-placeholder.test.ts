/** "Next placeholder" order: reading order across sections, after the last visited, wrapping. */
import { describe, expect, it } from 'vitest';
import { nextSpot, type Spot } from '../../client/src/doc/next-placeholder.ts';

const outline = ['s1', 's2', 's3'];
const spots: Spot[] = [
  { sid: 's1', from: 5, to: 6 },
  { sid: 's1', from: 20, to: 22 },
  { sid: 's3', from: 3, to: 4 },
];

describe('nextSpot', () => {
  it('starts at the first placeholder and walks in reading order', () => {
    expect(nextSpot(spots, outline, null)).toEqual(spots[0]);
    expect(nextSpot(spots, outline, { sid: 's1', from: 5 })).toEqual(spots[1]);
    expect(nextSpot(spots, outline, { sid: 's1', from: 20 })).toEqual(spots[2]);
  });

  it('wraps around after the last one', () => {
    expect(nextSpot(spots, outline, { sid: 's3', from: 3 })).toEqual(spots[0]);
  });

  it('continues after a section with none left, or one that was deleted', () => {
    expect(nextSpot(spots, outline, { sid: 's2', from: 9 })).toEqual(spots[2]);
    expect(nextSpot(spots, outline, { sid: 'gone', from: 1 })).toEqual(spots[0]);
  });

  it('has nothing to offer when nothing is left to fill', () => {
    expect(nextSpot([], outline, null)).toBeNull();
  });
});
