import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';

/** Root name of the type an encoded relative position points into, or null if it does not resolve. */
function rootOf(doc: Y.Doc, encoded: string): string | null {
  let position: Y.RelativePosition;
  try {
    position = Y.decodeRelativePosition(Buffer.from(encoded, 'base64'));
  } catch {
    return null;
  }
  if (position.tname !== null) return position.tname;
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return null;
  // biome-ignore lint/suspicious/noExplicitAny: Yjs types are invariant in their event type
  let type: Y.AbstractType<any> = absolute.type;
  while (type._item) type = type._item.parent as typeof type;
  return Y.findRootTypeKey(type);
}

/** Do both ends of a comment anchor point into the section's body? */
export function anchorInSection(
  doc: Y.Doc,
  sectionId: string,
  anchor: { start: string; end: string },
): boolean {
  const root = bodyRoot(sectionId);
  return rootOf(doc, anchor.start) === root && rootOf(doc, anchor.end) === root;
}
