/** Caret and avatar colours, readable on white. */
const PALETTE = [
  '#d9480f',
  '#1971c2',
  '#2b8a3e',
  '#9c36b5',
  '#c2255c',
  '#0c8599',
  '#e67700',
  '#5f3dc4',
  '#364fc7',
];

/** A stable colour for a user id (same everywhere, every session). */
export function userColor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
