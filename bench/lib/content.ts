import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';

export const SEED_CLIENT = 7;

const SENTENCE = '是坚持问题导向，组织开展专题调研X次，形成调研报告X篇，推动解决群众反映的实际问题。';

/**
 * A report body of about `bytes` encoded bytes spread over `sids`: a heading per section and paragraphs of
 * report prose, written by one client (id 7). With `pieces`, returns it as that many consecutive updates
 * (one per paragraph group), the shape of a log that was never compacted.
 */
export function reportContent(sids: string[], bytes: number, pieces = 1): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  // One paragraph encodes to roughly 140 bytes.
  const paragraphs = Math.max(1, Math.round(bytes / 140));
  const perPiece = Math.max(1, Math.ceil(paragraphs / pieces));
  for (let p = 0; p < paragraphs; p += perPiece) {
    doc.transact(() => {
      for (let q = p; q < Math.min(paragraphs, p + perPiece); q++) {
        const body = doc.getXmlFragment(bodyRoot(sids[q % sids.length]!));
        const el = new Y.XmlElement(q < sids.length ? 'heading' : 'paragraph');
        el.insert(0, [new Y.XmlText(`${q + 1}${SENTENCE}`)]);
        body.push([el]);
      }
    });
  }
  return pieces === 1 ? [Y.encodeStateAsUpdate(doc)] : updates;
}
