/**
 * Map between a textblock's plain text and document positions, so that text-level finders
 * (placeholders) can be turned into ProseMirror ranges. Non-text leaves (hard breaks) count
 * as one '\n' so a match never spans them.
 */
import type { Node as PMNode } from '@tiptap/pm/model';

/** One textblock's text plus the document position of every character. */
export interface TextIndex {
  text: string;
  positions: number[];
}

/** Index every textblock of `doc` in document order. */
export function indexTextblocks(doc: PMNode): TextIndex[] {
  const out: TextIndex[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    let text = '';
    const positions: number[] = [];
    node.forEach((child, offset) => {
      const start = pos + 1 + offset;
      if (child.isText) {
        const s = child.text ?? '';
        text += s;
        for (let i = 0; i < s.length; i++) positions.push(start + i);
      } else {
        text += '\n';
        positions.push(start);
      }
    });
    out.push({ text, positions });
    return false;
  });
  return out;
}

/** Document range of `length` characters starting at text `index` of a block. */
export function rangeOf(block: TextIndex, index: number, length: number): { from: number; to: number } {
  const from = block.positions[index];
  const to = block.positions[index + length - 1] + 1;
  return { from, to };
}
