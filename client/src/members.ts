/** Names of report members for display. */
import type { Member } from './api.ts';
import { t } from './i18n.ts';

/** A member's display name; someone no longer in the report shows as "former member", never as an id. */
export function memberName(members: Member[], userId: string): string {
  const m = members.find((x) => x.userId === userId);
  return m ? m.displayName || m.username : t('members.former');
}
