/** REST calls for suggestions (修订), docs/api.md "Suggestions". */
import type { Suggestion } from '../../../shared/suggestions.ts';
import { call } from '../api.ts';
import type { DraftSuggestion } from './scratch-diff.ts';

const enc = encodeURIComponent;
const base = (reportId: string) => `/api/reports/${enc(reportId)}/suggestions`;

export const suggestApi = {
  create: (reportId: string, body: DraftSuggestion | { sectionId: string; replacement: string }) =>
    call<{ suggestion: Suggestion & { outdated: boolean } }>('POST', base(reportId), body),
  accept: (reportId: string, id: string) => call<unknown>('POST', `${base(reportId)}/${enc(id)}/accept`),
  reject: (reportId: string, id: string) => call<void>('POST', `${base(reportId)}/${enc(id)}/reject`),
  decideAll: (reportId: string, action: 'accept' | 'reject', author: string, sectionId: string) =>
    call<{ outdated: string[] }>('POST', `${base(reportId)}/${action}-all`, { author, sectionId }),
};

/**
 * Offer `text` for the end of a section as a suggestion: for an edit the server refused (the section
 * was approved meanwhile, or the writer typed offline), so it is not lost. One paragraph per line.
 */
export const suggestText = (reportId: string, sectionId: string, text: string) =>
  suggestApi.create(reportId, { sectionId, replacement: text });
