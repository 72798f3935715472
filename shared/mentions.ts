/** A report member as mentions see them. */
export interface Mentionable {
  userId: string;
  username: string;
  displayName: string;
}

/**
 * Members mentioned in `text` as `@显示名` or `@username`. Longer names win, so `@王小明` is not read as
 * `@王小`; a mention must not continue into more letters of a Latin username (`@li` ≠ `@lisi`).
 */
export function findMentions(text: string, members: Mentionable[]): Mentionable[] {
  const names = members
    .flatMap((m) => [
      { name: m.displayName, member: m },
      { name: m.username, member: m },
    ])
    .sort((a, b) => b.name.length - a.name.length);
  const found = new Map<string, Mentionable>();
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const rest = text.slice(at + 1);
    const hit = names.find(
      ({ name }) => rest.startsWith(name) && !/^[A-Za-z0-9_.-]/.test(rest.slice(name.length)),
    );
    if (hit) found.set(hit.member.userId, hit.member);
  }
  return [...found.values()];
}
