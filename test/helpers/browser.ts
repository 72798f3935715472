/**
 * Chromium for browser tests (playwright-core driving the system Chromium, no bundled browser).
 *
 * Found at `$CHROME_PATH` or `/usr/bin/chromium`. When it is missing:
 * - under `CI=true` importing this module throws, so the suite fails;
 * - otherwise a loud warning is printed and `chromium.available` is false. Browser test files
 *   then register one test, named as such, that asserts Chromium really is absent; the UI is
 *   NOT tested in that run (the warning and the test name say so). See test/browser/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium as pw } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startServer, type TestServer } from './server.ts';

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const available = fs.existsSync(executablePath);

if (!available) {
  const message = `Chromium not found at ${executablePath} (set CHROME_PATH, or apt-get install chromium)`;
  if (process.env.CI === 'true') throw new Error(`${message}: browser tests cannot run under CI`);
  console.warn(`\n${'!'.repeat(78)}\n!! BROWSER TESTS NOT RUN: ${message}\n${'!'.repeat(78)}\n`);
}

/** Where Chromium is expected and whether it is there. */
export const chromium = { executablePath, available };

/**
 * `describe` for a browser suite. Without Chromium (and not under CI) it registers a single
 * test, named to say the suite did not run, which asserts exactly that Chromium is absent.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (chromium.available) {
    describe(name, body);
    return;
  }
  it(`${name}: NOT RUN, Chromium missing at ${executablePath}`, () => {
    expect(fs.existsSync(executablePath)).toBe(false);
  });
}

/**
 * The server and Chromium of one browser suite: started before its tests (after checking the client is
 * built), handed to `use`, and stopped after them.
 */
export function browserSuite(use: (server: TestServer, browser: Browser) => void | Promise<void>): void {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    assertClientBuilt(repoRoot);
    server = await startServer();
    browser = await launchBrowser();
    await use(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
}

/** Fail early with a clear message when the client has not been built. */
export function assertClientBuilt(repoRoot: string): void {
  const index = path.join(repoRoot, 'dist/client/index.html');
  if (!fs.existsSync(index)) throw new Error(`${index} missing: run \`npm run build\` first (npm test does)`);
}

/** Directory for screenshots (git-ignored); created on demand. */
export function screenshotPath(repoRoot: string, name: string): string {
  const dir = path.join(repoRoot, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** Launch headless Chromium with flags that work in containers. */
export function launchBrowser(): Promise<Browser> {
  return pw.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Console errors that are not faults: the browser logs every 4xx response (e.g. GET /api/me before
 * signing in); and the stock y-websocket provider answering a message that arrived just before a close
 * frame (its `onmessage` replies with `websocket.send` without checking `readyState`): Chromium logs
 * and discards that reply, and the provider resyncs on reconnect, so nothing is lost.
 */
const EXPECTED_CONSOLE = [/^Failed to load resource/, /^WebSocket is already in CLOSING or CLOSED state\.$/];

/** A fresh context (own cookies) and page on `baseURL`, failing the test on page errors. */
export async function openPage(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1366, height: 800 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  // Fail fast inside the test's own timeout rather than Playwright's 30 s.
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !EXPECTED_CONSOLE.some((re) => re.test(msg.text())))
      errors.push(msg.text());
  });
  return { context, page, errors };
}

/** Sign a context in through the REST API (sets the session cookie). */
export async function signIn(context: BrowserContext, username: string, password: string): Promise<void> {
  const res = await context.request.post('/api/auth/login', { data: { username, password } });
  if (!res.ok()) throw new Error(`login ${username} failed: ${res.status()} ${await res.text()}`);
}
