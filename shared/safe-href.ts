/**
 * Links may point only to http, https and mailto addresses (docs/reliability.md, Browser safety):
 * the rule the editor's parser, the drawn link and the server's schema all share.
 */
const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/**
 * Whether `href` is an absolute http, https or mailto URL. Parsed as browsers parse it
 * (WHATWG URL, which drops tabs and newlines and trims control characters), so tricks like
 * `java\tscript:` or a leading space are judged by what the browser would follow.
 */
export function isSafeHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length === 0 || href.length > 2048) return false;
  try {
    return ALLOWED.has(new URL(href).protocol);
  } catch {
    return false; // relative or malformed: never followed
  }
}
