/**
 * An upload → a parsed report. Formats: plain text and Markdown (any of the encodings decode.ts
 * knows) and .docx (automatic numbering written out as text, word-numbering.ts; then mammoth →
 * HTML → blocks; Word's Title style is the title, Heading 1–6 are explicit headings; bold, italic
 * and lists are kept). The format comes from the file name, else
 * the content type, else the bytes (a zip is a .docx).
 */
import mammoth from 'mammoth';
import {
  buildStructure,
  type ParsedReport,
  parseImport,
  type StructureOptions,
} from '../../shared/import/index.ts';
import { decodeText, type TextEncodingName } from './decode.ts';
import { htmlBlocks } from './html-blocks.ts';
import { checkBlocks, checkSections, checkText } from './import-limits.ts';
import { type ImportFormat, UnreadableUpload } from './upload-format.ts';
import { withWordNumbers } from './word-numbering.ts';
import { checkDocxParagraphs, checkZipBounds } from './zip-bounds.ts';

export interface ParsedUpload {
  parsed: ParsedReport;
  format: ImportFormat;
  encoding: TextEncodingName | null;
}

// Word's Title style is marked (html-blocks.ts reads `doc-title`): the title whatever is above it.
const STYLE_MAP = ["p[style-name='Title'] => h1.doc-title:fresh", "p[style-name='Subtitle'] => p:fresh"];
// Images are left out of the report: never read them into base64 data URLs.
const NO_IMAGES = mammoth.images.imgElement(async () => ({ src: '' }));

/**
 * Parses an uploaded file or a pasted body, within IMPORT_LIMITS (ImportRefused otherwise). Heavy
 * for big files: the route runs it in a worker thread (parse-off-thread.ts). `options.keep` lists
 * dropped lines the user restored in the preview.
 */
export async function parseUpload(
  bytes: Uint8Array,
  format: ImportFormat,
  options: StructureOptions = {},
): Promise<ParsedUpload> {
  if (format !== 'docx') {
    const { text, encoding } = decodeText(bytes);
    checkText(text);
    return { parsed: bounded(parseImport(text, format, options)), format, encoding };
  }
  checkZipBounds(bytes);
  await checkDocxParagraphs(bytes);
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml(
      { buffer: Buffer.from(await withWordNumbers(bytes)) },
      { styleMap: STYLE_MAP, convertImage: NO_IMAGES },
    ));
  } catch {
    throw new UnreadableUpload('the file is not a readable .docx document');
  }
  const blocks = htmlBlocks(html);
  checkBlocks(blocks);
  return { parsed: bounded(buildStructure(blocks, [], options)), format, encoding: null };
}

function bounded(parsed: ParsedReport): ParsedReport {
  checkSections(parsed.sections.length);
  return parsed;
}
