/** A cell as CSV: quoted, and a leading = + - @ defused so a spreadsheet does not run it as a formula. */
function cell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Rows as CSV with a UTF-8 byte order mark, which Excel and WPS need to read Chinese correctly. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Epoch milliseconds as local-free ISO time (UTC), unambiguous in an audit. */
export const isoTime = (ms: number) => new Date(ms).toISOString();
