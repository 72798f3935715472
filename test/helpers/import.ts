/** Calls of the import/export API, and a Word file written the way Word users lay reports out. */

import http from 'node:http';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import JSZip from 'jszip';
import { IMPORT_LIMITS } from '../../server/import-export/import-limits.ts';

/** Markdown at the limits: `IMPORT_LIMITS.sections` headings, paragraphs and characters up to theirs. */
export function reportAtLimits(): string {
  const perSection = IMPORT_LIMITS.paragraphs / IMPORT_LIMITS.sections - 1;
  // Every paragraph as long as the character limit allows, with bold runs (marks cost structs too).
  const room = Math.floor(IMPORT_LIMITS.chars / IMPORT_LIMITS.paragraphs) - 16;
  const filler = '推进重点任务，落实工作责任，群众满意度稳步提升，形成可推广的经验，'
    .repeat(8)
    .slice(0, room);
  const lines: string[] = [];
  for (let s = 1; s <= IMPORT_LIMITS.sections; s++) {
    lines.push(`# 第${s}部分`);
    for (let p = 1; p <= perSection; p++) lines.push(`第${p}项：完成**X项**工作，${filler}。`);
  }
  return lines.join('\n');
}

export interface Upload {
  status: number;
  body: any;
}

const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** POST /api/reports/import with a raw body (pasted text). */
export async function importBody(
  base: string,
  token: string | undefined,
  body: string | Uint8Array,
  query = '',
  contentType = 'text/plain; charset=utf-8',
): Promise<Upload> {
  const res = await fetch(`${base}/api/reports/import${query}`, {
    method: 'POST',
    headers: { ...auth(token), 'content-type': contentType },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
  return { status: res.status, body: await res.json() };
}

/** POST /api/reports/import with a multipart `file`. */
export async function importFile(
  base: string,
  token: string | undefined,
  bytes: Uint8Array | string,
  name: string,
  query = '',
): Promise<Upload> {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : Buffer.from(bytes)]), name);
  const res = await fetch(`${base}/api/reports/import${query}`, {
    method: 'POST',
    headers: auth(token),
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

/**
 * A POST that reads the answer even when the server answers (413) before taking the whole body,
 * which makes fetch give up. A FormData body is serialised the way fetch would send it.
 */
export async function postEarly(
  url: string,
  token: string,
  body: string | Uint8Array | FormData,
  contentType = 'text/plain',
): Promise<{ status: number; body: any }> {
  let bytes: Buffer;
  if (body instanceof FormData) {
    const request = new Request(url, { method: 'POST', body });
    bytes = Buffer.from(await request.arrayBuffer());
    contentType = request.headers.get('content-type') ?? contentType;
  } else bytes = Buffer.from(body);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
      },
      (res) => {
        answered = true;
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.setHeader('content-length', bytes.length);
    // A write error after the answer is the server closing on the rest of the body: expected.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    // Send in chunks and stop once answered, so the server never has to cut the connection under us.
    const send = async () => {
      for (let at = 0; at < bytes.length && !answered; at += 64 * 1024) {
        if (!req.write(bytes.subarray(at, at + 64 * 1024))) await new Promise((r) => req.once('drain', r));
      }
      if (!answered) req.end();
    };
    send().catch(reject);
  });
}

/** GET /api/reports/:id/export. */
export async function exportFile(base: string, token: string | undefined, reportId: string, query: string) {
  const res = await fetch(`${base}/api/reports/${reportId}/export${query}`, { headers: auth(token) });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** A file out of a .docx (zip). */
export async function docxPart(bytes: Uint8Array, part: string): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file(part);
  if (!file) throw new Error(`${part} missing from the .docx`);
  return file.async('string');
}

/** The text of every `w:t` in document.xml, paragraph by paragraph. */
export function docxParagraphs(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .filter(Boolean);
}

/**
 * A 述职报告 as someone would write it in Word: Title style, Heading 1/2, a bold run-in heading, a
 * banner line, a bullet list and a table. Written with the docx package's default styles, not ours.
 */
export async function wordReport(): Promise<Uint8Array> {
  const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const cell = (text: string) => new TableCell({ children: [p(text)] });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'dots',
          levels: [{ level: 0, format: 'bullet', text: '•', alignment: AlignmentType.LEFT }],
        },
      ],
    },
    sections: [
      {
        children: [
          p('【会员资料仅供内部交流使用，严禁外传】'),
          new Paragraph({
            heading: HeadingLevel.TITLE,
            children: [new TextRun('市档案馆馆长2025年述职报告')],
          }),
          p('根据市委组织部要求，现将本人一年来的履职情况报告如下。'),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('一、履行岗位职责情况')] }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('（一）推进档案数字化')] }),
          new Paragraph({
            children: [
              new TextRun({ text: '全年完成馆藏档案数字化X万卷，', bold: true }),
              new TextRun({ text: '数字化率达到X%。', italics: true }),
            ],
          }),
          new Paragraph({ text: '建成电子档案管理系统', numbering: { reference: 'dots', level: 0 } }),
          new Paragraph({ text: '开通网上查档服务', numbering: { reference: 'dots', level: 0 } }),
          new Paragraph({
            heading: HeadingLevel.HEADING_2,
            children: [new TextRun('（二）做好档案利用服务')],
          }),
          new Table({
            rows: [
              new TableRow({ children: [cell('项目'), cell('2025年')] }),
              new TableRow({ children: [cell('接待查档人次'), cell('X人次')] }),
            ],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('二、存在的不足')] }),
          p('一是服务方式还不够便捷。二是专业人才不足。'),
          p('特此报告。'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
