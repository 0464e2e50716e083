import type { Comment } from '../../model/post.js';
import { memoryByteStore, type ByteStore } from '../common/byteStore.js';
import { copyString } from '../common/xmlEntries.js';
import { instantOf, parseAtomDate } from './dates.js';

/** Where a comment belongs, as its entry says. */
export interface CommentRefs {
  /** Id of its post — or, in some classic exports, of the comment it answers. */
  post?: string;
  /** URL of its post, for comments that name no post id. */
  postUrl?: string;
  /** Id of the comment it answers. */
  parent?: string;
}

/** A kept comment as the book receives it: the Comment, and the date text it was dated by. */
export interface KeptComment {
  comment: Comment;
  /** The Atom date the comment's date came from, re-read when the comment is handed over. */
  dateText?: string;
}

/** A kept comment, packed (see PackedStore) as this tuple: `[id, format, body, author, authorUrl, dateText, parent, postUrl]`. */
type Packed = [string, 'html' | 'text', string, string | null, string | null, string | null, string | null, string | null];

/**
 * Packed comments in a byte store, one entry per comment: the fields' lengths (`-1` for null),
 * then the fields end to end (`8,4,1200,-1,…;tag:…`). Cheaper both ways than JSON, which must
 * escape every quote of an HTML body and unescape it again.
 */
class PackedStore {
  constructor(private readonly bytes: ByteStore) {}

  put(value: Packed): number {
    let lengths = '';
    for (const field of value) lengths += field === null ? '-1,' : `${field.length},`;
    // Joined in one go (`join` leaves out the nulls): one flat string, not a tree of pieces the
    // checks and the store's encoder would each flatten again.
    const packed = [`${lengths};`, ...value].join('');
    // A lone surrogate (only an odd decoder lets one through) would come back from UTF-8 as
    // U+FFFD; JSON escapes it, so such a comment keeps the old packing, marked `J`.
    if (!isWellFormed(packed)) return this.bytes.put(`J${JSON.stringify(value)}`);
    return this.bytes.put(packed);
  }

  get(at: number): Packed {
    const packed = this.bytes.get(at);
    if (packed.startsWith('J')) return JSON.parse(packed.slice(1)) as Packed;
    const head = packed.indexOf(';');
    const fields: (string | null)[] = [];
    let from = head + 1;
    for (let i = 0; i < head; ) {
      const comma = packed.indexOf(',', i);
      const length = Number(packed.slice(i, comma));
      i = comma + 1;
      if (length < 0) fields.push(null);
      else {
        fields.push(packed.slice(from, from + length));
        from += length;
      }
    }
    return fields as Packed;
  }

  close(): void {
    this.bytes.close();
  }
}

/** `String.prototype.isWellFormed` (Node 20; not yet in TypeScript's ES2023 library). */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * The comments of one export, collected in a first pass so each post can be handed all of its
 * comments whatever their place in the file (classic exports list every post, then every
 * comment; Takeout mixes them). Only comments are held — never post bodies — so memory is the
 * size of the comments, not of the export.
 *
 * Replies are threaded through `replyTo`. A reply to a comment that was not kept (spam, deleted)
 * is re-threaded to the nearest kept ancestor, or becomes a top-level comment.
 */
export class CommentBook {
  /** Every comment seen (kept or not): id → the post id its entry names (shared strings). */
  private readonly owner = new Map<string, string | undefined>();
  /** Comments not kept that answered another comment: id → that comment, for re-threading. */
  private readonly goneParent = new Map<string, string>();
  /** Kept comments (where they are in the store) by the post they name (`post id`, or `url:…` when only a URL is known). */
  private readonly groups = new Map<string, number[]>();
  private readonly store: PackedStore;
  private readonly interned = new Map<string, string>();
  private sealed = false;

  /** `bytes` holds the comments themselves (in memory by default; convert gives a file-backed one). */
  constructor(bytes: ByteStore = memoryByteStore()) {
    this.store = new PackedStore(bytes);
  }

  /** Release the store (the comments not taken are gone after this). */
  close(): void {
    this.store.close();
  }

  /** Whether a comment with this id was already seen (kept or not); asked while the book is filled. */
  has(id: string): boolean {
    return this.owner.has(id);
  }

  addLive({ comment, dateText }: KeptComment, refs: CommentRefs): void {
    this.assertOpen();
    this.owner.set(copyString(comment.id), this.intern(refs.post));
    const packed: Packed = [
      comment.id,
      comment.body.format,
      comment.body.value,
      comment.author ?? null,
      comment.authorUrl ?? null,
      dateText ?? null,
      refs.parent ?? null,
      refs.postUrl ?? null,
    ];
    const key = refs.post ?? (refs.postUrl ? urlKey(refs.postUrl) : '');
    const group = this.groups.get(key);
    const at = this.store.put(packed);
    if (group) group.push(at);
    else this.groups.set(this.intern(key)!, [at]);
  }

  addGone(id: string, refs: CommentRefs): void {
    this.assertOpen();
    this.owner.set(copyString(id), this.intern(refs.post));
    const parent = refs.parent ?? (refs.post && this.owner.has(refs.post) ? refs.post : undefined);
    if (parent) this.goneParent.set(copyString(id), copyString(parent));
  }

