/**
 * Delete-set pass of the update check: which roots do an update's deletions touch?
 */
import * as Y from 'yjs';
import { deletesOnlyRedundantMarkers } from './format-noop.ts';
import { idText, type Resolver, rejectMissing } from './update-check-resolve.ts';

type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/**
 * Record the roots of the live server items `ds` deletes; return whether it deletes any.
 * Ranges the server already deleted or GC'd are skipped (a reconnecting client repeats its whole
 * delete set, others' old deletions included). Ranges inside the update's own new structs need no
 * extra root: those structs are writes already. Anything beyond that is rejected: yjs would park
 * it in `store.pendingDs` and apply it to whatever later arrives under those ids, i.e. delete
 * another user's future text without this check ever seeing it.
 * Deleted format markers that change no one's formatting (yjs's own cleanup, see format-noop.ts) write
 * no root.
 */
export function analyzeDeletes(resolver: Resolver, ds: DeleteSet): boolean {
  let live = false;
  const markers = new Map<Y.Text, Set<Y.Item>>();
  for (const [client, ranges] of ds.clients) {
    const state = resolver.state(client);
    const parts = resolver.parts.get(client);
    const covered = parts !== undefined && parts.length > 0 ? parts[parts.length - 1].end : state;
    const structs = resolver.store.clients.get(client);
    for (const { clock, len } of ranges) {
      if (len <= 0) continue;
      const end = clock + len;
      if (end > covered) {
        rejectMissing(
          `unresolved deletion of ${idText(Y.createID(client, Math.max(clock, covered)))}..${end - 1}`,
        );
      }
      if (clock < state && structs !== undefined)
        live = deleteKnown(resolver, markers, structs, clock, Math.min(end, state)) || live;
    }
  }
  for (const [text, items] of markers) {
    const [first] = items;
    if (!deletesOnlyRedundantMarkers(text, items)) resolver.roots.add(resolver.serverPlace(first!).root);
  }
  return live;
}

function deleteKnown(
  resolver: Resolver,
  markers: Map<Y.Text, Set<Y.Item>>,
  structs: Array<Y.Item | Y.GC>,
  clock: number,
  end: number,
): boolean {
  let live = false;
  for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
    const s = structs[i];
    if (s.id.clock >= end) break;
    if (s.deleted) continue; // GC structs report deleted too
    live = true;
    const item = s as Y.Item;
    if (item.content instanceof Y.ContentFormat && item.parent instanceof Y.Text) {
      const text = item.parent;
      markers.set(text, (markers.get(text) ?? new Set()).add(item));
    } else resolver.roots.add(resolver.serverPlace(item).root);
  }
  return live;
}
