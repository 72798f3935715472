import { z } from 'zod';
import { ROLES, SECTION_STATUSES } from './layout.ts';
import { cleanName, cleanUsername, mixesScripts, nameProblem } from './names.ts';
import { TEMPLATE_IDS } from './templates.ts';

/** Request bodies of the REST API, shared by server (validation) and client (types). */

/** A title or display name: NFC, trimmed, 1–`max` characters, nothing hidden (names.ts). */
const text = (max: number) =>
  z
    .string()
    .transform(cleanName)
    .superRefine((value, ctx) => {
      const problem = nameProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .pipe(z.string().min(1, '不能为空').max(max, `最多 ${max} 个字`));

export const credentialsSchema = z.strictObject({
  username: z
    .string()
    .transform(cleanUsername)
    .pipe(
      z
        .string()
        // zh-CN messages: they reach the user as they are (a Chinese username is common).
        .min(2, '用户名至少 2 个字符')
        .max(32, '用户名最多 32 个字符')
        .regex(/^[\p{L}\p{N}_.-]+$/u, '用户名只能包含汉字、字母、数字和 _ . -，不能有空格或其他符号')
        .refine((u) => !mixesScripts(u), '用户名不能混用拉丁字母与西里尔或希腊字母（易混淆）'),
    ),
  // Length and commonness: server/auth/password-policy.ts, with zh-CN messages.
  password: z.string().min(1, '请输入密码').max(200, '密码最多 200 个字符'),
});

export const registerSchema = credentialsSchema.extend({ displayName: text(40) });
export const loginSchema = z.strictObject({ username: z.string().max(64), password: z.string().max(200) });

/** A report's new title (PATCH /api/reports/:id). */
export const renameReportSchema = z.strictObject({ title: text(200) });

/** A new report: empty, from a template (`template`), or from an existing report's sections (`from`). */
export const createReportSchema = z
  .strictObject({
    title: text(200),
    template: z.enum(TEMPLATE_IDS).optional(),
    from: z.string().min(1).max(100).optional(),
  })
  .refine((b) => !(b.template && b.from), { message: 'give template or from, not both' });
export const memberRoleSchema = z.strictObject({ role: z.enum(ROLES) });

const sectionId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const level = z.number().int().min(1).max(4);
const due = z.iso.date().nullable();

export const createSectionSchema = z.strictObject({
  title: text(200),
  level: level.optional(),
  after: sectionId.nullable().optional(),
});

export const updateSectionSchema = z
  .strictObject({
    title: text(200).optional(),
    level: level.optional(),
    assignees: z.array(z.string().min(1).max(64)).max(20).optional(),
    status: z.enum(SECTION_STATUSES).optional(),
    due: due.optional(),
    /** Why a section was returned, shown to its writers. */
    note: z.string().trim().max(500).optional(),
    /** A leader approves (定稿) although suggestions are still pending. */
    force: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'note' && k !== 'force'), 'nothing to change');

export const moveSectionSchema = z.strictObject({ after: sectionId.nullable() });

export type RegisterBody = z.infer<typeof registerSchema>;
export type UpdateSectionBody = z.infer<typeof updateSectionSchema>;

/** Control characters other than newline and tab. */
const isControl = (ch: string) => {
  const code = ch.charCodeAt(0);
  return (code < 32 && ch !== '\n' && ch !== '\t') || code === 127;
};

/** Comment bodies are plain text, rendered as text (never as HTML) everywhere. */
export const COMMENT_MAX_CHARS = 2000;
const commentBody = z
  .string()
  .trim()
  .min(1)
  .max(COMMENT_MAX_CHARS)
  // Control characters other than newline and tab have no place in a comment.
  .refine((s) => ![...s].some(isControl), 'control characters are not allowed');
const base64 = z
  .string()
  .max(1024)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

export const createCommentSchema = z.strictObject({
  sectionId: sectionId,
  anchor: z.strictObject({ start: base64, end: base64 }),
  quote: z.string().max(500),
  body: commentBody,
});
export const replySchema = z.strictObject({ body: commentBody });
export const updateCommentSchema = z
  .strictObject({ resolved: z.boolean().optional(), body: commentBody.optional() })
  .refine((b) => b.resolved !== undefined || b.body !== undefined, 'nothing to change');
export const markReadSchema = z.strictObject({
  ids: z.array(z.number().int().positive()).max(1000).optional(),
});

/** Suggestions (修订): a replacement for a quoted range, or (no anchor) paragraphs to append. */
export const SUGGESTION_MAX_CHARS = 5000;
const noControl = (s: string) => ![...s].some(isControl);
export const createSuggestionSchema = z
  .strictObject({
    sectionId: sectionId,
    anchor: z.strictObject({ start: base64, end: base64 }).nullable().optional(),
    quote: z.string().max(SUGGESTION_MAX_CHARS).default(''),
    replacement: z.string().max(SUGGESTION_MAX_CHARS).refine(noControl, 'control characters are not allowed'),
  })
  .refine((b) => b.quote !== b.replacement, 'nothing to change: replacement equals quote')
  .refine((b) => b.anchor || (b.quote === '' && b.replacement.trim() !== ''), {
    message: 'without an anchor, give text to add as replacement (and no quote)',
  })
  .refine((b) => !b.anchor || !b.replacement.includes('\n'), {
    message: 'replacement: one paragraph only (no line breaks) when anchored',
  });
export const decideAllSchema = z.strictObject({
  author: z.string().min(1).max(64),
  sectionId: sectionId.optional(),
});

/** A leader's named version (送审稿): of one section, or of every section when none is given. */
export const namedVersionSchema = z.strictObject({
  name: text(60),
  sectionId: sectionId.optional(),
});
