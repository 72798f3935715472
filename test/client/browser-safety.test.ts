/**
 * Browser safety, the parts that need no browser: which link targets are allowed, that the
 * editor schema parses links through the same check, that the schema guard reports attributes
 * the schema does not define (y-tiptap would drop them on the next edit), and what the paste
 * cleaner does to HTML strings (test/browser/xss.test.ts fuzzes it against Chromium's parser).
 */
import { getSchema } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanPastedHtml, STYLE_ATTR } from '../../client/src/editor/paste-clean.ts';
import { misfit } from '../../client/src/editor/schema-guard.ts';
import { isSafeHref } from '../../shared/safe-href.ts';
import { schemaExtensions } from '../../shared/section-schema.ts';

describe('isSafeHref', () => {
  it('allows absolute http, https and mailto addresses', () => {
    for (const href of [
      'https://www.gov.cn/zhengce/',
      'http://10.0.0.8/oa?id=1',
      'HTTPS://EXAMPLE.COM',
      'mailto:bgs@example.gov.cn',
      'https://例子.中国/路径',
    ])
      expect(isSafeHref(href), href).toBe(true);
  });

  it('refuses every other scheme, however it is disguised', () => {
    for (const href of [
      'javascript:window.__pwned=1',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      '\u0001javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'javascript&colon;alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://example.com/x',
      'tel:12345',
      'ftp://example.com/',
    ])
      expect(isSafeHref(href), JSON.stringify(href)).toBe(false);
  });

  it('refuses relative, empty, oversized and non-string values', () => {
    for (const href of ['', '/api/me', '#/r/1', '//evil.example/', 'x', `https://a.cn/${'a'.repeat(3000)}`])
      expect(isSafeHref(href), href.slice(0, 40)).toBe(false);
    for (const value of [null, undefined, 1, {}, ['https://a.cn']]) expect(isSafeHref(value)).toBe(false);
  });
});

describe('link parsing in the editor schema', () => {
  const link = getSchema(schemaExtensions()).marks.link!;
  const rule = link.spec.parseDOM![0]!;
  const attrsOf = (href: string) =>
    rule.getAttrs!({ getAttribute: (name: string) => (name === 'href' ? href : null) } as never);

  it('keeps only allowed links from pasted or dropped HTML', () => {
    expect(attrsOf('https://www.gov.cn/')).not.toBe(false);
    expect(attrsOf('mailto:bgs@example.gov.cn')).not.toBe(false);
    expect(attrsOf('javascript:alert(1)')).toBe(false);
    expect(attrsOf('data:text/html,x')).toBe(false);
    expect(attrsOf('/relative')).toBe(false);
  });
});

describe('schema guard: attributes', () => {
  const fragment = (build: (f: Y.XmlFragment) => void) => {
    const f = new Y.Doc().getXmlFragment('body:s1');
    build(f);
    return f;
  };
  const paragraph = (text: string, marks?: Record<string, unknown>) => {
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    p.insert(0, [t]);
    t.insert(0, text, marks);
    return p;
  };

  it('accepts the attributes the schema defines, links with any href included', () => {
    const ok = fragment((f) => {
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', 2 as unknown as string);
      h.insert(0, [new Y.XmlText('（一）标题')]);
      f.push([h, paragraph('见附件', { link: { href: 'javascript:alert(1)', target: '_blank' } })]);
    });
    // A bad href is not a schema error: it is neutralised where links are drawn.
    expect(misfit(ok)).toBeNull();
  });

  it('reports attributes on nodes and marks that the schema does not define', () => {
    const onNode = fragment((f) => {
      const p = paragraph('正文');
      p.setAttribute('onclick', 'window.__pwned=1');
      f.push([p]);
    });
    expect(misfit(onNode)).toMatch(/unknown attribute onclick on node paragraph/);
    const onMark = fragment((f) => f.push([paragraph('加粗', { bold: { onmouseover: 'x()' } })]));
    expect(misfit(onMark)).toMatch(/unknown attribute onmouseover on mark bold/);
    const style = fragment((f) =>
      f.push([paragraph('链接', { link: { href: 'https://a.cn', style: 'x' } })]),
    );
    expect(misfit(style)).toMatch(/unknown attribute style on mark link/);
  });
});

describe('cleanPastedHtml', () => {
  it('drops event handlers however they are written, keeping the rest of the tag', () => {
    expect(cleanPastedHtml('<img src=x onerror=alert(1)>')).toBe('<img src=x  >');
    expect(cleanPastedHtml('<img src="x"onerror="alert(1)">')).toBe('<img src="x" >');
    expect(cleanPastedHtml('<svg/onload=alert(1)>')).toBe('<svg/ >');
    expect(cleanPastedHtml('<p\tONCLICK\n=\n"x()" title=\'t\'>正文</p>')).toBe("<p\t  title='t'>正文</p>");
    expect(cleanPastedHtml('<a href="https://www.gov.cn/" onmouseover=\'x()\'>链接</a>')).toBe(
      '<a href="https://www.gov.cn/"  >链接</a>',
    );
  });

  it('sets style attributes aside instead of dropping them', () => {
    expect(cleanPastedHtml('<span style="font-weight:700">粗</span>')).toBe(
      `<span ${STYLE_ATTR}="font-weight:700">粗</span>`,
    );
    expect(cleanPastedHtml('<p STYLE=color:red>x</p>')).toBe(`<p ${STYLE_ATTR}=color:red>x</p>`);
  });

  it('removes <style> elements with their content, and <base> tags', () => {
    expect(cleanPastedHtml('<style>.MsoNormal{margin:0}</style><p>正文</p>')).toBe(' <p>正文</p>');
    expect(cleanPastedHtml('<STYLE type=text/css>p{}</STYLE >后')).toBe(' 后');
    expect(cleanPastedHtml('<base href="https://evil.example/"><a href=x>y</a>')).toBe(' <a href=x>y</a>');
  });

  it('reaches tags hidden from a naive reading (comments, raw text, attribute values)', () => {
    for (const hidden of [
      '<!-- <p title="--><img src=x onerror=alert(1)>"> -->',
      '<textarea><p title="</textarea><img src=x onerror=alert(1)>"></textarea>',
      '<style><p title="</style><img src=x onerror=alert(1)>">',
      '<svg><![CDATA[ ><img src=x onerror=alert(1)> ]]></svg>',
      "<img src='x' o<style>a</style>nerror=alert(1)>",
    ])
      expect(cleanPastedHtml(hidden), hidden).not.toMatch(/on\w*=|onerror|<style/i);
  });

  it('leaves ordinary report HTML alone and is idempotent', () => {
    const plain =
      '<h2>一、主要工作</h2><p><b>全年</b>完成<a href="https://www.gov.cn/">重点任务</a>X项。</p>';
    expect(cleanPastedHtml(plain)).toBe(plain);
    const word =
      '<p class=MsoNormal style="mso-line-height:1.5" onclick="x()"><span lang=ZH-CN>正文</span></p>';
    const once = cleanPastedHtml(word);
    expect(cleanPastedHtml(once)).toBe(once);
  });
});
