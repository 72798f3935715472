import type { SectionInfo } from '../../shared/layout.ts';

export interface ApiResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON call to a running server. */
export async function api<T = any>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetchOnce(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/**
 * `fetch`, with a GET sent again once if its pooled keep-alive connection was reset: the server closing
 * an idle connection as the request goes out (its keep-alive timeout) is a race of the client's pool,
 * seen in CI at load 20+. A server that is down fails the second try too.
 */
async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (init.method !== 'GET' || code !== 'ECONNRESET') throw err;
    return await fetch(url, init);
  }
}

/** The password of every account these helpers make. */
export const PASSWORD = 'mima-12345678';

export interface Account {
  id: string;
  token: string;
  /** Set by the helpers that made the account (pages sign in with it). */
  username?: string;
  displayName: string;
}

/** The first account (admin) of a fresh server. */
export async function registerAdmin(
  base: string,
  username = 'wangjuan',
  displayName = '王娟',
): Promise<Account> {
  const res = await api(base, 'POST', '/api/auth/register', {
    body: { username, password: PASSWORD, displayName },
  });
  if (res.status !== 201) throw new Error(`register failed: ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, token: res.body.token, username, displayName };
}

/** An account created by the admin, signed in. */
export async function createUser(
  base: string,
  admin: Account,
  username: string,
  displayName: string,
): Promise<Account> {
  const created = await api(base, 'POST', '/api/users', {
    token: admin.token,
    body: { username, password: PASSWORD, displayName },
  });
  if (created.status !== 201) throw new Error(`create user failed: ${JSON.stringify(created.body)}`);
  const login = await api(base, 'POST', '/api/auth/login', { body: { username, password: PASSWORD } });
  return { id: login.body.user.id, token: login.body.token, username, displayName };
}

export async function createReport(
  base: string,
  leader: Account,
  title = '2026年度工作总结',
): Promise<string> {
  const res = await api(base, 'POST', '/api/reports', { token: leader.token, body: { title } });
  if (res.status !== 201) throw new Error(`create report failed: ${JSON.stringify(res.body)}`);
  return res.body.report.id;
}

export async function addSection(
  base: string,
  leader: Account,
  reportId: string,
  title: string,
  assignees: string[] = [],
): Promise<SectionInfo> {
  const res = await api(base, 'POST', `/api/reports/${reportId}/sections`, {
    token: leader.token,
    body: { title },
  });
  if (res.status !== 201) throw new Error(`add section failed: ${JSON.stringify(res.body)}`);
  if (assignees.length) {
    const patched = await api(base, 'PATCH', `/api/reports/${reportId}/sections/${res.body.section.id}`, {
      token: leader.token,
      body: { assignees },
    });
    if (patched.status !== 200) throw new Error(`assign failed: ${JSON.stringify(patched.body)}`);
    return patched.body.section;
  }
  return res.body.section;
}

export async function setRole(base: string, leader: Account, reportId: string, userId: string, role: string) {
  const res = await api(base, 'PUT', `/api/reports/${reportId}/members/${userId}`, {
    token: leader.token,
    body: { role },
  });
  if (res.status !== 200) throw new Error(`set role failed: ${JSON.stringify(res.body)}`);
}

export interface WriterReport {
  leader: Account;
  writer: Account;
  reportId: string;
  /** The report's first section, assigned to the writer. */
  section: SectionInfo;
}

/**
 * The setup of most two-person tests: the admin 王娟 (or `leader`) leads a new report whose one
 * section the writer 李四 (or `writer`) owns.
 */
export async function reportWithWriter(
  base: string,
  options: { leader?: Account; writer?: [username: string, displayName: string]; title?: string } = {},
): Promise<WriterReport> {
  const leader = options.leader ?? (await registerAdmin(base, 'wangjuan', '王娟'));
  const [username, displayName] = options.writer ?? ['lisi', '李四'];
  const writer = await createUser(base, leader, username, displayName);
  const reportId = await createReport(base, leader, options.title ?? '2024年度工作总结');
  await setRole(base, leader, reportId, writer.id, 'writer');
  const section = await addSection(base, leader, reportId, '一、主要工作', [writer.id]);
  return { leader, writer, reportId, section };
}

export interface ReportCast {
  leader: Account;
  /** 李四, a writer. */
  writer: Account;
  /** 张三, a second writer. */
  other: Account;
  commenter: Account;
  viewer: Account;
  /** 外部人员: an account, but no member of the report. */
  outsider: Account;
  reportId: string;
}

/** One account per role on a new report led by the admin: the cast of the REST and sync suites. */
export async function reportWithCast(base: string, title?: string): Promise<ReportCast> {
  const leader = await registerAdmin(base);
  const writer = await createUser(base, leader, 'lisi', '李四');
  const other = await createUser(base, leader, 'zhangsan', '张三');
  const commenter = await createUser(base, leader, 'shenyue', '审阅人');
  const viewer = await createUser(base, leader, 'duzhe', '读者');
  const outsider = await createUser(base, leader, 'waibu', '外部人员');
  const reportId = await createReport(base, leader, title);
  await setRole(base, leader, reportId, writer.id, 'writer');
  await setRole(base, leader, reportId, other.id, 'writer');
  await setRole(base, leader, reportId, commenter.id, 'commenter');
  await setRole(base, leader, reportId, viewer.id, 'viewer');
  return { leader, writer, other, commenter, viewer, outsider, reportId };
}
