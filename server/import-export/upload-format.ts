/**
 * What the route needs to know of an upload before parsing it, apart from the parser itself
 * (parse-upload.ts, which loads mammoth): the main thread never parses, so it never loads it.
 */
export type ImportFormat = 'text' | 'markdown' | 'docx';

/** Thrown for bytes that are not a readable file of the format; the route answers 400. */
export class UnreadableUpload extends Error {}

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
