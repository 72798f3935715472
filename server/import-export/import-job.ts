/**
 * What the import worker does with one upload: parse it within the limits, then either summarise it
 * (the preview) or build and encode the new report (encode-report.ts). Everything proportional to the
 * upload happens here, off the event loop; what goes back is a summary or the encoded doc.
 */
import {
  type ImportPreview,
  type ParsedReport,
  type StructureOptions,
  summarize,
} from '../../shared/import/index.ts';
import type { TextEncodingName } from './decode.ts';
import { type EncodedReport, encodeReport } from './encode-report.ts';
import { parseUpload } from './parse-upload.ts';
import type { ImportFormat } from './upload-format.ts';

export interface ImportJob {
  bytes: Uint8Array;
  format: ImportFormat;
  options?: StructureOptions;
  /** Build the report (its title if the request gave one, and when it is created); null: preview only. */
  build: { title: string | null; createdAt: number } | null;
}

export interface ImportOutcome {
  format: ImportFormat;
  encoding: TextEncodingName | null;
  /** Nothing to import: no title and no section. */
  empty: boolean;
  dropped: ParsedReport['dropped'];
  preview?: ImportPreview;
  report?: EncodedReport;
}

/** Parses (ImportRefused / UnreadableUpload as parseUpload throws them) and summarises or builds. */
export async function runImportJob({ bytes, format, options, build }: ImportJob): Promise<ImportOutcome> {
  const upload = await parseUpload(bytes, format, options);
  const { parsed } = upload;
  const empty = !parsed.title && parsed.sections.length === 0;
  const outcome: ImportOutcome = {
    format: upload.format,
    encoding: upload.encoding,
    empty,
    dropped: parsed.dropped,
  };
  if (empty) return outcome;
  if (build) outcome.report = encodeReport(parsed, build.title, build.createdAt);
  else outcome.preview = summarize(parsed);
  return outcome;
}
