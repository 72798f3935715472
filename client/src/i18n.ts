/**
 * UI messages: zh-CN (default) and English. Every visible string goes through `t()`.
 * Placeholders in messages are `{name}`, filled from the `vars` argument.
 */
import { en } from './messages/en.ts';
import { zh } from './messages/zh.ts';

export type MessageKey = keyof typeof zh;
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const tables: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };
const STORAGE_KEY = 'coreport.lang';
/** Fired on `window` when the language changes; LocaleController re-renders its host. */
export const LANG_EVENT = 'cr-lang-changed';

function initialLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage may be blocked (private mode); fall back to the default.
  }
  return 'zh-CN';
}

let current: Lang = initialLang();

/** The active UI language. */
export const lang = (): Lang => current;

/** Switch language, remember it, and tell every element to re-render. */
export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not fatal: the choice just will not survive a reload.
  }
  document.documentElement.lang = next;
  window.dispatchEvent(new CustomEvent(LANG_EVENT, { detail: next }));
}

/** Translate a message key, filling `{name}` placeholders. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const text = tables[current][key] ?? zh[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
