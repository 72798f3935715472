/**
 * word/fontTable.xml with fallbacks. Word has no CSS-like font lists: when a font named in a run is
 * not installed it looks the name up in the font table and uses the entry's `w:altName`, else a
 * font of the same charset (86 = GB2312) and family. So a machine without 仿宋_GB2312 shows 仿宋.
 */
import { FALLBACKS, FONTS } from './docx-style.ts';

const FAMILY: Record<string, string> = { 黑体: 'swiss', SimHei: 'swiss' };

function fontEntry(name: string): string {
  const alt = FALLBACKS[name] ? `<w:altName w:val="${FALLBACKS[name]}"/>` : '';
  const charset = name === FONTS.latin ? '00' : '86';
  const family = FAMILY[name] ?? 'roman';
  return `<w:font w:name="${name}">${alt}<w:charset w:val="${charset}"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`;
}

/** The font table naming every font the export uses, each with its fallback. */
export function fontTableXml(): string {
  const names = [
    ...new Set([...Object.values(FONTS), ...Object.keys(FALLBACKS), ...Object.values(FALLBACKS)]),
  ];
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    names.map(fontEntry).join('') +
    '</w:fonts>'
  );
}