  /**
   * Once the first pass is over: comments filed under another comment's id (a classic reply
   * naming its parent where the post belongs) move to that comment's post, with the parent kept.
   * When the chain of such comments leads to no post (a damaged export: a comment naming itself,
   * or comments naming each other in a circle), each goes to the post its own link names.
   * From then on the book only hands comments over (`take`): the index of every comment's owner
   * is no longer needed and is dropped (on a 100,000-post export, some 170,000 ids).
   */
  seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    for (const key of [...this.groups.keys()]) {
      if (!this.owner.has(key)) continue;
      const post = this.postOfComment(key);
      const stored = this.groups.get(key)!;
      this.groups.delete(key);
      for (const at of stored) {
        const packed = this.store.get(at);
        packed[6] ??= key;
        const target = post ?? (packed[7] ? urlKey(packed[7]) : '');
        const group = this.groups.get(target);
        const moved = this.store.put(packed);
        if (group) group.push(moved);
        else this.groups.set(this.intern(target)!, [moved]);
      }
    }
    this.owner.clear();
    this.interned.clear();
  }

  /** Hand over (and forget) the comments of a post, oldest first, threaded. */
  take(postId: string, url?: string): Comment[] {
    this.seal();
    const byId = this.groups.get(postId);
    const key = url ? urlKey(url) : undefined;
    const byUrl = key !== undefined ? this.groups.get(key) : undefined;
    if (byId === undefined && byUrl === undefined) return [];
    const stored = [...(byId ?? []), ...(byUrl ?? [])];
    this.groups.delete(postId);
    if (key !== undefined) this.groups.delete(key);
    if (stored.length === 0) return [];
    const held = stored.map((at, order) => unpack(this.store.get(at), order));
    const kept = new Set(held.map((h) => h.comment.id));
    for (const h of held) {
      const parent = this.nearestKept(h.parent, kept);
      if (parent) h.comment.replyTo = parent;
    }
    held.sort((a, b) => a.at - b.at || a.order - b.order);
    const comments = held.map((h) => h.comment);
    breakReplyCycles(comments);
    return comments;
  }

  /** How many kept comments no post has taken (their post is missing or was skipped). */
  untaken(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.length;
    return count;
  }

  private assertOpen(): void {
    if (this.sealed) throw new Error('CommentBook: no comment can be added once the book is sealed');
  }

  private intern(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    let shared = this.interned.get(text);
    if (shared === undefined) {
      shared = copyString(text);
      this.interned.set(shared, shared);
    }
    return shared;
  }

  /** The post a comment belongs to, following comments named as posts up (bounded, in case of a cycle). */
  private postOfComment(id: string): string | undefined {
    let current: string | undefined = id;
    for (let hops = 0; current !== undefined && hops < 1000; hops++) {
      if (!this.owner.has(current)) return current;
      current = this.owner.get(current) ?? this.goneParent.get(current);
    }
    return undefined;
  }

  /** The closest ancestor among `kept`, skipping comments that were not kept. */
  private nearestKept(parent: string | undefined, kept: Set<string>): string | undefined {
    let current = parent;
    for (let hops = 0; current !== undefined && hops < 1000; hops++) {
      if (kept.has(current)) return current;
      current = this.goneParent.get(current);
    }
    return undefined;
  }
}

/**
 * A damaged export can make a comment answer itself, or comments answer each other in a circle;
 * a site rendering threads would then recurse forever. The first comment (oldest) found closing a
 * circle becomes top-level, which breaks it.
 */
function breakReplyCycles(comments: Comment[]): void {
  const replyTo = new Map<string, string>();
  for (const c of comments) if (c.replyTo !== undefined) replyTo.set(c.id, c.replyTo);
  for (const c of comments) {
    let current = replyTo.get(c.id);
    for (let hops = 0; current !== undefined && hops <= comments.length; hops++) {
      if (current === c.id) {
        c.replyTo = undefined;
        replyTo.delete(c.id);
        break;
      }
      current = replyTo.get(current);
    }
  }
}

function unpack([id, format, value, author, authorUrl, dateText, parent]: Packed, order: number) {
  // Every field in one literal (`replyTo` is set by `take`): all comments share one shape, so
  // the code reading them stays monomorphic (see toPost).
  const comment: Comment = {
    id,
    author: author ?? undefined,
    authorUrl: authorUrl ?? undefined,
    date: parseAtomDate(dateText ?? undefined),
    body: { format, value },
    replyTo: undefined,
  };
  const at = instantOf(dateText ?? undefined);
  return { comment, parent: parent ?? undefined, order, at: Number.isNaN(at) ? Number.MAX_SAFE_INTEGER : at };
}

/** Comments point at `http://…/post.html`, posts at `https://…/post.html?m=1`: compare without scheme, query, fragment. */
function urlKey(url: string): string {
  return `url:${url.trim().replace(/^[a-z]+:\/\//i, '').replace(/[?#].*$/, '')}`;
}
