/**
 * CSRF (issue 13.7) in real Chromium: a page served from another port of the same host (same *site*,
 * so the SameSite=Lax session cookie is sent along) tries to make a signed-in admin's browser create
 * an account — a text/plain form post and a `fetch(…, {mode: 'no-cors'})` — and to sign the browser
 * in as someone else (login CSRF). All fail and nothing is created; the same call from the app's own
 * page works (the control).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { type Account, api, createUser, registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';

/**
 * The attacker's page: posts to `target` as soon as it loads, then sets document.title to 'done'. Each
 * form has an iframe of its own: aimed at the one the first form is still loading into, Chromium at
 * times dropped the login post (1 run in 3).
 */
function attackerPage(target: string): string {
  const body = JSON.stringify({ username: 'heike', password: 'mima-12345678', displayName: '黑客' });
  // The classic trick: a text/plain form whose one field name and value together read as JSON.
  const [name, value] = [body.slice(0, -2), body.slice(-2)];
  return `<!doctype html><meta charset="utf-8"><title>attack</title>
<iframe name="sink"></iframe><iframe name="sink2"></iframe>
<form id="f" method="POST" enctype="text/plain" action="${target}/api/users" target="sink">
<input type="hidden" name='${name}' value='${value}'></form>
<form id="login" method="POST" enctype="text/plain" action="${target}/api/auth/login" target="sink2">
<input type="hidden" name='{"username":"lisi","password":"mima-12345678","x":"' value='"}'></form>
<script>
document.getElementById('f').submit();
fetch('${target}/api/users', { method: 'POST', mode: 'no-cors', credentials: 'include',
  headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(body)} })
  .catch(() => {})
  .then(() => fetch('${target}/api/users', { method: 'POST', mode: 'no-cors', credentials: 'include', body: ${JSON.stringify(body)} }))
  .catch(() => {})
  .then(() => { document.getElementById('login').submit(); setTimeout(() => { document.title = 'done'; }, 500); });
</script>`;
}

describeBrowser('browser: cross-site requests', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Account;
  let attacker: http.Server;
  let attackerUrl = '';

  browserSuite(async (s, b) => {
    server = s;
    browser = b;
    admin = await registerAdmin(server.url);
    await createUser(server.url, admin, 'lisi', '李四');
    attacker = http.createServer((_, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(attackerPage(server.url));
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => (attacker ? attacker.close(() => r()) : r())));

  const usernames = async () =>
    (await api(server.url, 'GET', '/api/users', { token: admin.token })).body.users.map(
      (u: { username: string }) => u.username,
    );

  it("a page on another port cannot create an account with the admin's cookie, nor sign the browser in", {
    timeout: 60_000,
  }, async () => {
    const { context, page } = await openPage(browser, server.url);
    await signIn(context, 'wangjuan', 'mima-12345678');
    // The attempts really leave the browser (no-cors answers are opaque to the page, so count requests).
    const sent: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().startsWith(`${server.url}/api/`))
        sent.push(new URL(req.url()).pathname);
    });
    await page.goto(attackerUrl);
    await page.waitForFunction(() => document.title === 'done');
    expect(await usernames()).not.toContain('heike');
    expect(sent.filter((p) => p === '/api/users').length).toBe(3);
    // The page's 500 ms before 'done' is no promise on a busy machine: wait for the login post itself.
    await expect.poll(() => sent.includes('/api/auth/login'), { timeout: 10_000 }).toBe(true);
    // Still the admin, not lisi.
    await page.goto('/');
    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me.user.username).toBe('wangjuan');

    // Control: the same request from the app's own page, as JSON, works.
    const created = await page.evaluate(async () => {
      const res = await fetch('/api/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'zhaoliu', password: 'mima-12345678', displayName: '赵六' }),
      });
      return res.status;
    });
    expect(created).toBe(201);
    expect(await usernames()).toContain('zhaoliu');
    await context.close();
  });
});
