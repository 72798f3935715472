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
import { withWordNumbers } from './word-numbering.ts';
import { checkDocxParagraphs, checkZipBounds } from './zip-bounds.ts';

export type ImportFormat = 'text' | 'markdown' | 'docx';

export interface ParsedUpload {
  parsed: ParsedReport;
  format: ImportFormat;
  encoding: TextEncodingName | null;
}

/** Thrown for bytes that are not a readable file of the format; the route answers 400. */
export class UnreadableUpload extends Error {}

// Word's Title style is marked (html-blocks.ts reads `doc-title`): the title whatever is above it.
const STYLE_MAP = ["p[style-name='Title'] => h1.doc-title:fresh", "p[style-name='Subtitle'] => p:fresh"];
// Images are left out of the report: never read them into base64 data URLs.
const NO_IMAGES = mammoth.images.imgElement(async () => ({ src: '' }));

/** Which format a file is, or null when it is none we read. */
export function formatOf(name: string, contentType: string, bytes: Uint8Array): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'docx') return 'docx';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'txt' || ext === 'text') return 'text';
  if (ext) return null;
  if (/wordprocessingml/.test(contentType) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return 'docx';
  if (/markdown/.test(contentType)) return 'markdown';
  return 'text';
}

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
