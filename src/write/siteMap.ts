/**
 * The old site and the new one: every post's old path (Blogger's `/2015/03/hello.html`) and the
 * URL the layout's generator will serve it at, per blog, collected while posts are planned. It
 * answers two questions once the archive is read: where does a link to the old blog go now
 * (internal links), and what should the server redirect (the redirect map). Holds paths and
 * labels only — never a body — so it stays small whatever the archive's size.
 */
import type { Layout, LayoutOptions } from '../layouts/layout.js';
import { detach } from '../model/detach.js';
import { BlogportError } from '../model/errors.js';
import type { Post } from '../model/post.js';

/** What a link to the old blog points at, and the fragment to keep. */
export type OldTarget =
  | { kind: 'post'; path: string; fragment: string }
  | { kind: 'label'; label: string; fragment: string }
  | { kind: 'home'; fragment: string };

/** One line of a redirect map: an old path (percent-encoded) → a new one. */
export interface Redirect {
  from: string;
  to: string;
  kind: 'post' | 'page' | 'label';
}

interface NewHome {
  /** The new site path, unencoded; `undefined` when the generator publishes no page for it. */
  url: string | undefined;
  kind: 'post' | 'page';
  /** Old paths as the export gave them. */
  oldPaths: string[];
  /** Whether its files could be written: a post that failed has no page. */
  state: PageState;
}

/**
 * What the site map keeps of a post's outcome: only whether it failed, set once its files are
 * settled (never the whole report, which would keep every post's warnings for the run).
 */
export interface PageState {
  failed: boolean;
}

interface Blog {
  /** Its key (see `blogKey`), kept once. */
  key: string;
  /** The blog's output folder prefix (`''`, or `my-blog/` in a multi-blog export). */
  folder: string;
  /** Hosts it was served at, normalised (see `normalHost`). */
  hosts: Set<string>;
  /** `NAME` of `NAME.blogspot.*`, which answers under every country domain. */
  blogspotNames: Set<string>;
  /** Quick test for "might link to this blog" before a document is parsed. */
  mention: RegExp | undefined;
  /**
   * Decoded old path → its new home; and, for paths with capitals, the same lower-cased (null:
   * two posts share it), to find a link whose case differs.
   */
  posts: Map<string, NewHome>;
  postsFolded: Map<string, NewHome | null>;
  /** Labels of its published posts, lower case → the first spelling. */
  labels: Map<string, string>;
  /** Old paths claimed twice (kept for the report). */
  duplicates: string[];
}

const BLOGSPOT = /^([a-z0-9-]+)\.blogspot\.[a-z]{2,3}(?:\.[a-z]{2})?$/;
/** Blogger's post (`/2015/03/x.html`) and page (`/p/x.html`) addresses end in `.html`. */
const POST_PATH = /\.html?$/i;
const LABEL_PATH = /^\/search\/label\/([^/]+)\/?$/;

/** Host as compared: lower case, no trailing dot, no `www.` (a blog answers with and without). */
function normalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
}

function blogspotName(host: string): string | undefined {
  return BLOGSPOT.exec(host)?.[1];
}

/** The host of a URL, or of a bare host name (`example.com`); `undefined` if it is neither. */
function hostOf(address: string): string | undefined {
  const text = address.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    return url.hostname ? normalHost(url.hostname) : undefined;
  } catch {
    return undefined;
  }
}

