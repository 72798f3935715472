/**
 * What a new password must be (registration, accounts an admin creates, and later password changes
 * and resets): at least 10 characters, not one of the passwords every guessing list starts with, not
 * the username. Length beats composition rules (NIST SP 800-63B §5.1.1.2), so there are none.
 */
import { badRequest } from '../http/errors.ts';

export const MIN_PASSWORD_LENGTH = 10;

// The top of the public leak lists (SecLists' 10k most common, Chinese sites' dumps), at 10+ characters,
// plus the keyboard and pinyin patterns Chinese users favour. Compared case-insensitively.
const COMMON = new Set([
  '1234567890',
  '0123456789',
  '0987654321',
  '9876543210',
  '12345678910',
  '123456789a',
  'a123456789',
  '1234567890a',
  '123456789q',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'asdfghjkl;',
  'asdfghjkl1',
  'zxcvbnm123',
  '1111111111',
  '0000000000',
  '8888888888',
  '6666666666',
  '5201314520',
  '1314520520',
  'woaini1314',
  'woaini520520',
  'iloveyou520',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'p@ssw0rd123',
  'p@ssword123',
  'admin12345',
  'admin123456',
  'administrator',
  'abc1234567',
  'abcd123456',
  'abcdefghij',
  'abc123456789',
  'aa123456789',
  'qq123456789',
  'iloveyou12',
  'iloveyou123',
  'football123',
  'baseball123',
  'welcome123',
  'sunshine123',
  'princess123',
  'dragon1234',
  'monkey1234',
  'letmein123',
  'trustno1234',
  'superman123',
  'michael123',
  'qazwsxedc123',
  'qazwsxedcrfv',
  '1qazxsw23edc',
  'zaq12wsxcde3',
  '147258369a',
  '1472583690',
  '1357924680',
  '123123123123',
  '1231231230',
  '1234512345',
  '5555555555',
  '7777777777',
  '9999999999',
  'changeme123',
  'default123',
  'coreport123',
  'coreport1234',
  'zhongguo123',
  'woaizhongguo',
  'wangjuan123',
]);

/** The reason `password` may not be used, in zh-CN (English in brackets), or null when it may. */
export function passwordProblem(password: string, username = ''): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符 (password: at least ${MIN_PASSWORD_LENGTH} characters)`;
  const folded = password.normalize('NFKC').toLowerCase();
  if (COMMON.has(folded) || /^(.)\1*$/u.test(folded))
    return '密码过于常见，容易被猜中，请换一个 (password: too common)';
  if (
    username &&
    folded.includes(username.normalize('NFKC').toLowerCase()) &&
    folded.length <= username.length + 4
  )
    return '密码不能与用户名相同或只多几个字符 (password: too close to the username)';
  return null;
}

/** Throws 400 naming what is wrong with the password. */
export function checkPassword(password: string, username = ''): void {
  const problem = passwordProblem(password, username);
  if (problem) throw badRequest(problem);
}
