/**
 * Reference resolution for the update check: where does each struct of an incoming update land?
 * Mirrors `Item.getMissing` / `Item.integrate` in yjs 13.6 (see update-check.ts for the rules).
 */
import * as Y from 'yjs';
import { BODY_PREFIX } from '../../shared/layout.ts';

/** Where an item sits: its root, its parent type (identity), that parent's nesting depth, its map key. */
export interface Place {
  root: string;
  /** A server AbstractType, a new ContentType Item of the update, or a root name not yet on the server. */
  parent: object | string;
  depth: number;
  sub: string | null;
}

/** `null`: yjs will integrate the struct as a GC struct (it references garbage-collected content). */
export type Loc = Place | null;

/** The part of an update struct the server does not have yet: clocks `start..end-1`. */
export interface NewPart {
  struct: Y.Item | Y.GC;
  start: number;
  end: number;
}

/** Thrown inside the check; analyzeUpdate turns it into `{ ok: false, reason, missing }`. */
export class Rejection extends Error {
  constructor(
    message: string,
    /** The update builds on content the server does not have (a clock gap, an unknown reference). */
    readonly missing = false,
  ) {
    super(message);
  }
}

/** Abort the analysis with an English reason. */
export function reject(reason: string): never {
  throw new Rejection(reason);
}

/** Abort because the update needs content the server lacks (see `Rejection.missing`). */
export function rejectMissing(reason: string): never {
  throw new Rejection(reason, true);
}

const VISITING = 0;

/** Per-call state shared by the struct and delete-set passes. */
export class Resolver {
  readonly store: Y.Doc['store'];
  /** New parts per client, in clock order and contiguous from the server's state. */
  readonly parts = new Map<number, NewPart[]>();
  readonly roots = new Set<string>();
  private readonly states = new Map<number, number>();
  private readonly memo = new Map<Y.Item, Loc | typeof VISITING>();

  constructor(
    readonly doc: Y.Doc,
    private readonly maxDepth: number,
  ) {
    this.store = doc.store;
  }

  /** The server's state (next expected clock) for a client. */
  state(client: number): number {
    let s = this.states.get(client);
    if (s === undefined) {
      s = Y.getState(this.store, client);
      this.states.set(client, s);
    }
    return s;
  }

  /** Check that a struct the server already has references only resolvable structs (yjs still looks them up). */
  checkKnown(item: Y.Item): void {
    for (const ref of refsOf(item)) this.depOf(item, ref);
    // yjs creates every root a struct names while decoding, even for structs it then skips.
    if (typeof item.parent === 'string' && !this.doc.share.has(item.parent)) {
      reject(`struct ${idText(item.id)} names an unknown root "${item.parent}"`);
    }
  }

  /** Resolve a new item (and, depth first, the new items it references); record roots; enforce limits. */
  resolve(start: Y.Item): void {
    const stack = [start];
    while (stack.length > 0) {
      const item = stack[stack.length - 1];
      const known = this.memo.get(item);
      if (known !== undefined && known !== VISITING) {
        stack.pop();
        continue;
      }
      let waiting = false;
      for (const ref of refsOf(item)) {
        const dep = this.depOf(item, ref);
        if (dep === null) continue;
        const m = this.memo.get(dep);
        if (m === VISITING) reject(`struct ${idText(item.id)} is part of a reference cycle`);
        if (m === undefined) {
          stack.push(dep);
          waiting = true;
        }
      }
      if (waiting) {
        this.memo.set(item, VISITING);
      } else {
        this.memo.set(item, this.settle(item));
        stack.pop();
      }
    }
  }

