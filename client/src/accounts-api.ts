/** REST calls of organisation accounts (docs/api.md, "Organisation accounts"): groups, links, passwords. */
import type { Role } from '../../shared/layout.ts';
import { call, type Member, type User } from './api.ts';

export interface Group {
  id: string;
  name: string;
  createdAt: number;
  memberCount: number;
  /** Admins only: user ids. */
  members?: string[];
}

export interface Invite {
  id: string;
  token?: string;
  groupId: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: string | null;
}

const enc = encodeURIComponent;

export const accountsApi = {
  groups: () => call<{ groups: Group[] }>('GET', '/api/groups'),
  createGroup: (name: string) => call<{ group: Group }>('POST', '/api/groups', { name }),
  deleteGroup: (id: string) => call<void>('DELETE', `/api/groups/${enc(id)}`),
  addToGroup: (id: string, userId: string) =>
    call<void>('PUT', `/api/groups/${enc(id)}/members/${enc(userId)}`),
  removeFromGroup: (id: string, userId: string) =>
    call<void>('DELETE', `/api/groups/${enc(id)}/members/${enc(userId)}`),
  addGroupToReport: (reportId: string, groupId: string, role: Role) =>
    call<{ added: Member[]; kept: string[] }>('POST', `/api/reports/${enc(reportId)}/members/by-group`, {
      groupId,
      role,
    }),

  invites: () => call<{ invites: Invite[] }>('GET', '/api/invites'),
  createInvite: (hours: number, groupId: string | null) =>
    call<{ invite: Invite & { token: string } }>('POST', '/api/invites', { hours, groupId }),
  revokeInvite: (id: string) => call<void>('DELETE', `/api/invites/${enc(id)}`),
  checkInvite: (token: string) =>
    call<{ invite: { expiresAt: number; group: { id: string; name: string } | null } }>(
      'POST',
      '/api/auth/invite/check',
      { token },
    ),
  acceptInvite: (token: string, username: string, displayName: string, password: string) =>
    call<{ user: User }>('POST', '/api/auth/invite/accept', { token, username, displayName, password }),

  changePassword: (currentPassword: string, newPassword: string) =>
    call<{ user: User }>('POST', '/api/me/password', { currentPassword, newPassword }),
  setTemporaryPassword: (userId: string, password: string) =>
    call<void>('PUT', `/api/users/${enc(userId)}/password`, { password }),
  createResetLink: (userId: string) =>
    call<{ reset: { token: string; expiresAt: number } }>('POST', `/api/users/${enc(userId)}/reset-link`, {}),
  checkReset: (token: string) =>
    call<{ reset: { expiresAt: number; user: { username: string; displayName: string } } }>(
      'POST',
      '/api/auth/reset/check',
      { token },
    ),
  acceptReset: (token: string, password: string) =>
    call<{ user: User }>('POST', '/api/auth/reset/accept', { token, password }),
};

/** The link a colleague opens: the token after `#`, which browsers never send to a server. */
export const linkUrl = (kind: 'invite' | 'reset', token: string): string =>
  `${location.origin}/#/${kind}/${token}`;
