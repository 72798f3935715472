/** Where "next placeholder" goes: after the last visited one in reading order, wrapping around. */

/** A placeholder: its section and its range in that section's editor. */
export interface Spot {
  sid: string;
  from: number;
  to: number;
}

/**
 * The spot after `last` (by outline position, then offset), or the first one when there is
 * none after it or no `last`. `spots` must be in reading order. Null when there are none.
 */
export function nextSpot(
  spots: Spot[],
  outline: string[],
  last: { sid: string; from: number } | null,
): Spot | null {
  if (spots.length === 0) return null;
  if (!last) return spots[0]!;
  const order = new Map(outline.map((id, i) => [id, i]));
  const lastAt = order.get(last.sid) ?? -1;
  const after = spots.find((p) => {
    const at = order.get(p.sid) ?? -1;
    return at > lastAt || (at === lastAt && p.from > last.from);
  });
  return after ?? spots[0]!;
}
