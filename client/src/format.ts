/** Locale-aware formatting helpers for dates and counts. */
import { lang } from './i18n.ts';

/** A date (ISO string or epoch ms) as a short local date; '' when unparseable. */
export function formatDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleDateString(lang(), { year: 'numeric', month: 'short', day: 'numeric' });
}
