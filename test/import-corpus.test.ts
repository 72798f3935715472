/**
 * The import corpus (test/fixtures/import-corpus): pastes in the styles of 范文 sites, WeChat
 * articles, 文库 downloads, forums and Word copies, each with its expected title, outline, dropped
 * lines and placeholder count (NN-name.json). Prints precision and recall of junk removal and the
 * title and outline accuracy (docs/import-export.md); a content line is never dropped and the
 * title is right on at least 95 % of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../server/import-export/decode.ts';
import { parseImport, summarize } from '../shared/import/index.ts';
import { figure } from './helpers/scale.ts';

interface Expected {
  title: string;
  encoding: string;
  outline: [number, string][];
  dropped: { line: number; text: string }[];
  placeholders: number;
}

const dir = path.join(import.meta.dirname, 'fixtures/import-corpus');
const names = fs
  .readdirSync(dir)
  .filter((f) => /\.(txt|md)$/.test(f))
  .sort();

function run(name: string) {
  const expected = JSON.parse(
    fs.readFileSync(path.join(dir, name.replace(/\.(txt|md)$/, '.json')), 'utf8'),
  ) as Expected;
  const { text, encoding } = decodeText(fs.readFileSync(path.join(dir, name)));
  const parsed = parseImport(text, name.endsWith('.md') ? 'markdown' : 'text');
  const preview = summarize(parsed);
  const junk = new Set(expected.dropped.map((d) => d.line));
  // A dropped list (Markdown `1. ` items) covers one line per item.
  const dropped = parsed.dropped
    .filter((d) => d.text)
    .flatMap((d) => d.text.split('\n').map((text, i) => ({ ...d, line: d.line + i, text })));
  const hits = dropped.filter((d) => junk.has(d.line)).length;
  return {
    name,
    expected,
    encoding,
    parsed,
    placeholders: preview.placeholders,
    outline: parsed.sections.filter((s) => s.kind === 'part').map((s) => [s.level, s.title]),
    hits,
    droppedCount: dropped.length,
    junkCount: junk.size,
    lostContent: dropped.filter((d) => !junk.has(d.line)),
    missedJunk: expected.dropped.filter((d) => !dropped.some((p) => p.line === d.line)),
  };
}

describe('import corpus', () => {
  const results = names.map(run);

  it('has at least 40 documents in varied styles and encodings', () => {
    expect(results.length).toBeGreaterThanOrEqual(40);
    expect(results.filter((r) => r.expected.encoding === 'gb18030').length).toBeGreaterThanOrEqual(3);
    expect(results.filter((r) => r.name.endsWith('.md')).length).toBeGreaterThanOrEqual(4);
  });

  it('reads each file in its encoding', () => {
    for (const r of results) expect([r.name, r.encoding]).toEqual([r.name, r.expected.encoding]);
  });

  it('never drops a content line; title right on ≥ 95 %; prints the figures', () => {
    const hits = results.reduce((n, r) => n + r.hits, 0);
    const dropped = results.reduce((n, r) => n + r.droppedCount, 0);
    const junk = results.reduce((n, r) => n + r.junkCount, 0);
    const titles = results.filter((r) => r.parsed.title === r.expected.title).length;
    const outlines = results.filter(
      (r) => JSON.stringify(r.outline) === JSON.stringify(r.expected.outline),
    ).length;
    const placeholders = results.filter((r) => r.placeholders === r.expected.placeholders).length;
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
    for (const r of results) {
      const marks = [
        r.parsed.title === r.expected.title ? '' : `title "${r.parsed.title}"`,
        r.missedJunk.length ? `missed ${r.missedJunk.map((d) => d.line).join(',')}` : '',
        r.lostContent.length ? `LOST ${r.lostContent.map((d) => `${d.line}:${d.text}`).join(' / ')}` : '',
        JSON.stringify(r.outline) === JSON.stringify(r.expected.outline) ? '' : 'outline differs',
        r.placeholders === r.expected.placeholders
          ? ''
          : `placeholders ${r.placeholders}≠${r.expected.placeholders}`,
      ].filter(Boolean);
      if (marks.length) console.log(`${r.name}: ${marks.join('; ')}`);
    }
    figure('import corpus documents', results.length);
    figure('junk precision', `${pct(hits, dropped)} (${hits}/${dropped})`);
    figure('junk recall', `${pct(hits, junk)} (${hits}/${junk})`);
    figure('title accuracy', `${pct(titles, results.length)} (${titles}/${results.length})`);
    figure('outline accuracy', `${pct(outlines, results.length)} (${outlines}/${results.length})`);
    figure(
      'placeholder counts right',
      `${pct(placeholders, results.length)} (${placeholders}/${results.length})`,
    );
    expect(results.flatMap((r) => r.lostContent.map((d) => `${r.name}:${d.line}:${d.text}`))).toEqual([]);
    expect(titles / results.length).toBeGreaterThanOrEqual(0.95);
  });
});
