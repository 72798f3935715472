/** Edits of the .docx the docx package wrote, done on its XML parts. */
import JSZip from 'jszip';
import { fontTableXml } from './font-table.ts';

/**
 * The title paragraph off the line grid (`w:snapToGrid w:val="0"`, which the docx package cannot
 * write on a paragraph): LibreOffice otherwise gives the 22 pt title two grid lines.
 */
const titleOffGrid = (xml: string) =>
  xml.replace(/(<w:pStyle w:val="Title"\/>(?:<w:keepNext\/>)?)/, '$1<w:snapToGrid w:val="0"/>');

/** What the docx package cannot write: our font table (font-table.ts), the title off the grid. */
export async function patchDocx(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  zip.file('word/fontTable.xml', fontTableXml());
  zip.file('word/document.xml', titleOffGrid(await zip.file('word/document.xml')!.async('string')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
