import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';

/** Appends plain paragraphs to a section body, in the editor's schema (server-side seeding only). */
export function appendParagraphs(doc: Y.Doc, sectionId: string, paragraphs: string[]): void {
  const fragment = doc.getXmlFragment(bodyRoot(sectionId));
  fragment.push(
    paragraphs.map((text) => {
      const paragraph = new Y.XmlElement('paragraph');
      if (text) paragraph.insert(0, [new Y.XmlText(text)]);
      return paragraph;
    }),
  );
}
