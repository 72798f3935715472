import { randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/password.ts';
import type { Deps } from '../context.ts';
import { appendParagraphs } from '../reports/body-text.ts';
import { addSection, initReport } from '../reports/doc-sections.ts';
import type { User } from '../storage/types.ts';
import { demoTeam, sampleSections, sampleTitle } from './sample-report.ts';

/** Creates the demo team and sample report, once (nothing happens if any user exists). */
export async function seedDemo({ stores, rooms }: Deps): Promise<boolean> {
  if (stores.accounts.count() > 0) return false;
  const users: User[] = [];
  for (const [i, member] of demoTeam.entries()) {
    const user = {
      id: randomUUID(),
      username: member.username,
      displayName: member.displayName,
      isAdmin: i === 0,
    };
    users.push(stores.accounts.create(user, await hashPassword(member.password)));
  }
  const leader = users[0]!;
  const report = { id: randomUUID(), title: sampleTitle, createdBy: leader.id, createdAt: Date.now() };
  stores.reports.create(report, leader.id);
  for (const user of users.slice(1, 4)) stores.reports.setRole(report.id, user.id, 'writer');
  stores.reports.setRole(report.id, users[4]!.id, 'commenter');
  rooms.get(report.id).change(leader.id, (doc) => {
    initReport(doc, sampleTitle, report.createdAt);
    for (const [i, s] of sampleSections.entries()) {
      const id = `demo${i + 1}`;
      const assignees = s.writer === null ? [] : [users[s.writer]!.id];
      addSection(doc, { id, title: s.title, level: s.level, assignees, status: s.status, due: null });
      appendParagraphs(doc, id, s.paragraphs);
    }
  });
  return true;
}
