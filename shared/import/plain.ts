/** Plain-text front end: every non-blank line is one paragraph (Chinese text is not hard-wrapped). */
import { blankRuns, splitLines } from './lines.ts';
import { buildStructure, type StructureOptions } from './structure.ts';
import { type ParsedReport, paragraph, type SourceBlock } from './types.ts';

/** The blocks of a plain-text report. */
export function plainBlocks(text: string): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  splitLines(text).forEach((line, i) => {
    if (line) blocks.push({ line: i + 1, block: paragraph(line) });
  });
  return blocks;
}

/** Parses a plain-text report. */
export function parsePlainText(text: string, options: StructureOptions = {}): ParsedReport {
  return buildStructure(plainBlocks(text), blankRuns(splitLines(text)), options);
}
