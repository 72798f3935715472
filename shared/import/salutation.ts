/**
 * The salutation that opens a speech-like report (`各位领导、同志们：`, `尊敬的各位委员：`). Like the
 * 主送机关 of GB/T 9704 §7.3.2 it is set flush left, without the two-character indent of body text.
 */
import { countChars } from '../placeholders.ts';

const MAX_CHARS = 40;
const ADDRESSEE = /^(?:尊敬的|各位|亲爱的)|(?:们|同志|领导|委员|代表|老师|朋友|女士|先生)\s*[:：]$/;

/** True for a short line that addresses its listeners and ends with a colon. */
export const isSalutation = (text: string): boolean => {
  const line = text.trim();
  return (
    /[:：]$/.test(line) &&
    countChars(line) <= MAX_CHARS &&
    !/[。！？；;!?]/.test(line) &&
    ADDRESSEE.test(line)
  );
};
