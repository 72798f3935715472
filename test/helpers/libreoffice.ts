/**
 * LibreOffice (`soffice`) and poppler (`pdftotext`, `pdffonts`) for render tests of the .docx export.
 *
 * Found on PATH (or `$SOFFICE_PATH`). When one is missing:
 * - under `CI=true` importing this module throws, so the suite fails (.ci/run installs them);
 * - otherwise a loud warning is printed and `describeRender` registers one test, named as such,
 *   that asserts the tool really is absent: the render is NOT checked in that run.
 * Each conversion runs with its own HOME and LibreOffice profile in a temp dir, so it neither reads
 * nor writes the user's profile and parallel test files do not share one (LibreOffice locks it).
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

function which(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const soffice = process.env.SOFFICE_PATH || which('soffice');
const pdftotext = which('pdftotext');
const pdffonts = which('pdffonts');
const missing = [
  ...(soffice ? [] : ['soffice (apt-get install libreoffice-writer-nogui)']),
  ...(pdftotext && pdffonts ? [] : ['pdftotext/pdffonts (apt-get install poppler-utils)']),
];

if (missing.length) {
  const message = `missing ${missing.join(', ')}`;
  if (process.env.CI === 'true') throw new Error(`${message}: .docx render tests cannot run under CI`);
  console.warn(`\n${'!'.repeat(78)}\n!! DOCX RENDER TESTS NOT RUN: ${message}\n${'!'.repeat(78)}\n`);
}

/** `describe` for a render suite; without the tools (and not under CI) one test saying it did not run. */
export function describeRender(name: string, body: () => void): void {
  if (!missing.length) {
    describe(name, body);
    return;
  }
  it(`${name}: NOT RUN, ${missing.join(', ')}`, () => {
    expect(soffice && pdftotext && pdffonts).toBeFalsy();
  });
}

/** Converts a .docx with LibreOffice (`pdf`, `fodt`, `txt`…) and returns the converted file's bytes. */
export async function convert(docx: Uint8Array, to: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coreport-soffice-'));
  try {
    const input = path.join(dir, 'report.docx');
    fs.writeFileSync(input, docx);
    const profile = `file://${path.join(dir, 'profile')}`;
    await run(
      soffice!,
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        to,
        '--outdir',
        dir,
        input,
      ],
      // A fresh profile's first start takes seconds when quiet and over a minute on a loaded 2-core machine.
      { env: { ...process.env, HOME: dir }, timeout: 150_000 },
    );
    const out = path.join(dir, `report.${to.split(':')[0]}`);
    if (!fs.existsSync(out)) throw new Error(`soffice wrote no ${to}`);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface PdfWord {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  text: string;
}

export interface PdfLayout {
  pages: { width: number; height: number }[];
  words: PdfWord[];
  /** `pdffonts` rows: name, whether embedded. */
  fonts: { name: string; embedded: boolean }[];
}

/** Pages, word boxes (`pdftotext -bbox`) and fonts (`pdffonts`) of a PDF. */
export async function readPdf(pdf: Uint8Array): Promise<PdfLayout> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coreport-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, pdf);
    const { stdout: html } = await run(pdftotext!, ['-bbox', file, '-'], { maxBuffer: 64 << 20 });
    const pages: PdfLayout['pages'] = [];
    const words: PdfWord[] = [];
    for (const [i, page] of html.split('<page ').slice(1).entries()) {
      const size = /width="([\d.]+)" height="([\d.]+)"/.exec(page)!;
      pages.push({ width: Number(size[1]), height: Number(size[2]) });
      for (const m of page.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
      )) {
        words.push({ page: i + 1, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text: m[4]! });
      }
    }
    const { stdout: table } = await run(pdffonts!, [file]);
    const fonts = table
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => {
        const cols = line.trim().split(/\s+/);
        // name … type … encoding emb sub uni object ID: `emb` is the 5th column from the end.
        return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
      });
    return { pages, words, fonts };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