  /** Place of a live item the server has (used for deletions too). */
  serverPlace(item: Y.Item): Place {
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType)) return reject(`item ${idText(item.id)} has no parent type`);
    const info = typeInfo(parent);
    return { root: info.root, parent, depth: info.depth, sub: item.parentSub };
  }

  /** The new Item of the update a reference needs resolved first, or null if the server has the target. */
  private depOf(item: Y.Item, ref: Y.ID): Y.Item | null {
    if (ref.client === item.id.client && ref.clock >= item.id.clock) {
      reject(`struct ${idText(item.id)} references ${idText(ref)}, which is not older than itself`);
    }
    if (ref.clock < this.state(ref.client)) return null;
    const part = this.findPart(ref);
    if (part === null)
      return rejectMissing(`struct ${idText(item.id)} references ${idText(ref)}, which is unknown`);
    return part.struct.constructor === Y.Item ? (part.struct as Y.Item) : null;
  }

  private findPart(id: Y.ID): NewPart | null {
    const parts = this.parts.get(id.client);
    if (parts === undefined) return null;
    let lo = 0;
    let hi = parts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = parts[mid];
      if (id.clock < p.start) hi = mid - 1;
      else if (id.clock >= p.end) lo = mid + 1;
      else return p;
    }
    return null;
  }

  /** A resolved new Item of the update (its dependencies are settled before it). */
  private settled(id: Y.ID): Y.Item | Y.GC {
    const part = this.findPart(id);
    if (part === null) return reject(`reference ${idText(id)} is unknown`);
    return part.struct;
  }

  /** Place of the item an origin / rightOrigin points at (the new item becomes its sibling). */
  private neighbour(id: Y.ID): Loc {
    if (id.clock < this.state(id.client)) {
      const s = Y.getItem(this.store, id) as Y.Item | Y.GC;
      return s.constructor === Y.GC ? null : this.serverPlace(s as Y.Item);
    }
    const s = this.settled(id);
    return s.constructor === Y.GC ? null : (this.memo.get(s as Y.Item) as Loc);
  }

  /** Place inside the type whose item a `parent` ID points at; null when yjs would GC the child. */
  private inside(id: Y.ID, sub: string | null): Loc {
    if (id.clock < this.state(id.client)) {
      const s = Y.getItem(this.store, id) as Y.Item | Y.GC;
      if (s.constructor === Y.GC) return null;
      const content = (s as Y.Item).content;
      // A deleted type's item keeps ContentDeleted after GC; yjs then GCs the child too.
      if (content.constructor !== Y.ContentType) return null;
      const type = (content as Y.ContentType).type;
      const info = typeInfo(type);
      return { root: info.root, parent: type, depth: info.depth, sub };
    }
    const s = this.settled(id);
    if (s.constructor === Y.GC || (s as Y.Item).content.constructor !== Y.ContentType) return null;
    const loc = this.memo.get(s as Y.Item) as Loc;
    return loc === null ? null : { root: loc.root, parent: s, depth: loc.depth + 1, sub };
  }

  /** Compute where yjs puts `item`, add every root it references, enforce the per-struct rules. */
  private settle(item: Y.Item): Loc {
    const o = item.origin ? this.neighbour(item.origin) : undefined;
    const r = item.rightOrigin ? this.neighbour(item.rightOrigin) : undefined;
    const parent: unknown = item.parent;
    let p: Loc | undefined;
    if (typeof parent === 'string') {
      p = { root: parent, parent: this.doc.share.get(parent) ?? parent, depth: 0, sub: item.parentSub };
    } else if (parent instanceof Y.ID) {
      p = this.inside(parent, item.parentSub);
    } else if (o === undefined && r === undefined) {
      reject(`struct ${idText(item.id)} has neither parent nor origin`);
    }
    // Every reference counts, not just the one yjs follows.
    if (o) this.roots.add(o.root);
    if (r) this.roots.add(r.root);
    if (p) this.roots.add(p.root);
    // yjs: a GC neighbour turns the item into GC; else parent comes from left, then right, then `parent`.
    const loc = o === null || r === null ? null : (o ?? r ?? p ?? null);
    if (loc === null) return null;
    if (loc.sub !== null && loc.depth === 0 && loc.root.startsWith(BODY_PREFIX)) {
      reject(`struct ${idText(item.id)} writes map key "${loc.sub}" on ${loc.root}`);
    }
    if (item.content.constructor === Y.ContentType && loc.depth + 1 > this.maxDepth) {
      reject(`struct ${idText(item.id)} nests a type deeper than ${this.maxDepth} levels`);
    }
    this.checkOverlap(item, loc);
    return loc;
  }

  /**
   * yjs integrates the new tail of a struct the server partly has after the server's last struct of
   * that client, whatever the struct's own references say: that struct must be a live sibling.
   * (A GC predecessor makes `Item.integrate` throw half-way through the transaction.)
   */
  private checkOverlap(item: Y.Item, loc: Place): void {
    const state = this.state(item.id.client);
    if (item.id.clock >= state) return;
    const pred = Y.getItem(this.store, Y.createID(item.id.client, state - 1)) as Y.Item | Y.GC;
    if (
      pred.constructor !== Y.Item ||
      (pred as Y.Item).parent !== loc.parent ||
      (pred as Y.Item).parentSub !== loc.sub
    ) {
      reject(`struct ${idText(item.id)} overlaps the server's state but does not continue its last struct`);
    }
  }
}

function refsOf(item: Y.Item): Y.ID[] {
  const refs: Y.ID[] = [];
  if (item.origin) refs.push(item.origin);
  if (item.rightOrigin) refs.push(item.rightOrigin);
  if (item.parent instanceof Y.ID) refs.push(item.parent);
  return refs;
}

/** `client:clock`, for reasons. */
export function idText(id: Y.ID): string {
  return `${id.client}:${id.clock}`;
}

interface TypeInfo {
  root: string;
  depth: number;
}

// A type never moves: its root name and depth are fixed once it is integrated, so caching is safe
// (even when doc.get() swaps a root's instance, the old instance keeps its name).
const typeInfos = new WeakMap<Y.AbstractType<unknown>, TypeInfo>();

function typeInfo(type: Y.AbstractType<unknown>): TypeInfo {
  let cur = type;
  let depth = 0;
  let info: TypeInfo;
  for (;;) {
    const hit = typeInfos.get(cur);
    if (hit !== undefined) {
      info = { root: hit.root, depth: hit.depth + depth };
      break;
    }
    const item = cur._item;
    if (item === null) {
      const root = rootName(cur);
      typeInfos.set(cur, { root, depth: 0 });
      info = { root, depth };
      break;
    }
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType)) return reject(`type ${idText(item.id)} has no parent type`);
    cur = parent;
    depth++;
  }
  typeInfos.set(type, info);
  return info;
}

function rootName(type: Y.AbstractType<unknown>): string {
  try {
    return Y.findRootTypeKey(type);
  } catch {
    return reject('a referenced type belongs to no root');
  }
}
