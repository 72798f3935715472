/**
 * Pasted (or dropped) HTML, cleaned as a string before any browser parser sees it.
 *
 * ProseMirror parses clipboard HTML in an inert document and keeps only what the schema knows,
 * so event handlers never run. But Chromium checks the Content-Security-Policy while parsing,
 * even in inert documents: every `onerror=`, `style=`, `<style>` or `<base>` in pasted HTML
 * (Word and WPS put styles everywhere) would be reported as a violation. So event handlers,
 * `<style>` elements and `<base>` tags are removed here, and `style` attributes are renamed to
 * `data-cr-style`, then put back through CSSOM (which CSP does not govern) just before the
 * schema parser reads them, so bold or italic given by inline styles survives. The editor's CSP
 * reports then mean that something really tried to run. (The editor side: paste-guard.ts.)
 *
 * The scan does not try to know which `<` really opens a tag (comments, raw text, attribute
 * values and foreign content make that a minefield): it tokenizes attributes, as the HTML
 * tokenizer does, from EVERY `<` followed by a letter, which covers every tag any parse could
 * find, and repeats until nothing changes.
 */

/** Where a pasted `style` attribute waits while the HTML is parsed. */
export const STYLE_ATTR = 'data-cr-style';

const WS = new Set(['\t', '\n', '\f', '\r', ' ']);
const isAlpha = (c: string | undefined) => c !== undefined && /^[a-z]$/i.test(c);
const MAX_PASSES = 8;

/** A change to the string: [from, to) replaced by `by`. */
type Edit = [from: number, to: number, by: string];

/** Edits for the tag starting at `at` (s[at] is '<', s[at + 1] a letter). */
function tagEdits(s: string, at: number, out: Edit[]): void {
  const n = s.length;
  let i = at + 1;
  while (i < n && !WS.has(s[i]!) && s[i] !== '/' && s[i] !== '>') i++; // tag name
  // <base href> is checked against `base-uri` even in an inert document: drop the whole tag.
  const base = s.slice(at + 1, i).toLowerCase() === 'base';
  for (;;) {
    while (i < n && (WS.has(s[i]!) || s[i] === '/')) i++;
    if (i >= n || s[i] === '>') {
      if (base) out.push([at, Math.min(n, i + 1), ' ']);
      return;
    }
    const start = i;
    i++; // the first character may be '=' and still belongs to the name
    while (i < n && !WS.has(s[i]!) && s[i] !== '/' && s[i] !== '>' && s[i] !== '=') i++;
    const name = s.slice(start, i).toLowerCase();
    const nameEnd = i;
    let j = i;
    while (j < n && WS.has(s[j]!)) j++;
    if (s[j] === '=') {
      j++;
      while (j < n && WS.has(s[j]!)) j++;
      const q = s[j];
      if (q === '"' || q === "'") {
        const close = s.indexOf(q, j + 1);
        i = close < 0 ? n : close + 1;
      } else if (q !== '>') {
        while (j < n && !WS.has(s[j]!) && s[j] !== '>') j++;
        i = j;
      } else i = j;
    }
    // A space keeps what was on either side from joining into a new name.
    if (name.startsWith('on')) out.push([start, i, ' ']);
    else if (name === 'style') out.push([start, nameEnd, STYLE_ATTR]);
  }
}

/** `<style>` elements, content and all (up to their end tag, as an HTML parser would end them). */
function styleEdits(s: string, out: Edit[]): void {
  const open = /<style(?=[\s/>]|$)/gi;
  for (let m = open.exec(s); m; m = open.exec(s)) {
    const close = /<\/style(?=[\s/>]|$)/gi;
    close.lastIndex = m.index + 6;
    const end = close.exec(s);
    const gt = end ? s.indexOf('>', end.index) : -1;
    const to = gt < 0 ? s.length : gt + 1;
    out.push([m.index, to, ' ']);
    open.lastIndex = to;
  }
}

function pass(s: string): string {
  const edits: Edit[] = [];
  styleEdits(s, edits);
  for (let i = s.indexOf('<'); i >= 0; i = s.indexOf('<', i + 1))
    if (isAlpha(s[i + 1])) tagEdits(s, i, edits);
  if (edits.length === 0) return s;
  // Wider edits first at each position, so a removal swallows a rename inside it.
  edits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let pos = 0;
  for (const [from, to, by] of edits) {
    if (from < pos) {
      // Overlaps the edit just made: removals merge with it, renames inside it are moot.
      if (by === ' ') pos = Math.max(pos, to);
      continue;
    }
    out += s.slice(pos, from) + by;
    pos = to;
  }
  return out + s.slice(pos);
}

/**
 * `html` without event-handler attributes, `<style>` elements and `<base>` tags, and with
 * `style` attributes renamed to STYLE_ATTR. Never parses it.
 */
export function cleanPastedHtml(html: string): string {
  let s = html;
  for (let i = 0; i < MAX_PASSES; i++) {
    const next = pass(s);
    if (next === s) return s;
    s = next;
  }
  // Only crafted input keeps changing: paste it as text.
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** Put the renamed styles back through CSSOM, on the inert copy about to be parsed. */
export function restoreStyles(root: HTMLElement): void {
  const all = root.hasAttribute(STYLE_ATTR) ? [root] : [];
  all.push(...root.querySelectorAll<HTMLElement>(`[${STYLE_ATTR}]`));
  for (const el of all) {
    el.style.cssText = el.getAttribute(STYLE_ATTR) ?? '';
    el.removeAttribute(STYLE_ATTR);
  }
}
