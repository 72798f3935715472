/**
 * REST client for the coreport API (CONTRACT.md). Same origin, so the HttpOnly session
 * cookie authenticates every call; the token in login responses is not kept.
 */
import type { Role, SectionInfo, SectionStatus } from '../../shared/layout.ts';

export interface User {
  id: string;
  username: string;
  displayName: string;
  isAdmin?: boolean;
  /** Signed in with a temporary password an admin set: a new one must be chosen first. */
  mustChangePassword?: boolean;
}

export interface Progress {
  sections: number;
  approved: number;
  placeholders: number;
  chars: number;
}

export interface ReportSummary {
  id: string;
  title: string;
  createdAt: string | number;
  role: Role;
  progress?: Progress;
}

export interface Member {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface ReportDetail {
  report: { id: string; title: string; createdAt: string | number; role: Role };
  members: Member[];
  sections: SectionInfo[];
}

export interface SectionPatch {
  title?: string;
  level?: number;
  assignees?: string[];
  status?: SectionStatus;
  due?: string | null;
  /** Why a section is returned; kept only while it stays returned. */
  note?: string;
  /** Approve although suggestions are pending (leaders). */
  force?: boolean;
}

/** A new thread, as posted. */
export interface NewComment {
  sectionId: string;
  anchor: { start: string; end: string };
  quote: string;
  body: string;
}

/** One entry of the signed-in user's inbox (docs/api.md, Notifications). */
export interface Notice {
  id: number;
  reportId: string;
  kind: 'thread' | 'mention' | 'reply' | 'assigned' | 'submitted' | 'approved' | 'returned' | 'overdue';
  /** '' for workflow notices. */
  commentId: string;
  sectionId: string | null;
  actorId: string | null;
  excerpt: string;
  createdAt: number;
  readAt: number | null;
}

/** A failed call: HTTP status plus the server's `{error:{code,message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A stored section version (docs/history.md). */
export interface VersionInfo {
  id: number;
  sectionId: string;
  kind: 'auto' | 'submitted' | 'approved' | 'returned' | 'named' | 'restore' | 'suggestion';
  name: string | null;
  createdBy: string | null;
  authors: string[];
  added: number;
  removed: number;
  restoredFrom: number | null;
  createdAt: number;
}

/** A run of the diff from a version to the text now; blocks end with '\n'. */
export interface DiffSegment {
  op: 'same' | 'ins' | 'del';
  text: string;
  authors?: string[];
}

export interface AuditEntry {
  userId: string;
  startedAt: number;
  endedAt: number;
  added: number;
  removed: number;
}

/** Fired on `window` when a call answers 401, so the app can show the login screen. */
export const UNAUTHORIZED_EVENT = 'cr-unauthorized';

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = data?.error ?? {};
    if (res.status === 401 && !path.startsWith('/api/auth/')) {
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
    }
    throw new ApiError(res.status, error.code ?? 'http', error.message ?? res.statusText);
  }
  return data as T;
}

const enc = encodeURIComponent;

