/**
 * What "old URLs keep working" means for a corpus export, worked out from the suite's own reading
 * of the XML (blogger-corpus.ts), never from blogport's code: which `<a href>` of each post point
 * at the blog itself, which of those name a published post, page or label of the archive (and so
 * must now point at its new page), and which name something the archive does not have (and must
 * be left and reported).
 */
import slugify from '@sindresorhus/slugify';
import { load } from 'cheerio';
import MarkdownIt from 'markdown-it';
import type { XmlExport, XmlPost } from './blogger-corpus.js';

const markdownIt = new MarkdownIt({ html: true });

/** Where a link to the blog goes, as the plain layout lays the archive out. */
export type Expected = { kind: 'rewritten'; url: string } | { kind: 'unresolved' };

export interface InternalLink {
  post: XmlPost;
  /** The href as the source has it. */
  href: string;
  /** Resolved against the post's address. */
  absolute: string;
  expected: Expected;
}

/** Hosts are compared lower-case, without `www.`; `NAME.blogspot.<any country domain>` is one blog. */
const normalHost = (host: string) => host.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
const blogspotName = (host: string) => /^([a-z0-9-]+)\.blogspot\.[a-z]{2,3}(?:\.[a-z]{2})?$/.exec(host)?.[1];

const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export class BlogAddresses {
  private readonly hosts = new Set<string>();
  private readonly names = new Set<string>();
  /** Published posts and pages by lower-cased old path; labels of published posts, lower-cased. */
  private readonly byPath = new Map<string, XmlPost>();
  private readonly labels = new Map<string, string>();

  constructor(readonly x: XmlExport, siteUrls: readonly string[] = []) {
    for (const address of [x.blogUrl, ...siteUrls]) {
      if (!address) continue;
      const host = normalHost(new URL(address).hostname);
      this.hosts.add(host);
      const name = blogspotName(host);
      if (name) this.names.add(name);
    }
    for (const post of x.posts) {
      if (post.draft) continue;
      if (post.oldPath) this.byPath.set(post.oldPath.toLowerCase(), post);
      for (const label of post.labels) if (!this.labels.has(label.toLowerCase())) this.labels.set(label.toLowerCase(), label);
    }
  }

  /** What `absolute` points at on this blog: a post path, a label, the home page; else undefined. */
  classify(absolute: string): { kind: 'post'; path: string; fragment: string } | { kind: 'label'; label: string; fragment: string } | { kind: 'home'; fragment: string } | undefined {
    let url: URL;
    try {
      url = new URL(absolute);
    } catch {
      return undefined;
    }
    if (!/^https?:$/.test(url.protocol)) return undefined;
    const host = normalHost(url.hostname);
    const name = blogspotName(host);
    if (!this.hosts.has(host) && !(name && this.names.has(name))) return undefined;
    const fragment = url.hash;
    if (url.pathname === '/') return { kind: 'home', fragment };
    const label = /^\/search\/label\/([^/]+)\/?$/.exec(url.pathname);
    if (label) return { kind: 'label', label: decode(label[1]!), fragment };
    if (/\.html?$/i.test(url.pathname)) return { kind: 'post', path: decode(url.pathname), fragment };
    return undefined;
  }

  /**
   * Where a link should go now, given the plain layout's files (`posts/<slug>.md` is served at
   * `/posts/<slug>/`; tags at `/tags/<slugified>/`): `outputOf` gives a post's output path.
   */
  expected(absolute: string, outputOf: (post: XmlPost) => string | undefined): Expected | undefined {
    const target = this.classify(absolute);
    if (!target) return undefined;
    if (target.kind === 'home') return { kind: 'rewritten', url: `/${target.fragment}` };
    if (target.kind === 'label') {
      const label = this.labels.get(target.label.toLowerCase());
      return label === undefined ? { kind: 'unresolved' } : { kind: 'rewritten', url: `/tags/${encodeURI(tagSlug(label))}/${target.fragment}` };
    }
    const post = this.byPath.get(target.path.toLowerCase());
    const output = post && outputOf(post);
    if (!output) return { kind: 'unresolved' };
    return { kind: 'rewritten', url: `/${output.replace(/\.md$/, '/')}${target.fragment}` };
  }

  /** Every `<a href>` of every post (drafts too) that points at the blog itself, with where it should go. */
  internalLinks(outputOf: (post: XmlPost) => string | undefined): InternalLink[] {
    const links: InternalLink[] = [];
    for (const post of this.x.posts) {
      const $ = load(post.html, null, false);
      $('a[href]').each((_, a) => {
        // An anchor inside <pre> or <code> becomes code text in Markdown, not a link.
        if ($(a).parents('pre, code').length > 0) return;
        const href = ($(a).attr('href') ?? '').replace(/[\t\n\r]/g, '').trim();
        // `href=""` (no link in Markdown) and `#anchor` (stays an in-page anchor) are not links to a page.
        if (href === '' || href.startsWith('#')) return;
        let absolute: string;
        try {
          absolute = new URL(href, post.url).href;
        } catch {
          return;
        }
        const expected = this.expected(absolute, outputOf);
        if (expected) links.push({ post, href, absolute, expected });
      });
    }
    return links;
  }

  /** The old paths every published post and page had. */
  oldPaths(): Map<string, XmlPost> {
    return new Map([...this.byPath.values()].map((post) => [post.oldPath!, post]));
  }

  labelNames(): string[] {
    return [...this.labels.values()];
  }
}

/** Eleventy's slugify filter, the rule the plain layout's tag pages follow. */
export const tagSlug = (label: string) => slugify(label, { decamelize: false, customReplacements: [["'", '']] });

/** Every link href in a Markdown body as markdown-it renders it, decoded. */
export function renderedHrefs(markdown: string): string[] {
  return [...markdownIt.render(markdown).matchAll(/<a href="([^"]*)"/g)].map((m) => decode(m[1]!.replace(/&amp;/g, '&')));
}
