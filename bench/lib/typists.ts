import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { HANZI, type rng } from './stats.ts';

type Rng = ReturnType<typeof rng>;

/** Someone typing into one section body: one call to `key` is one keystroke (one transaction). */
export interface Typist {
  key(): void;
  /** The caret as y-prosemirror publishes it in awareness: relative positions as JSON. */
  cursor(): { anchor: unknown; head: unknown };
}

const paragraph = (text = '') => {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};

const relative = (text: Y.XmlText, index: number) =>
  Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index));

/** Plain typing near the end of one paragraph: the fan-out workload. */
export function plainTypist(doc: Y.Doc, sid: string, r: Rng): Typist {
  const body = doc.getXmlFragment(bodyRoot(sid));
  if (body.length === 0) body.push([paragraph()]);
  const text = (body.get(body.length - 1) as Y.XmlElement).get(0) as Y.XmlText;
  let at = 0;
  return {
    key() {
      at = Math.max(0, text.length - r.next(3));
      text.insert(at, HANZI[r.next(HANZI.length)]!);
      at++;
    },
    cursor: () => ({ anchor: relative(text, at), head: relative(text, at) }),
  };
}

/**
 * Tiptap-shaped typing: paragraphs, headings, bullet lists and a table, with an Enter now and then and some
 * bold text, the node and mark layout y-prosemirror writes for the StarterKit schema.
 */
export function structuredTypist(doc: Y.Doc, sid: string, r: Rng): Typist {
  const body = doc.getXmlFragment(bodyRoot(sid));
  let text: Y.XmlText;
  let cells: Y.XmlText[] = [];
  const append = (node: Y.XmlElement, inner: Y.XmlElement) => {
    body.push([node]);
    text = inner.get(0) as Y.XmlText;
  };
  const enter = () => {
    const kind = r.next(20);
    if (kind < 12) {
      const p = paragraph();
      append(p, p);
    } else if (kind < 15) {
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', '3' as never);
      h.insert(0, [new Y.XmlText()]);
      append(h, h);
    } else if (kind < 18) {
      const last = body.get(body.length - 1);
      const item = new Y.XmlElement('listItem');
      const p = paragraph();
      item.insert(0, [p]);
      if (last instanceof Y.XmlElement && last.nodeName === 'bulletList') {
        last.push([item]);
        text = p.get(0) as Y.XmlText;
      } else {
        const list = new Y.XmlElement('bulletList');
        list.insert(0, [item]);
        append(list, p);
      }
    } else if (cells.length === 0) {
      const table = new Y.XmlElement('table');
      const cellParagraphs: Y.XmlElement[] = [];
      for (let row = 0; row < 3; row++) {
        const tr = new Y.XmlElement('tableRow');
        for (let col = 0; col < 3; col++) {
          const cell = new Y.XmlElement(row === 0 ? 'tableHeader' : 'tableCell');
          cell.setAttribute('colspan', 1 as never);
          cell.setAttribute('rowspan', 1 as never);
          const p = paragraph();
          cell.insert(0, [p]);
          tr.push([cell]);
          cellParagraphs.push(p);
        }
        table.push([tr]);
      }
      body.push([table]);
      // Children of a type are readable only once it is part of the doc.
      cells = cellParagraphs.map((p) => p.get(0) as Y.XmlText);
      text = cells[0]!;
    } else {
      text = cells[r.next(cells.length)]!;
    }
  };
  doc.transact(() => {
    if (body.length === 0) body.push([paragraph()]);
    const last = body.get(body.length - 1) as Y.XmlElement;
    text = last.get(0) as Y.XmlText;
    cells = [];
  });
  return {
    key() {
      if (r.next(30) === 0) enter();
      const ch = HANZI[r.next(HANZI.length)]!;
      if (r.next(12) === 0) text.insert(text.length, ch, { bold: {} });
      else text.insert(text.length, ch);
    },
    cursor: () => ({ anchor: relative(text, text.length), head: relative(text, text.length) }),
  };
}