/** Typed wrappers, one per REST call the client uses. */
export const api = {
  me: () => call<{ user: User }>('GET', '/api/me'),
  login: (username: string, password: string) =>
    call<{ user: User }>('POST', '/api/auth/login', { username, password }),
  register: (username: string, password: string, displayName: string) =>
    call<{ user: User }>('POST', '/api/auth/register', { username, password, displayName }),
  logout: () => call<void>('POST', '/api/auth/logout'),
  createUser: (username: string, password: string, displayName: string) =>
    call<{ user: User }>('POST', '/api/users', { username, password, displayName }),
  users: () => call<{ users: User[] }>('GET', '/api/users'),
  /** One account by its exact username (the list holds only people sharing a report). */
  findUser: (username: string) =>
    call<{ users: User[] }>('GET', `/api/users?username=${encodeURIComponent(username)}`),
  /** Every report, following the server's pages (`nextBefore`). */
  reports: async () => {
    const reports: ReportSummary[] = [];
    let before: number | undefined;
    do {
      const page = await call<{ reports: ReportSummary[]; nextBefore?: number }>(
        'GET',
        `/api/reports${before === undefined ? '' : `?before=${before}`}`,
      );
      reports.push(...page.reports);
      before = page.nextBefore;
    } while (before !== undefined);
    return { reports };
  },
  createReport: (title: string, from: { template?: string; from?: string } = {}) =>
    call<{ report: ReportSummary }>('POST', '/api/reports', { title, ...from }),
  report: (id: string) => call<ReportDetail>('GET', `/api/reports/${enc(id)}`),
  renameReport: (id: string, title: string) => call<unknown>('PATCH', `/api/reports/${enc(id)}`, { title }),
  deleteReport: (id: string) =>
    call<{ deletedAt: number; purgeAt: number }>('DELETE', `/api/reports/${enc(id)}`),
  setMember: (id: string, userId: string, role: Role) =>
    call<unknown>('PUT', `/api/reports/${enc(id)}/members/${enc(userId)}`, { role }),
  removeMember: (id: string, userId: string) =>
    call<void>('DELETE', `/api/reports/${enc(id)}/members/${enc(userId)}`),
  addSection: (id: string, title: string, level: number, after: string | null) =>
    call<{ section: SectionInfo }>('POST', `/api/reports/${enc(id)}/sections`, { title, level, after }),
  patchSection: (id: string, sid: string, patch: SectionPatch) =>
    call<{ section: SectionInfo }>('PATCH', `/api/reports/${enc(id)}/sections/${enc(sid)}`, patch),
  deleteSection: (id: string, sid: string) =>
    call<void>('DELETE', `/api/reports/${enc(id)}/sections/${enc(sid)}`),
  moveSection: (id: string, sid: string, after: string | null) =>
    call<{ outline: string[] }>('POST', `/api/reports/${enc(id)}/sections/${enc(sid)}/move`, { after }),
  createComment: (id: string, comment: NewComment) =>
    call<{ comment: { id: string } }>('POST', `/api/reports/${enc(id)}/comments`, comment),
  reply: (id: string, cid: string, body: string) =>
    call<unknown>('POST', `/api/reports/${enc(id)}/comments/${enc(cid)}/replies`, { body }),
  patchComment: (id: string, cid: string, patch: { resolved?: boolean; body?: string }) =>
    call<unknown>('PATCH', `/api/reports/${enc(id)}/comments/${enc(cid)}`, patch),
  deleteComment: (id: string, cid: string) =>
    call<void>('DELETE', `/api/reports/${enc(id)}/comments/${enc(cid)}`),
  notifications: () => call<{ notifications: Notice[]; unread: number }>('GET', '/api/notifications'),
  versions: (id: string, sid: string | null) =>
    call<{ versions: VersionInfo[] }>(
      'GET',
      `/api/reports/${enc(id)}/versions${sid ? `?section=${enc(sid)}` : ''}`,
    ),
  version: (id: string, vid: number) =>
    call<{ version: VersionInfo; blocks: { type: string; level?: number; text: string }[] }>(
      'GET',
      `/api/reports/${enc(id)}/versions/${vid}`,
    ),
  versionDiff: (id: string, vid: number) =>
    call<{ segments: DiffSegment[]; added: number; removed: number }>(
      'GET',
      `/api/reports/${enc(id)}/versions/${vid}/diff`,
    ),
  restoreVersion: (id: string, vid: number) =>
    call<{ version: VersionInfo }>('POST', `/api/reports/${enc(id)}/versions/${vid}/restore`),
  nameVersion: (id: string, name: string, sectionId?: string) =>
    call<{ versions: VersionInfo[] }>('POST', `/api/reports/${enc(id)}/versions`, { name, sectionId }),
  audit: (id: string, sid: string) =>
    call<{ entries: AuditEntry[] }>('GET', `/api/reports/${enc(id)}/sections/${enc(sid)}/audit`),
  markRead: (ids?: number[]) => call<void>('POST', '/api/notifications/read', ids ? { ids } : {}),
};
