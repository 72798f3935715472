import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';

/** Relative positions (base64) around `quote` in a section's first paragraph, as the editor would send them. */
export function anchorFor(doc: Y.Doc, sectionId: string, quote: string): { start: string; end: string } {
  const paragraph = doc.getXmlFragment(bodyRoot(sectionId)).get(0) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  const at = text.toString().indexOf(quote);
  if (at < 0) throw new Error(`quote ${quote} not found`);
  const encode = (index: number, assoc: number) =>
    Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc))).toString(
      'base64',
    );
  return { start: encode(at, 0), end: encode(at + quote.length, -1) };
}

/** The text an anchor covers now, or null when its range has collapsed (the text was deleted). */
export function anchoredText(doc: Y.Doc, anchor: { start: string; end: string }): string | null {
  const resolve = (b64: string) =>
    Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(b64, 'base64')), doc);
  const start = resolve(anchor.start);
  const end = resolve(anchor.end);
  if (!start || !end || start.type !== end.type || end.index <= start.index) return null;
  return (start.type as Y.XmlText).toString().slice(start.index, end.index);
}
