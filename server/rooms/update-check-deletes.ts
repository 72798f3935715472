/**
 * Delete-set pass of the update check: which roots do an update's deletions touch?
 */
import * as Y from 'yjs';
import { idText, type Resolver, rejectMissing } from './update-check-resolve.ts';

type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/**
 * Record the roots of the live server items `ds` deletes; return whether it deletes any.
 * Ranges the server already deleted or GC'd are skipped (a reconnecting client repeats its whole
 * delete set, others' old deletions included). Ranges inside the update's own new structs need no
 * extra root: those structs are writes already. Anything beyond that is rejected: yjs would park
 * it in `store.pendingDs` and apply it to whatever later arrives under those ids, i.e. delete
 * another user's future text without this check ever seeing it.
 * Deleted format markers write no root: they are collected in `markers` (text → root), and the room
 * restores the formatting of texts the sender may not write (see format-markers.ts).
 */
export function analyzeDeletes(resolver: Resolver, ds: DeleteSet, markers: Map<Y.Text, string>): boolean {
  let live = false;
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
  return live;
}

function deleteKnown(
  resolver: Resolver,
  markers: Map<Y.Text, string>,
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
    const root = resolver.serverPlace(item).root;
    if (item.content instanceof Y.ContentFormat && item.parent instanceof Y.Text)
      markers.set(item.parent, root);
    else resolver.roots.add(root);
  }
  return live;
}