/** Percent-decode what decodes as UTF-8; anything else (`%zz`, a lone `%E9`) stays as it is. */
export function decodePath(path: string): string {
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * A decoded path in the one spelling servers and browsers agree on: ASCII letters, digits,
 * `- . _ ~` and `/` as they are, every other character as `%XX` of its UTF-8 bytes (upper
 * case). Nothing is left that a redirect file or a Markdown destination would read as syntax.
 */
export function encodePath(path: string, keepSlash = true): string {
  let out = '';
  for (const ch of path) {
    if (/^[A-Za-z0-9\-._~]$/.test(ch) || (keepSlash && ch === '/')) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Blogger's address of a label's page (`/search/label/Land%20Use`), encoded. */
export function labelPath(label: string): string {
  return `/search/label/${encodePath(label, false)}`;
}

export class SiteMap {
  private readonly blogs = new Map<string, Blog>();
  private readonly extraHosts: string[];

  /**
   * `siteUrls`: more addresses every blog of this run was served at (`--site-url`), as URLs or
   * host names; a bad one is a BAD_OPTION error.
   */
  constructor(
    private readonly layout: Layout,
    private readonly layoutOptions: LayoutOptions,
    siteUrls: readonly string[],
  ) {
    this.extraHosts = siteUrls.map((address) => {
      const host = hostOf(address);
      if (!host) throw new BlogportError('BAD_OPTION', `--site-url ${JSON.stringify(address)} is not a URL or host name`, undefined, 'e.g. --site-url https://www.example.com/');
      return host;
    });
  }

  /**
   * Record a planned post: its old paths and the URL its new page will have. The caller marks
   * the returned state failed if the post's files cannot be written.
   */
  add(post: Post, slug: string, folder: string): PageState {
    const state: PageState = { failed: false };
    const blog = this.blogOf(post, folder);
    if (!post.draft) {
      for (const tag of post.tags) {
        const key = tag.toLocaleLowerCase();
        if (!blog.labels.has(key)) blog.labels.set(detach(key), detach(tag));
      }
    }
    if (post.aliases.length === 0) return state;
    const url = this.layout.urlOf(post, slug, this.layoutOptions);
    const home: NewHome = { url, kind: post.kind, oldPaths: post.aliases.map(detach), state };
    for (const oldPath of home.oldPaths) {
      const key = decodePath(oldPath);
      if (blog.posts.has(key)) {
        blog.duplicates.push(key);
        continue;
      }
      blog.posts.set(key, home);
      const folded = key.toLowerCase();
      if (folded !== key) blog.postsFolded.set(folded, blog.postsFolded.has(folded) ? null : home);
    }
    return state;
  }

  /** A quick test for text that may link to `post`'s own blog (any of its hosts); none if it has no hosts. */
  mention(post: Post): RegExp | undefined {
    return this.blogs.get(blogKey(post))?.mention;
  }

  /** What a URL in a post of `post`'s blog (or the blog `keyOf` gave) points at on that blog, or `undefined` if elsewhere. */
  classify(post: Post | string, url: string): OldTarget | undefined {
    const blog = this.blogs.get(typeof post === 'string' ? post : blogKey(post));
    if (!blog) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(url.startsWith('//') ? `http:${url}` : url);
    } catch {
      return undefined;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    const host = normalHost(parsed.hostname);
    const name = blogspotName(host);
    if (!blog.hosts.has(host) && !(name !== undefined && blog.blogspotNames.has(name))) return undefined;
    const fragment = parsed.hash;
    const path = parsed.pathname;
    if (path === '/' || path === '') return { kind: 'home', fragment };
    const label = LABEL_PATH.exec(path);
    if (label) return { kind: 'label', label: decodePath(label[1]!), fragment };
    if (POST_PATH.test(path)) return { kind: 'post', path: decodePath(path), fragment };
    return undefined;
  }

  /**
   * The new URL (encoded, fragment kept) of what a link points at, once every post is planned;
   * `undefined` when it is not in the archive (or has no page in the new site).
   */
  resolve(post: Post | string, target: OldTarget): string | undefined {
    const blog = this.blogs.get(typeof post === 'string' ? post : blogKey(post));
    if (!blog) return undefined;
    switch (target.kind) {
      case 'home':
        return `/${target.fragment}`;
      case 'label': {
        const spelling = blog.labels.get(target.label.toLocaleLowerCase());
        return spelling === undefined ? undefined : encodePath(this.layout.tagUrl(spelling)) + target.fragment;
      }
      case 'post': {
        const folded = target.path.toLowerCase();
        const home = blog.posts.get(target.path) ?? blog.posts.get(folded) ?? blog.postsFolded.get(folded) ?? undefined;
        if (!home?.url || home.state.failed) return undefined;
        return encodePath(home.url) + target.fragment;
      }
    }
  }

  /** The key `classify` and `resolve` take for a post's blog (so callers need not keep the post). */
  keyOf(post: Post): string {
    const key = blogKey(post);
    return this.blogs.get(key)?.key ?? key;
  }

  /**
   * One redirect map per blog that had old addresses: every post and page with an old path and
   * a new page (sorted by old path), then every label's page → the generator's tag page.
   */
  redirectMaps(): { folder: string; redirects: Redirect[]; duplicates: string[] }[] {
    const maps: { folder: string; redirects: Redirect[]; duplicates: string[] }[] = [];
    for (const blog of this.blogs.values()) {
      if (blog.posts.size === 0) continue;
      const pages: Redirect[] = [];
      for (const [oldPath, home] of blog.posts) {
        if (!home.url || home.state.failed) continue;
        const from = encodePath(oldPath);
        const to = encodePath(home.url);
        if (from !== to) pages.push({ from, to, kind: home.kind });
      }
      const labels: Redirect[] = [...blog.labels.values()].map((label) => ({ from: labelPath(label), to: encodePath(this.layout.tagUrl(label)), kind: 'label' }));
      const byFrom = (a: Redirect, b: Redirect) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);
      maps.push({ folder: blog.folder, redirects: [...pages.sort(byFrom), ...labels.sort(byFrom)], duplicates: blog.duplicates });
    }
    return maps;
  }

  private blogOf(post: Post, folder: string): Blog {
    const key = blogKey(post);
    let blog = this.blogs.get(key);
    if (blog) return blog;
    const hosts = new Set(this.extraHosts);
    for (const address of [post.blog?.url, ...(post.blog?.hosts ?? [])]) {
      const host = address ? hostOf(address) : undefined;
      if (host) hosts.add(host);
    }
    const blogspotNames = new Set<string>();
    for (const host of hosts) {
      const name = blogspotName(host);
      if (name) blogspotNames.add(name);
    }
    const words = [...hosts].filter((h) => blogspotName(h) === undefined).map(escapeRegExp);
    if (blogspotNames.size > 0) words.push(...[...blogspotNames].map((name) => `${escapeRegExp(name)}\\.blogspot\\.`));
    blog = {
      key,
      folder,
      hosts,
      blogspotNames,
      mention: words.length > 0 ? new RegExp(words.join('|'), 'i') : undefined,
      posts: new Map(),
      postsFolded: new Map(),
      labels: new Map(),
      duplicates: [],
    };
    this.blogs.set(key, blog);
    return blog;
  }
}

/** Posts of one blog share a key; posts with no blog (text dumps) share the empty key. */
function blogKey(post: Post): string {
  return post.blog ? `${post.blog.id}\u0000${post.blog.folder ?? ''}` : '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
