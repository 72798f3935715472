/**
 * Markdown and plain-text exports. Headings keep their numbering as written (`一、`, `（一）`…);
 * sections named 开篇/正文/结语/落款 print no heading. Plain text: one line per paragraph, no
 * indentation, the title first. Markdown: `#` title, a section of level n under n + 1 `#`,
 * paragraphs separated by blank lines, `**bold**` / `*italic*`; tables as GFM pipe tables (the first row
 * the header), and in plain text one line per row, cells tab-separated. Comments, when asked for, follow
 * as a list under 批注.
 */
import { isStructuralTitle } from '../../shared/import/markers.ts';
import { type Block, blockText, type Run, runsText, type TableCell } from '../../shared/import/types.ts';
import type { ExportComment, ExportModel } from './read-report.ts';

/** Escapes what the Markdown importer (and common renderers) would read as syntax. `_` is left alone. */
function escapeMd(text: string): string {
  return text
    .replace(/[\\*]/g, '\\$&')
    .replace(/^(\s*)([#>+-])/gm, '$1\\$2')
    .replace(/^(\s*\d{1,3})([.)]\s)/gm, '$1\\$2');
}

function mdRuns(runs: Run[]): string {
  return runs
    .map((run) => {
      const text = escapeMd(run.text);
      // Marks stay off the surrounding spaces, or Markdown would not read them.
      const m = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
      if (!m[2]) return text;
      const mark = run.bold && run.italic ? '***' : run.bold ? '**' : run.italic ? '*' : '';
      return `${m[1]}${mark}${m[2]}${mark}${m[3]}`;
    })
    .join('')
    .replace(/\n/g, '  \n');
}

/** A GFM pipe table: a cell's paragraphs on one line, `|` escaped. */
function mdTable(rows: TableCell[][]): string {
  const cell = (c: TableCell) =>
    c.paragraphs
      .map((p) => mdRuns(p).replace(/ {2}\n/g, ' '))
      .join(' ')
      .replace(/\|/g, '\\|');
  const line = (row: TableCell[]) => `| ${row.map(cell).join(' | ')} |`;
  const [head, ...body] = rows;
  if (!head) return '';
  return [line(head), `|${' --- |'.repeat(Math.max(1, head.length))}`, ...body.map(line)].join('\n');
}

function mdBlock(block: Block): string {
  if (block.type === 'paragraph') return mdRuns(block.runs);
  if (block.type === 'table') return mdTable(block.rows);
  if (block.type === 'heading') return `${'#'.repeat(Math.min(6, block.level + 1))} ${mdRuns(block.runs)}`;
  return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${mdRuns(item)}`).join('\n');
}

function txtBlock(block: Block): string {
  if (block.type !== 'list') return blockText(block);
  return block.items.map((item, i) => `${block.ordered ? `${i + 1})` : '-'} ${runsText(item)}`).join('\n');
}

function commentLines(comments: ExportComment[]): string[] {
  return comments.map((c, i) => {
    const status = c.resolved ? '（已解决）' : '';
    const replies = c.replies.map((r) => `\n   回复 ${r.author}：${r.body}`).join('');
    return `${i + 1}. 〔${c.section}〕“${c.quote}”${status} ${c.author}：${c.body}${replies}`;
  });
}

/** The report as Markdown. */
export function toMarkdown(model: ExportModel): string {
  const out: string[] = [];
  if (model.title) out.push(`# ${escapeMd(model.title)}`);
  for (const s of model.sections) {
    if (!isStructuralTitle(s.title)) out.push(`${'#'.repeat(Math.min(6, s.level + 1))} ${escapeMd(s.title)}`);
    out.push(...s.blocks.map(mdBlock));
  }
  if (model.comments.length) out.push('## 批注', commentLines(model.comments).join('\n'));
  return `${out.join('\n\n')}\n`;
}

/** The report as plain text. */
export function toPlainText(model: ExportModel): string {
  const out: string[] = [];
  if (model.title) out.push(model.title);
  for (const s of model.sections) {
    if (!isStructuralTitle(s.title)) out.push(s.title);
    out.push(...s.blocks.map(txtBlock));
  }
  if (model.comments.length) out.push('', '批注', ...commentLines(model.comments));
  return `${out.join('\n')}\n`;
}
