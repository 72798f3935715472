/** Locale-aware formatting helpers for dates and counts. */
import { lang } from './i18n.ts';

/** A date (ISO string or epoch ms) as a short local date; '' when unparseable. */
export function formatDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleDateString(lang(), { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A moment (epoch ms) for comment lists: time of day when it is today, else month, day and time. */
export function formatMoment(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hour12: false };
  return sameDay
    ? d.toLocaleTimeString(lang(), time)
    : d.toLocaleString(lang(), { month: 'short', day: 'numeric', ...time });
}
