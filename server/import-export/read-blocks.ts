/**
 * A section body (Y.XmlFragment in the Tiptap schema) → blocks with bold/italic runs, for export.
 * Paragraphs, headings and code blocks are textblocks; lists become list blocks (nested lists are
 * flattened into items); tables become table blocks, each cell's textblocks its paragraphs; quotes
 * and unknown wrappers are walked; a hard break is a newline.
 * With `spans` (the .docx export's comments and tracked changes) a text's runs are cut at them.
 */
import * as Y from 'yjs';
import type { Block, Run, TableCell } from '../../shared/import/types.ts';
import { annotate, type Spans } from './export-runs.ts';

const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

function textRuns(text: Y.XmlText, runs: Run[]): Run[] {
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string' || !op.insert) continue;
    const names = Object.keys(op.attributes ?? {}).map((k) => k.split('--')[0]);
    const run: Run = { text: op.insert };
    if (names.includes('bold')) run.bold = true;
    if (names.includes('italic')) run.italic = true;
    const prev = runs[runs.length - 1];
    if (prev && !!prev.bold === !!run.bold && !!prev.italic === !!run.italic) prev.text += run.text;
    else runs.push(run);
  }
  return runs;
}

type Child = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** Inline content of a textblock as runs. */
function inlineRuns(children: Child[], spans: Spans | undefined, runs: Run[] = []): Run[] {
  for (const child of children) {
    const marked = child instanceof Y.XmlText ? spans?.get(child) : undefined;
    if (marked) runs.push(...annotate(textRuns(child as Y.XmlText, []), marked));
    else if (child instanceof Y.XmlText) textRuns(child, runs);
    else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') runs.push({ text: '\n' });
      else inlineRuns(child.toArray(), spans, runs);
    }
  }
  return runs;
}

const isTextblock = (el: Y.XmlElement) =>
  TEXTBLOCKS.has(el.nodeName) || el.toArray().some((c) => c instanceof Y.XmlText);

/** Items of a list: each textblock inside (nested lists included) is one item. */
function listItems(el: Y.XmlElement | Y.XmlFragment, items: Run[][], spans?: Spans): Run[][] {
  for (const child of el.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (isTextblock(child)) items.push(inlineRuns(child.toArray(), spans));
    else listItems(child, items, spans);
  }
  return items;
}

/** A `tableCell`/`tableHeader` element as a cell of a table block. */
function tableCell(el: Y.XmlElement, spans?: Spans): TableCell {
  const cell: TableCell = { paragraphs: listItems(el, [], spans) };
  if (el.nodeName === 'tableHeader') cell.header = true;
  const colspan = Number(el.getAttribute('colspan'));
  const rowspan = Number(el.getAttribute('rowspan'));
  if (Number.isInteger(colspan) && colspan > 1) cell.colspan = colspan;
  if (Number.isInteger(rowspan) && rowspan > 1) cell.rowspan = rowspan;
  return cell;
}

function table(el: Y.XmlElement, spans?: Spans): Block {
  const rows = el
    .toArray()
    .filter((row): row is Y.XmlElement => row instanceof Y.XmlElement)
    .map((row) =>
      row
        .toArray()
        .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
        .map((c) => tableCell(c, spans)),
    );
  return { type: 'table', rows };
}

function collect(parent: Y.XmlFragment | Y.XmlElement, out: Block[], spans?: Spans): Block[] {
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) out.push({ type: 'paragraph', runs: inlineRuns([child], spans) });
    if (!(child instanceof Y.XmlElement)) continue;
    const name = child.nodeName;
    if (name === 'table') out.push(table(child, spans));
    else if (name === 'bulletList' || name === 'orderedList') {
      out.push({ type: 'list', ordered: name === 'orderedList', items: listItems(child, [], spans) });
    } else if (name === 'heading') {
      const level = Number(child.getAttribute('level')) || 1;
      out.push({ type: 'heading', level, runs: inlineRuns(child.toArray(), spans) });
    } else if (isTextblock(child)) out.push({ type: 'paragraph', runs: inlineRuns(child.toArray(), spans) });
    else collect(child, out, spans);
  }
  return out;
}

/** The blocks of a section body. */
export const readBlocks = (fragment: Y.XmlFragment, spans?: Spans): Block[] => collect(fragment, [], spans);
