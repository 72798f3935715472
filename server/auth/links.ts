/**
 * Invite and reset links (docs/security.md, "Invites and resets"): a random token shown once to the
 * admin who made it, stored as a hash, single use, expiring. Why a link cannot be used, in zh-CN.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../context.ts';
import { ApiError } from '../http/errors.ts';
import type { AccountLink, LinkKind } from '../storage/account-links.ts';
import { hashToken, newToken } from './tokens.ts';

/** Open links (unused, unexpired) at a time, all admins together: a runaway script cannot fill the table. */
export const MAX_OPEN_LINKS = 500;

const HOUR_MS = 3600_000;

export const invalidLink = () =>
  new ApiError(404, 'link_invalid', '链接无效：请检查是否完整复制，或向管理员索取新链接 (invalid link)');

/** Why `link` (found by its token) cannot be used now; null when it can. */
function refusal(link: AccountLink | null, now: number): ApiError | null {
  if (!link) return invalidLink();
  if (link.usedAt !== null)
    return new ApiError(
      410,
      'link_used',
      '该链接已被使用（每个链接只能用一次），请向管理员索取新链接 (link already used)',
    );
  if (link.expiresAt <= now)
    return new ApiError(410, 'link_expired', '该链接已过期，请向管理员索取新链接 (link expired)');
  return null;
}

/** The usable link of `kind` with this token; throws 404 (unknown) or 410 (used, expired). */
export function openLink({ stores }: Deps, token: string, kind: LinkKind, now = Date.now()): AccountLink {
  const link = stores.accountLinks.byToken(hashToken(token), kind);
  const refused = refusal(link, now);
  if (refused) throw refused;
  return link!;
}

/**
 * Marks the link used by `userId` (inside the transaction that uses it); when another request won the
 * race or it just expired, throws what a fresh look says.
 */
export function claimLink({ stores }: Deps, token: string, kind: LinkKind, userId: string): void {
  const hash = hashToken(token);
  const now = Date.now();
  if (!stores.accountLinks.claim(hash, userId, now)) {
    throw refusal(stores.accountLinks.byToken(hash, kind), now) ?? invalidLink();
  }
}

/** A new link; the token is returned once and never stored. */
export function issueLink(
  { stores }: Deps,
  fields: { kind: LinkKind; userId: string | null; groupId: string | null; createdBy: string; hours: number },
): { link: AccountLink; token: string } {
  const now = Date.now();
  if (stores.accountLinks.openCount(now) >= MAX_OPEN_LINKS)
    throw new ApiError(
      429,
      'too_many_links',
      `未使用的链接已有 ${MAX_OPEN_LINKS} 个，请先撤销不用的邀请 (too many open links)`,
      { 'retry-after': '3600' },
    );
  const token = newToken();
  const { hours, ...rest } = fields;
  const link: AccountLink = {
    id: randomUUID(),
    ...rest,
    createdAt: now,
    expiresAt: now + hours * HOUR_MS,
    usedAt: null,
    usedBy: null,
  };
  stores.accountLinks.create(link, hashToken(token));
  return { link, token };
}
