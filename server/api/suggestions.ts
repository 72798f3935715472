import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { Role, SectionInfo } from '../../shared/layout.ts';
import { createSuggestionSchema, decideAllSchema } from '../../shared/schemas.ts';
import {
  indexedText,
  isOutdated,
  readSuggestion,
  readSuggestions,
  resolveAnchor,
  type Suggestion,
} from '../../shared/suggestions.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { getSection } from '../reports/doc-sections.ts';
import { addSuggestion, applySuggestion, removeSuggestion } from '../suggestions/doc-suggestions.ts';
import { membership } from './membership.ts';

const newId = () => `g${randomBytes(8).toString('base64url').replace(/[-_]/g, 'x')}`;
const SUGGESTING = ['leader', 'writer', 'commenter'] as const;

/** Leaders decide anywhere; a section's assignees while it is not approved (定稿 locks it). */
const mayDecide = (role: Role, userId: string, section: SectionInfo | null) =>
  role === 'leader' || (!!section && section.status !== 'approved' && section.assignees.includes(userId));

/**
 * Suggestions (修订): proposed by REST, stored by the server in the `suggestions` root (live for
 * everyone through Yjs, never writable by clients), applied to the body only by the server on accept.
 */
export function suggestionRoutes(deps: Deps) {
  const { stores, rooms } = deps;
  const app = new Hono<AppEnv>();
  // 60 suggestions at once (a scratch edit submits several), then 30 a minute, per user.
  const limiter = new RateLimiter(60, 30);

  const find = (reportId: string, gid: string): Suggestion => {
    const s = readSuggestion(rooms.get(reportId).doc, gid);
    if (!s) throw notFound('suggestion');
    return s;
  };
  const withFlag = (doc: Parameters<typeof isOutdated>[0], s: Suggestion) => ({
    ...s,
    outdated: isOutdated(doc, s),
  });

  /** Accept: a server write attributed to the suggester; false when the quoted text changed. */
  const accept = (reportId: string, actorId: string, s: Suggestion): boolean => {
    const room = rooms.get(reportId);
    // What the writers typed before is a version of its own; the accepted change one of the suggester.
    deps.history.checkpoint(room, s.sectionId);
    const applied = room.change(s.author, (doc) => applySuggestion(doc, s));
    if (applied) {
      deps.history.capture(room, s.sectionId, 'suggestion', actorId, { authors: [s.author] });
      stores.activity.add(reportId, actorId, 'suggestion.accept', {
        suggestionId: s.id,
        sectionId: s.sectionId,
        author: s.author,
        quote: s.quote,
        replacement: s.replacement,
      });
    }
    return applied;
  };
  const reject = (reportId: string, actorId: string, s: Suggestion): void => {
    rooms.get(reportId).change(actorId, (doc) => removeSuggestion(doc, s.id));
    stores.activity.add(reportId, actorId, 'suggestion.reject', {
      suggestionId: s.id,
      sectionId: s.sectionId,
      author: s.author,
    });
  };

  app.get('/:id/suggestions', (c) => {
    const { report } = membership(c, deps);
    const doc = rooms.get(report.id).doc;
    return c.json({ suggestions: readSuggestions(doc).map((s) => withFlag(doc, s)) });
  });

  app.post('/:id/suggestions', async (c) => {
    const { report } = membership(c, deps, [...SUGGESTING]);
    const body = await readJson(c, createSuggestionSchema);
    const user = c.get('user');
    const room = rooms.get(report.id);
    if (!getSection(room.doc, body.sectionId)) throw badRequest(`sectionId: no section ${body.sectionId}`);
    const anchor = body.anchor ?? null;
    if (anchor) {
      const range = resolveAnchor(room.doc, body.sectionId, anchor);
      if (!range) {
        throw badRequest('anchor: start and end must be relative positions in one paragraph of the section');
      }
      if (indexedText(range.text).slice(range.from, range.to) !== body.quote) {
        throw conflict('quote: 原文已被修改，请重新选择 (the text at the anchor is not the quote)');
      }
    }
    limiter.take(user.id);
    const s: Suggestion = {
      id: newId(),
      sectionId: body.sectionId,
      anchor,
      quote: body.quote,
      replacement: body.replacement,
      author: user.id,
      createdAt: Date.now(),
    };
    room.change(user.id, (doc) => addSuggestion(doc, s));
    stores.activity.add(report.id, user.id, 'suggestion.create', {
      suggestionId: s.id,
      sectionId: s.sectionId,
    });
    return c.json({ suggestion: { ...s, outdated: false } }, 201);
  });

  app.post('/:id/suggestions/:gid/accept', (c) => {
    const { report, role } = membership(c, deps);
    const user = c.get('user');
    const s = find(report.id, c.req.param('gid'));
    if (!mayDecide(role, user.id, getSection(rooms.get(report.id).doc, s.sectionId)))
      throw forbidden('只有牵头人或章节负责人可以接受修订 (leader or the section’s assignees only)');
    if (!accept(report.id, user.id, s))
      throw conflict('修订已过期：原文已被修改 (the quoted text changed; the suggestion is outdated)');
    return c.json({ accepted: s });
  });

  app.post('/:id/suggestions/:gid/reject', (c) => {
    const { report, role } = membership(c, deps);
    const user = c.get('user');
    const s = find(report.id, c.req.param('gid'));
    const section = getSection(rooms.get(report.id).doc, s.sectionId);
    // The suggester may also withdraw their own.
    if (s.author !== user.id && !mayDecide(role, user.id, section))
      throw forbidden('只有牵头人、章节负责人或提出人可以拒绝修订 (leader, assignees or the suggester only)');
    reject(report.id, user.id, s);
    return c.body(null, 204);
  });

  /** All of one person's suggestions (optionally in one section) that the caller may decide. */
  for (const action of ['accept', 'reject'] as const) {
    app.post(`/:id/suggestions/${action}-all`, async (c) => {
      const { report, role } = membership(c, deps);
      const body = await readJson(c, decideAllSchema);
      const user = c.get('user');
      const doc = rooms.get(report.id).doc;
      const mine = readSuggestions(doc).filter(
        (s) =>
          s.author === body.author &&
          (!body.sectionId || s.sectionId === body.sectionId) &&
          mayDecide(role, user.id, getSection(doc, s.sectionId)),
      );
      const done: string[] = [];
      const outdated: string[] = [];
      for (const s of mine) {
        if (action === 'reject') reject(report.id, user.id, s);
        else if (!accept(report.id, user.id, s)) {
          outdated.push(s.id);
          continue;
        }
        done.push(s.id);
      }
      return c.json({ [action === 'accept' ? 'accepted' : 'rejected']: done, outdated });
    });
  }

  return app;
}
