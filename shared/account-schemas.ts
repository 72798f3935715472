import { z } from 'zod';
import { ROLES } from './layout.ts';
import { credentialsSchema, registerSchema } from './schemas.ts';

/**
 * Request bodies of the organisation-account calls (docs/api.md, "Organisation accounts"): groups
 * (科室), invite and reset links, password changes. Messages are zh-CN: they reach the user as they are.
 */

const password = credentialsSchema.shape.password;
/** A link's token as the client got it (base64url, 256 bits). */
const token = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, '链接无效或不完整，请向管理员索取新链接');
const id = z.string().min(1).max(64);

export const groupNameSchema = z.strictObject({ name: registerSchema.shape.displayName });

/** `hours` the link stays valid: invites up to 30 days, default 3; resets up to 7, default 1. */
export const createInviteSchema = z.strictObject({
  hours: z
    .number()
    .int('有效期应为整数小时')
    .min(1, '有效期至少 1 小时')
    .max(720, '有效期最多 30 天')
    .optional(),
  groupId: id.nullable().optional(),
});
export const createResetLinkSchema = z.strictObject({
  hours: z
    .number()
    .int('有效期应为整数小时')
    .min(1, '有效期至少 1 小时')
    .max(168, '有效期最多 7 天')
    .optional(),
});

export const linkTokenSchema = z.strictObject({ token });
export const acceptInviteSchema = registerSchema.extend({ token });
export const acceptResetSchema = z.strictObject({ token, password });

export const changePasswordSchema = z.strictObject({
  currentPassword: password,
  newPassword: password,
});
/** An admin's temporary password for someone else. */
export const setPasswordSchema = z.strictObject({ password });

export const addGroupToReportSchema = z.strictObject({ groupId: id, role: z.enum(ROLES) });
