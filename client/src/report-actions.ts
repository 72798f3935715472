/** A leader's 重命名 and 删除报告 of the open report, each asked in a browser dialog first. */
import { api } from './api.ts';
import { t } from './i18n.ts';
import { hrefOf } from './route.ts';

/** Asks for the new title and sends it; the title set, or null when unchanged or refused (said so). */
export async function renameReport(reportId: string, current: string): Promise<string | null> {
  const next = window.prompt(t('report.renamePrompt'), current)?.trim();
  if (!next || next === current) return null;
  try {
    await api.renameReport(reportId, next);
    return next;
  } catch (err) {
    window.alert(t('report.renameFailed', { reason: err instanceof Error ? err.message : String(err) }));
    return null;
  }
}

/** After a confirmation: to the trash (restorable by an admin for 30 days), then back to the list. */
export async function deleteReport(reportId: string, title: string): Promise<void> {
  if (!window.confirm(t('report.deleteConfirm', { title }))) return;
  try {
    await api.deleteReport(reportId);
    window.location.hash = hrefOf({ name: 'list' });
  } catch (err) {
    window.alert(t('report.deleteFailed', { reason: err instanceof Error ? err.message : String(err) }));
  }
}
