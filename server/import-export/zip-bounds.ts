/**
 * Checks a .docx's zip directory before anything is inflated: the central directory states every
 * entry's uncompressed size, so a zip bomb (a few hundred KB inflating to gigabytes, or to millions of
 * paragraphs) is refused without decompressing a byte. A zip that lies about its sizes is caught by the
 * parse worker's memory limit instead (parse-off-thread.ts). Format: PKWARE APPNOTE 4.3.12, 4.3.16.
 */
import JSZip from 'jszip';
import { IMPORT_LIMITS, tooManyParagraphs, unpackedTooLarge } from './import-limits.ts';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const ZIP64_MARK = 0xffffffff;

/** Throws ImportRefused when the zip has too many entries or inflates to too much; ignores unreadable zips (mammoth reports those). */
export function checkZipBounds(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes plus a comment of up to 64 KiB.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return;
  const entries = view.getUint16(eocd + 10, true);
  if (entries > IMPORT_LIMITS.zipEntries || entries === 0xffff)
    throw unpackedTooLarge(`${entries} 个部件，上限 ${IMPORT_LIMITS.zipEntries}`);
  let at = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return;
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // ZIP64 sizes (over 4 GiB) are never a report.
    if (size === ZIP64_MARK) throw unpackedTooLarge(`${name} 超过 4 GB`);
    if (/\.(xml|rels)$/i.test(name) && size > IMPORT_LIMITS.xmlPartBytes)
      throw unpackedTooLarge(`${name} 解压后 ${mib(size)}，上限 ${mib(IMPORT_LIMITS.xmlPartBytes)}`);
    total += size;
    if (total > IMPORT_LIMITS.zipBytes) throw unpackedTooLarge(`解压后超过 ${mib(IMPORT_LIMITS.zipBytes)}`);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
}

const mib = (bytes: number) => `${Math.ceil(bytes / 1024 / 1024)} MB`;

/**
 * Counts the paragraphs of word/document.xml before mammoth reads it: mammoth builds a tree of every
 * element first (tens of seconds for 40k paragraphs), a count over the inflated text takes milliseconds.
 */
export async function checkDocxParagraphs(bytes: Uint8Array): Promise<void> {
  let xml: string | undefined;
  try {
    xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string');
  } catch {
    return; // unreadable: mammoth says so
  }
  if (!xml) return;
  let count = 0;
  for (const _ of xml.matchAll(/<w:p[\s>/]/g))
    if (++count > IMPORT_LIMITS.paragraphs) throw tooManyParagraphs(count);
}
