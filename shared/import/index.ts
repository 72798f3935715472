/**
 * Import parser: text → {title, sections, dropped}. Pure (no Node, no DOM): the server builds the
 * report doc from it, the client calls `previewImport` for a live preview of pasted text.
 * Rules: docs/import-export.md; modules: markers (numbering), junk (dropped lines), closing
 * (结语/落款), structure (sections), plain and markdown (front ends).
 */
import { countChars, countPlaceholders } from '../placeholders.ts';
import { parseMarkdown } from './markdown.ts';
import { parsePlainText } from './plain.ts';
import type { StructureOptions } from './structure.ts';
import { blockText, type DroppedLine, type ParsedReport } from './types.ts';

export { isStructuralTitle, markerOf, STRUCTURAL_TITLES } from './markers.ts';
export { buildStructure, type StructureOptions } from './structure.ts';
export * from './types.ts';
export { parseMarkdown, parsePlainText };

export type TextFormat = 'text' | 'markdown';

/** Parses pasted or uploaded text; `options.keep` lists dropped lines the user restored. */
export function parseImport(
  text: string,
  format: TextFormat = 'text',
  options: StructureOptions = {},
): ParsedReport {
  return format === 'markdown' ? parseMarkdown(text, options) : parsePlainText(text, options);
}

/** One section as the preview shows it. */
export interface SectionPreview {
  title: string;
  level: number;
  kind: string;
  /** Body text, one entry per block (list items one per line). */
  paragraphs: string[];
  chars: number;
  placeholders: number;
}

export interface ImportPreview {
  title: string;
  sections: SectionPreview[];
  dropped: DroppedLine[];
  placeholders: number;
}

/** The preview of a parsed report: per section its text, characters and placeholders (body only, as progress counts). */
export function summarize(parsed: ParsedReport): ImportPreview {
  const sections = parsed.sections.map((s) => {
    const paragraphs = s.blocks.map(blockText);
    const text = paragraphs.join('\n');
    return {
      title: s.title,
      level: s.level,
      kind: s.kind,
      paragraphs,
      chars: countChars(text),
      placeholders: countPlaceholders(text),
    };
  });
  const placeholders = sections.reduce((n, s) => n + s.placeholders, 0);
  return { title: parsed.title, sections, dropped: parsed.dropped, placeholders };
}

/** Live preview of pasted text, for the import dialog. */
export function previewImport(
  text: string,
  format: TextFormat = 'text',
  options: StructureOptions = {},
): ImportPreview {
  return summarize(parseImport(text, format, options));
}
