/**
 * What to show for a failed call. Server messages are zh-CN with the English in brackets at the end
 * (`用户名已存在 (username taken)`): the English UI shows the bracket, the Chinese one the rest.
 */
import { ApiError } from './api.ts';
import { lang, t } from './i18n.ts';

export function errorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 0) return t('error.network');
  const message = err instanceof Error ? err.message : String(err);
  const m = /^(.*\S)\s+\(([^()]+)\)$/su.exec(message);
  if (!m) return message;
  return lang() === 'en' ? m[2]! : m[1]!;
}
