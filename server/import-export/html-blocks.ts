/**
 * The HTML mammoth writes for a .docx → source blocks for the structure rules. Mammoth's output is
 * small and regular (p, h1–h6, strong, em, ul/ol/li, table/tr/td, br, a, img, sup/sub), so a tag
 * scanner is enough. Tables become table blocks: rows of cells (`th` a header cell, `colspan` and
 * `rowspan` kept, bold in a header cell taken for its look), each cell's paragraphs, list items and headings its paragraphs; a table nested in
 * a cell gives its cells' text to that cell as paragraphs. Images are left out. Footnotes are dropped cleanly (the `[1]` reference and
 * the list mammoth appends with its `↑` back links); superscript and subscript digits and signs
 * become their Unicode forms (`m²`, `CO₂`), the editor schema having no such marks.
 */
import type { Block, Run, SourceBlock, TableCell } from '../../shared/import/types.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ENTITIES[e] ?? m;
  });

const SUP: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  n: 'ⁿ',
  i: 'ⁱ',
};
const SUB: Record<string, string> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '+': '₊',
  '-': '₋',
  '=': '₌',
  '(': '₍',
  ')': '₎',
};
/** `t` in super/subscript characters when each has one; else as it is. */
const shifted = (t: string, map: Record<string, string>) =>
  [...t].every((ch) => map[ch]) ? [...t].map((ch) => map[ch]).join('') : t;

/** Mammoth's footnote and endnote references (`<sup><a href="#footnote-1">[1]</a></sup>`) and notes list. */
function withoutNotes(html: string): string {
  return html
    .replace(/<sup><a href="#(?:footnote|endnote)-\d+"[^>]*>[^<]*<\/a><\/sup>/g, '')
    .replace(/<ol>(?:<li id="(?:footnote|endnote)-\d+">[\s\S]*?<\/li>)+<\/ol>/g, '');
}

/** A cell tag's `colspan` and `rowspan` when above 1 (capped: the editor allows 100). */
function spans(tag: string): Pick<TableCell, 'colspan' | 'rowspan'> {
  const out: Pick<TableCell, 'colspan' | 'rowspan'> = {};
  for (const key of ['colspan', 'rowspan'] as const) {
    const value = Number(new RegExp(`\\b${key}="?(\\d+)`, 'i').exec(tag)?.[1]);
    if (value > 1) out[key] = Math.min(100, value);
  }
  return out;
}

/** Reads mammoth HTML into blocks; `depth` is set on h1–h6, `styledTitle` on Word's Title. */
export function htmlBlocks(source: string): SourceBlock[] {
  const html = withoutNotes(source);
  const out: SourceBlock[] = [];
  let runs: Run[] | null = null;
  let depth: number | undefined;
  let bold = 0;
  let italic = 0;
  let sup = 0;
  let sub = 0;
  let styledTitle = false;
  const lists: (Block & { type: 'list' })[] = [];
  let table: (Block & { type: 'table' }) | null = null;
  let tables = 0;
  let row: TableCell[] | null = null;
  let cell: TableCell | null = null;
  let n = 0;

  /** The paragraph of the open cell that text goes to. */
  const cellParagraph = (c: TableCell) => {
    if (!c.paragraphs.length) c.paragraphs.push([]);
    return c.paragraphs[c.paragraphs.length - 1]!;
  };
  const text = (t: string) => {
    const target = cell ? cellParagraph(cell) : runs;
    if (!target || !t) return;
    const run: Run = { text: sup ? shifted(t, SUP) : sub ? shifted(t, SUB) : t };
    if (bold) run.bold = true;
    if (italic) run.italic = true;
    const prev = target[target.length - 1];
    if (prev && !!prev.bold === !!run.bold && !!prev.italic === !!run.italic) prev.text += run.text;
    else target.push(run);
  };
  const endBlock = () => {
    if (!runs) return;
    const trimmed = runs.filter((r) => r.text.trim());
    const list = lists[lists.length - 1];
    if (list) list.items.push(runs);
    else if (trimmed.length) {
      out.push({
        line: ++n,
        block: { type: 'paragraph', runs },
        ...(depth ? { depth } : {}),
        ...(styledTitle ? { styledTitle } : {}),
      });
    }
    runs = null;
    depth = undefined;
    styledTitle = false;
  };

  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>|([^<]+)/gi)) {
    if (m[3] !== undefined) {
      text(decode(m[3]));
      continue;
    }
    const close = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (tag === 'table') {
      if (!close && tables++ === 0) {
        endBlock();
        table = { type: 'table', rows: [] };
      } else if (close && tables > 0 && --tables === 0 && table) {
        if (table.rows.length) out.push({ line: ++n, block: table });
        table = row = cell = null;
      }
    } else if (tables > 1 && (tag === 'td' || tag === 'th')) {
      // A nested table's cell: a paragraph more in the outer cell.
      if (cell) cell.paragraphs.push([]);
    } else if (tables > 1 && tag === 'tr') continue;
    else if (tag === 'tr') {
      if (close && row && table && row.length) table.rows.push(row);
      row = close ? null : [];
    } else if (tag === 'td' || tag === 'th') {
      if (close && row && cell) {
        cell.paragraphs = cell.paragraphs.filter((p) => p.some((r) => r.text.trim()));
        // A header cell is bold by its look (the export's, Word's): that is no bold mark.
        if (cell.header) for (const p of cell.paragraphs) for (const r of p) delete r.bold;
        row.push(cell);
      }
      cell =
        close || !row ? null : { paragraphs: [], ...(tag === 'th' ? { header: true } : {}), ...spans(m[0]) };
    } else if (cell && (tag === 'p' || /^h[1-6]$/.test(tag) || tag === 'li')) {
      if (!close) cell.paragraphs.push([]);
    } else if (cell && (tag === 'ul' || tag === 'ol')) continue;
    else if (tag === 'p' || /^h[1-6]$/.test(tag) || tag === 'li') {
      if (close) endBlock();
      else {
        endBlock();
        runs = [];
        if (tag[0] === 'h') depth = Number(tag[1]);
        styledTitle = /\bclass="doc-title"/.test(m[0]);
      }
    } else if (tag === 'strong' || tag === 'b') bold += close ? -1 : 1;
    else if (tag === 'em' || tag === 'i') italic += close ? -1 : 1;
    else if (tag === 'sup') sup += close ? -1 : 1;
    else if (tag === 'sub') sub += close ? -1 : 1;
    else if (tag === 'br') text('\n');
    else if (tag === 'ul' || tag === 'ol') {
      endBlock();
      if (!close && lists.length === 0) {
        const list: Block & { type: 'list' } = { type: 'list', ordered: tag === 'ol', items: [] };
        out.push({ line: ++n, block: list });
        lists.push(list);
      } else if (!close) lists.push(lists[lists.length - 1]!);
      else lists.pop();
    }
  }
  endBlock();
  // Mammoth writes `<p>` inside `<li>` and `<td>`: drop empty list items left by that.
  for (const s of out)
    if (s.block.type === 'list') s.block.items = s.block.items.filter((i) => i.some((r) => r.text.trim()));
  return out.filter((s) => s.block.type !== 'list' || s.block.items.length);
}
