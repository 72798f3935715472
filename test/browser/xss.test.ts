/**
 * Browser safety (docs/reliability.md): hostile content reaches the page every way it can —
 * HTML and Markdown pasted into an editor, nodes, marks and attributes written straight into the
 * Y.Doc by a stock client, HTML in comment bodies and section titles — and nothing runs: a
 * `window.__pwned` trap stays 0, no dialog opens, no popup appears, and the page reports zero
 * Content-Security-Policy violations (the CSP is the second line; the first must hold alone).
 * Links keep only http/https/mailto targets; content the schema cannot show is reported, and
 * stays in the shared document byte for byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import ts from 'typescript';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { anchorFor } from '../helpers/anchors.ts';
import { addSection, api, createReport, registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, type launchBrowser, openPage, signIn } from '../helpers/browser.ts';
import { bodyText, connect, synced, until } from '../helpers/clients.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type Trap = { pwned: unknown; csp: string[] };
type Marks = Record<string, Record<string, unknown> | null>;

const CONTENT_ERROR = '本节包含当前版本无法显示的内容';
const REL = 'noopener noreferrer nofollow';

const PASTED_HTML = [
  '<p>粘贴的正文<img src=x onerror="window.__pwned=1"></p>',
  '<script>window.__pwned=2</script>',
  '<p><a href="javascript:window.__pwned=3">恶意链接</a>、',
  '<a href="data:text/html,<script>parent.__pwned=4</script>">数据链接</a>、',
  '<a href=" java&#9;script:window.__pwned=5">伪装链接</a>、',
  '<a href="https://www.gov.cn/" onclick="window.__pwned=6" target="_self" rel="opener">正常链接</a></p>',
  '<p onmouseover="window.__pwned=7" style="background:url(javascript:window.__pwned=8)">带事件的段落</p>',
  '<p><span style="font-weight:700">样式加粗</span></p>',
  '<svg onload="window.__pwned=9"><circle r="1"></circle></svg>',
  '<iframe src="javascript:parent.__pwned=10"></iframe><object data="data:text/html,x"></object>',
  '<details open ontoggle="window.__pwned=11"><summary>折叠</summary>内容</details>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=12">',
].join('');

const PASTED_MARKDOWN = [
  '[点我领取](javascript:window.__pwned=13)',
  '![图片](x" onerror="window.__pwned=14)',
  '<img src=x onerror=window.__pwned=15>',
  '[数据](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xNjwvc2NyaXB0Pg==)',
].join('\n');

/** Set up before any page script: the trap, and a record of every CSP violation. */
async function installTrap(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __pwned: unknown; __csp: string[] };
    w.__pwned = 0;
    w.__csp = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`),
      true,
    );
  });
}

const trap = (page: Page): Promise<Trap> =>
  page.evaluate(() => {
    const w = window as unknown as { __pwned: unknown; __csp: string[] };
    return { pwned: w.__pwned, csp: [...w.__csp] };
  });

/** paste-clean.ts as a script for page.evaluate (which the page's CSP does not apply to). */
function cleanerScript(): string {
  const file = path.join(repoRoot, 'client/src/editor/paste-clean.ts');
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  const body = outputText.replace(/^export /gm, '');
  return `(() => { ${body}; window.__clean = { cleanPastedHtml, restoreStyles }; })()`;
}

/** Paste as the clipboard would: a paste event carrying a DataTransfer. */
async function paste(editor: Locator, data: Record<string, string>): Promise<void> {
  await editor.click();
  await editor.press('End');
  await editor.evaluate((el, items) => {
    const clipboardData = new DataTransfer();
    for (const [type, value] of Object.entries(items)) clipboardData.setData(type, value);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, data);
}

/** Every href of a link mark in a section body. */
function linkHrefs(fragment: Y.XmlFragment | Y.XmlElement): unknown[] {
  const out: unknown[] = [];
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { attributes?: Marks }[]) {
        for (const [name, attrs] of Object.entries(op.attributes ?? {}))
          if (name.split('--')[0] === 'link') out.push(attrs?.href);
      }
    } else if (child instanceof Y.XmlElement) out.push(...linkHrefs(child));
  }
  return out;
}

/** A paragraph of text runs with explicit marks (null clears a mark, as y-tiptap writes them). */
function paragraph(runs: [string, Marks][], attributes: Record<string, string> = {}): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  for (const [name, value] of Object.entries(attributes)) p.setAttribute(name, value);
  const text = new Y.XmlText();
  p.insert(0, [text]);
  // A text not yet in a doc reports length 0: count the offset here.
  let at = 0;
  for (const [run, marks] of runs) {
    text.insert(at, run, marks);
    at += run.length;
  }
  return p;
}

function element(name: string, attributes: Record<string, string>, text?: string): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
  if (text !== undefined) el.insert(0, [new Y.XmlText(text)]);
  return el;
}

const link = (href: string, extra: Record<string, unknown> = {}): Marks => ({
  link: { href, target: '_blank', rel: REL, class: null, title: null, ...extra },
});

describeBrowser('browser: hostile content never runs', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('pasted, injected and commented payloads: nothing executes, zero CSP violations', {
    timeout: 90_000,
  }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const reportId = await createReport(server.url, leader, '<script>window.__pwned=50</script>年度总结');
    const pasted = await addSection(server.url, leader, reportId, '一、粘贴', [leader.id]);
    const links = await addSection(server.url, leader, reportId, '二、链接', [leader.id]);
    const nodes = await addSection(server.url, leader, reportId, '三、未知节点', [leader.id]);
    const attrs = await addSection(
      server.url,
      leader,
      reportId,
      '<img src=x onerror="window.__pwned=51">四、事件属性',
      [leader.id],
    );

    const { context, page, errors } = await openPage(browser, server.url);
    const dialogs: string[] = [];
    const popups: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    context.on('page', (p) => popups.push(p.url()));
    await installTrap(context);
    await signIn(context, 'wangjuan', 'mima-12345678');
    await page.goto(`/#/r/${reportId}`);
    const section = (sid: string) => page.locator(`cr-section[data-sid="${sid}"]`);
    const editorA = section(pasted.id).locator('.ProseMirror');
    await expect.poll(() => editorA.getAttribute('contenteditable')).toBe('true');

    // Control: the policy is live in this page and the recorder sees what it blocks.
    const logged = errors.length;
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 99';
      document.body.append(s);
    });
    await expect.poll(async () => (await trap(page)).csp.length).toBeGreaterThan(0);
    expect((await trap(page)).pwned).toBe(0);
    await expect.poll(() => errors.length).toBe(logged + 1);
    expect(errors.splice(logged)).toEqual([expect.stringContaining('Executing inline script violates')]);
    await page.evaluate(() => {
      (window as unknown as { __csp: string[] }).__csp.length = 0;
    });

    // 1. HTML pasted into an editor: text kept, links only when allowed, nothing live.
    await paste(editorA, { 'text/html': PASTED_HTML, 'text/plain': '粘贴的正文' });
    for (const text of ['粘贴的正文', '恶意链接', '数据链接', '伪装链接', '正常链接', '带事件的段落'])
      await section(pasted.id).getByText(text).first().waitFor();
    // Formatting given by inline styles survives the cleaning (restored through CSSOM).
    await editorA.locator('strong', { hasText: '样式加粗' }).waitFor();
    const hrefsA = await editorA
      .locator('a')
      .evaluateAll((as) =>
        as.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), (a as HTMLAnchorElement).target]),
      );
    expect(hrefsA).toEqual([['https://www.gov.cn/', REL, '_blank']]);
    expect(
      await editorA.locator('img, script, svg, iframe, object, [onclick], [onmouseover], [style]').count(),
    ).toBe(0);

    // 2. Markdown pasted as plain text stays text.
    await paste(editorA, { 'text/plain': PASTED_MARKDOWN });
    await section(pasted.id).getByText('[点我领取](javascript:window.__pwned=13)').waitFor();
    expect(await editorA.locator('a').count()).toBe(1);
    expect(await editorA.locator('img').count()).toBe(0);

    // What the paste wrote to the shared doc carries no forbidden link either.
    const raw = connect(server.wsUrl, reportId, leader.token);
    await synced(raw);
    await until(() => bodyText(raw.doc, pasted.id).includes('[点我领取]'), 'the pasted text on the server');
    expect(linkHrefs(raw.doc.getXmlFragment(bodyRoot(pasted.id)))).toEqual(['https://www.gov.cn/']);

    // 3. Straight into the Y.Doc: link marks with forbidden targets and tampered attributes.
    raw.doc.getXmlFragment(bodyRoot(links.id)).push([
      paragraph([
        ['脚本链接', link('javascript:window.__pwned=20')],
        ['、', { link: null }],
        ['数据链接二', link('data:text/html,<script>parent.__pwned=21</script>')],
        ['、', { link: null }],
        ['空白链接', link('\u0001 javascript:window.__pwned=22')],
        ['、', { link: null }],
        ['正常链接二', link('https://www.gov.cn/', { target: '_self', rel: 'opener', class: 'evil' })],
      ]),
    ]);
    // Unknown nodes, and event-handler attributes on known nodes and marks: reported, not drawn.
    raw.doc
      .getXmlFragment(bodyRoot(nodes.id))
      .push([
        paragraph([['未知节点前的正文', {}]]),
        element('image', { src: 'x', onerror: 'window.__pwned=23' }),
        element('script', {}, 'window.__pwned=24'),
        element('iframe', { src: 'javascript:parent.__pwned=25' }, '框架'),
      ]);
    raw.doc
      .getXmlFragment(bodyRoot(attrs.id))
      .push([
        paragraph([['点击段落', {}]], { onclick: 'window.__pwned=26', style: 'background:url(x)' }),
        paragraph([['悬停加粗', { bold: { onmouseover: 'window.__pwned=27' } }]]),
      ]);
    const snapshot = (sid: string) => raw.doc.getXmlFragment(bodyRoot(sid)).toString();
    const injected = [links.id, nodes.id, attrs.id].map(snapshot);

    const drawnLinks = section(links.id).locator('.ProseMirror a');
    await expect.poll(() => drawnLinks.count()).toBe(4);
    expect(
      await drawnLinks.evaluateAll((as) =>
        as.map((a) => [
          a.textContent,
          a.getAttribute('href'),
          a.getAttribute('rel'),
          (a as HTMLAnchorElement).target,
          a.className,
        ]),
      ),
    ).toEqual([
      ['脚本链接', null, null, '', ''],
      ['数据链接二', null, null, '', ''],
      ['空白链接', null, null, '', ''],
      ['正常链接二', 'https://www.gov.cn/', REL, '_blank', ''],
    ]);
    // Clicking the neutralised links (the editor is editable, so Tiptap's click handler runs) does nothing.
    for (const text of ['脚本链接', '数据链接二', '空白链接']) await drawnLinks.getByText(text).click();

    for (const sid of [nodes.id, attrs.id]) {
      await section(sid).getByText(CONTENT_ERROR).waitFor();
      expect(await section(sid).locator('.ProseMirror').count()).toBe(0);
    }
    // The fallback shows the text as text: the script's source is visible, not run.
    await section(nodes.id).locator('.fallback', { hasText: 'window.__pwned=24' }).waitFor();
    await section(attrs.id).locator('.fallback', { hasText: '悬停加粗' }).waitFor();
    expect(
      await page.locator('cr-report img, cr-report script, cr-report iframe, cr-report object').count(),
    ).toBe(0);

    // 4. HTML in comment bodies (and in the quote): shown as text.
    const anchor = anchorFor(raw.doc, pasted.id, '粘贴的正文');
    const body = '<img src=x onerror="window.__pwned=30">请核实<script>window.__pwned=31</script>';
    const posted = await api(server.url, 'POST', `/api/reports/${reportId}/comments`, {
      token: leader.token,
      body: {
        sectionId: pasted.id,
        anchor,
        quote: '<b onmouseover="window.__pwned=32">粘贴的正文</b>',
        body,
      },
    });
    expect(posted.status).toBe(201);
    const reply = '<a href="javascript:window.__pwned=33">回复链接</a>';
    const replied = await api(
      server.url,
      'POST',
      `/api/reports/${reportId}/comments/${posted.body.comment.id}/replies`,
      {
        token: leader.token,
        body: { body: reply },
      },
    );
    expect(replied.status).toBe(201);
    const thread = page.locator('cr-thread').first();
    await thread.getByText(body, { exact: true }).waitFor();
    await thread.getByText(reply, { exact: true }).waitFor();
    await thread.getByText('<b onmouseover="window.__pwned=32">粘贴的正文</b>').waitFor();
    expect(await page.locator('cr-thread a, cr-thread img, cr-thread script, cr-thread b').count()).toBe(0);

    // Titles with HTML are text too.
    await section(attrs.id).getByText('<img src=x onerror="window.__pwned=51">四、事件属性').waitFor();

    // 5. Nothing the page did deleted or "repaired" the injected content: a write made after it
    //    all was drawn arrives, and the injected bodies are what was written.
    await editorA.click();
    await editorA.press('End');
    await page.keyboard.type('同步标记');
    await until(() => bodyText(raw.doc, pasted.id).includes('同步标记'), 'a later edit from the page');
    expect([links.id, nodes.id, attrs.id].map(snapshot)).toEqual(injected);

    const before = await trap(page);
    expect(before).toEqual({ pwned: 0, csp: [] });

    // 6. The same content loaded fresh: still reported, still inert.
    await page.reload();
    await section(nodes.id).getByText(CONTENT_ERROR).waitFor();
    await section(attrs.id).getByText(CONTENT_ERROR).waitFor();
    await expect.poll(() => section(links.id).locator('.ProseMirror a[href]').count()).toBe(1);
    await page.locator('cr-thread').first().getByText(body, { exact: true }).waitFor();
    expect(await trap(page)).toEqual({ pwned: 0, csp: [] });

    raw.destroy();
    expect(dialogs).toEqual([]);
    expect(popups).toEqual([]);
    // The schema guard logs what did not fit; nothing else may go wrong on the page.
    expect(errors.filter((e) => !e.includes('does not fit the editor schema'))).toEqual([]);
  });
  it('cleaned paste HTML never makes the browser parser report a violation (fuzz)', {
    timeout: 60_000,
  }, async () => {
    const { context, page, errors } = await openPage(browser, server.url);
    await installTrap(context);
    await page.goto('/');
    await page.locator('cr-login').waitFor();
    await page.evaluate(cleanerScript());
    const pieces = [
      '<img',
      '<svg',
      '<p',
      '<a',
      '<base',
      '<style',
      '<style>',
      '</style>',
      '<textarea>',
      '</textarea>',
      '<title>',
      '<noscript>',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<math><mtext>',
      '<table>',
      '<mglyph>',
      ' onerror=x()',
      'onload=y()',
      ' ONCLICK = "z()"',
      ' style="color:red"',
      'style=a',
      ' href="https://a.cn"',
      ' title="',
      "'",
      '"',
      '=',
      '/',
      ' ',
      '\t',
      '\n',
      '>',
      '<',
      'x',
      '正文',
    ];
    const samples = fc.sample(
      fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 24 }).map((a) => a.join('')),
      600,
    );
    const run = (clean: boolean) =>
      page.evaluate(
        async ({ samples, clean }) => {
          const w = window as unknown as {
            __csp: string[];
            __clean: { cleanPastedHtml(s: string): string; restoreStyles(el: HTMLElement): void };
          };
          w.__csp.length = 0;
          const bad = new Set<string>();
          for (const sample of samples) {
            const seen = w.__csp.length;
            const doc = document.implementation.createHTMLDocument('paste');
            doc.body.innerHTML = clean ? w.__clean.cleanPastedHtml(sample) : sample;
            if (clean) w.__clean.restoreStyles(doc.body);
            await new Promise((r) => setTimeout(r, 0));
            if (w.__csp.length > seen) bad.add(sample);
          }
          await new Promise((r) => setTimeout(r, 200));
          return { violations: w.__csp.length, bad: [...bad].slice(0, 5) };
        },
        { samples, clean },
      );
    // Control: the same inputs, not cleaned, do make the parser report violations.
    expect((await run(false)).violations).toBeGreaterThan(0);
    expect(await run(true)).toEqual({ violations: 0, bad: [] });
    // The uncleaned control logged its violations as console errors; nothing else may have.
    expect(errors.filter((e) => !e.includes('violates the following Content Security Policy'))).toEqual([]);
  });
});
