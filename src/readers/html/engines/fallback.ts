/**
 * The last resort: a page no engine or structured data explains. Its date headers — elements
 * whose whole text is a date, found with the plain-text reader's rules, so "sábado, 12 de
 * octubre de 2013" and "17 февраля 2016" both work — split the content into posts, as they
 * split a text dump. The region holding all headers is the listing; each header starts a post
 * whose title is its first heading. A page without headers is one post when something else
 * dates it (a `<time>` element); without any date nothing on the page is taken for a post.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { matchDateHeader, orderEvidence, resolveHeader, type DateOrder, type HeaderMatch } from '../../common/dateHeader.js';
import { footerRules, matchFooter } from '../../text/footers.js';
import { inChrome, isChrome, isReadMore, mainContent } from '../content.js';
import { atTime, emptyPost, firstDate, humanDate, uniqueList, type FoundPost } from '../found.js';
import { absoluteUrl, normaliseSpace, textOf, type Page } from '../page.js';
import type { Extractor } from './extractor.js';

/** Tags a date header can be: any element whose whole text is the date (outermost wins). */
const HEADER_CANDIDATES = 'h1, h2, h3, h4, h5, h6, div, p, span, time, abbr, b, strong, td, dt, li, font, small, em';
const HEADINGS = 'h1, h2, h3, h4, h5, h6';
const EXCERPT_CLASS = /(?:^|[\s_-])(?:preview|excerpt|summary|teaser|snippet)(?:$|[\s_-])/i;
const TAG_CONTAINER = /(?:^|[\s_-])(?:tags?|labels?|categor(?:y|ies)|keywords|post-tags|tags-box|tag-links)(?:$|[\s_-])/i;

export function fallbackExtractor(order: () => DateOrder | undefined): Extractor {
  return {
    name: 'date-headers',
    find(page) {
      const { $ } = page;
      const headers = dateHeaders($, order());
      if (headers.length === 0) return singlePost(page);
      const root = commonAncestor(headers.map((h) => h.el));
      const segments = split($, root, headers.map((h) => h.el));
      const posts: FoundPost[] = [];
      for (const segment of segments) {
        const header = headers.find((h) => h.el === segment.header)!;
        for (const nodes of splitByTitles($, segment.nodes)) {
          const post = segmentPost(page, nodes, header.date);
          if (!post) continue;
          if (header.assumed) post.notes.push({ code: 'DATE_ORDER_ASSUMED', message: `date header "${header.text}" could be day/month or month/day; read as ${header.assumed} (use --date-order to choose)` });
          posts.push(post);
        }
      }
      return posts;
    },
  };
}

interface Header {
  el: Element;
  date: string;
  text: string;
  /** Set when the header was numeric and could be read either way: the order assumed. */
  assumed?: DateOrder;
}

/**
 * Date headers outside chrome. Numeric ones (`01/03/2015`) are read in the order `--date-order`
 * gives, else the order the page's own dates prove (a field above 12), else the page language's
 * habit (US English month first, everyone else day first).
 */
function dateHeaders($: CheerioAPI, given: DateOrder | undefined): Header[] {
  const shaped: { el: Element; text: string; match: HeaderMatch }[] = [];
  const taken = new Set<Element>();
  for (const el of $('body').find(HEADER_CANDIDATES).toArray() as Element[]) {
    if ($(el).find('*').length > 8) continue;
    if (taken.has(el.parent as Element)) {
      taken.add(el);
      continue;
    }
    const text = textOf(el);
    if (text.length < 8 || text.length > 60) continue;
    const match = matchDateHeader(text);
    if (!match || inChrome($, el)) continue;
    taken.add(el);
    shaped.push({ el, text, match });
  }
  const proven = shaped.map((h) => orderEvidence(h.match)).find((o) => o !== undefined);
  const lang = ($('html').attr('lang') ?? '').toLowerCase();
  const order = given ?? proven ?? (lang === 'en-us' || lang === 'en' ? 'mdy' : 'dmy');
  const found: Header[] = [];
  for (const { el, text, match } of shaped) {
    const resolved = resolveHeader(match, order);
    if (!resolved.ok) continue;
    const header: Header = { el, date: resolved.date, text };
    if (match.kind === 'numeric' && !given && !proven && match.first !== match.second) header.assumed = order;
    found.push(header);
  }
  return found;
}

function commonAncestor(elements: Element[]): Element {
  const chain = (el: Element): Element[] => {
    const out: Element[] = [];
    for (let p: AnyNode | null = el.parent; p; p = p.parent) if (p.type === 'tag') out.unshift(p as Element);
    return out;
  };
  let common = chain(elements[0]!);
  for (const el of elements.slice(1)) {
    const other = chain(el);
    let i = 0;
    while (i < common.length && i < other.length && common[i] === other[i]) i++;
    common = common.slice(0, i);
  }
  // One header: its post is the block around it, not just its parent.
  return common[common.length - 1] ?? elements[0]!;
}

interface Segment {
  header: Element;
  nodes: AnyNode[];
}

function contains(container: AnyNode, node: AnyNode): boolean {
  for (let p: AnyNode | null = node; p; p = p.parent) if (p === container) return true;
  return false;
}

/** Cut `container`'s children into one run per header: from the child holding a header to the next such child. */
function split($: CheerioAPI, container: Element, headers: Element[]): Segment[] {
  const children = container.children;
  const groups = new Map<number, Element[]>();
  for (const header of headers) {
    const index = children.findIndex((child) => contains(child, header));
    if (index < 0) continue;
    groups.set(index, [...(groups.get(index) ?? []), header]);
  }
  const indexes = [...groups.keys()].sort((a, b) => a - b);
  if (indexes.length === 1 && children[indexes[0]!]!.type === 'tag' && !headers.includes(children[indexes[0]!] as Element)) {
    const only = children[indexes[0]!] as Element;
    const inner = split($, only, headers);
    if (groups.get(indexes[0]!)!.length > 1 || inner.length > 0) {
      // Whatever follows the block belongs to the last post in it (a flat "header, post, post" listing).
      const after = children.slice(indexes[0]! + 1);
      if (inner.length > 0) inner[inner.length - 1]!.nodes.push(...after);
      return inner;
    }
  }
  const segments: Segment[] = [];
  indexes.forEach((index, k) => {
    const end = indexes[k + 1] ?? children.length;
    const child = children[index]!;
    const inGroup = groups.get(index)!;
    if (inGroup.length > 1 && child.type === 'tag') {
      const inner = split($, child as Element, inGroup);
      if (inner.length > 0) inner[inner.length - 1]!.nodes.push(...children.slice(index + 1, end));
      segments.push(...inner);
      return;
    }
    const header = inGroup[0]!;
    // A block holding its own date header is the whole post ("<div class=post><div class=date>…");
    // what follows the last such block is the page's (pagination, "back to top"), not the post's.
    // A bare header is followed by its post: the siblings up to the next header.
    const selfContained = child !== header && child.type === 'tag' && holdsContent($, child as Element, header);
    segments.push({ header, nodes: selfContained ? [child] : [...children.slice(index, end)] });
  });
  // Mark the header itself so it is left out of the body.
  for (const segment of segments) $(segment.header).attr('data-blogport-header', '');
  return segments;
}

/** Whether a block holding a date header also holds a post: a heading or a block with text or an image of its own. */
function holdsContent($: CheerioAPI, block: Element, header: Element): boolean {
  return ($(block).find('h1, h2, h3, h4, h5, h6, p, div, ul, ol, table, blockquote, pre, img').toArray() as Element[]).some(
    (el) => !contains(el, header) && !contains(header, el) && (el.name === 'img' || textOf(el).length > 0),
  );
}

/** Several titled posts under one date header: split before each heading of the level titles use. */
function splitByTitles($: CheerioAPI, nodes: AnyNode[]): AnyNode[][] {
  const topHeadings = nodes.filter((n) => n.type === 'tag' && $(n).is(HEADINGS) && !$(n).is('[data-blogport-header]'));
  if (topHeadings.length < 2) return [nodes];
  const level = (topHeadings[0] as Element).name;
  const runs: AnyNode[][] = [];
  let current: AnyNode[] = [];
  for (const node of nodes) {
    if (node.type === 'tag' && (node as Element).name === level && current.some((n) => n.type === 'tag' && (n as Element).name === level)) {
      runs.push(current);
      current = [];
    }
    current.push(node);
  }
  runs.push(current);
  return runs;
}

function segmentPost(page: Page, nodes: AnyNode[], day: string): FoundPost | undefined {
  const { $ } = page;
  const wrapper = $('<div></div>');
  for (const node of nodes) wrapper.append($(node).clone());
  wrapper.find('[data-blogport-header]').remove();
  const post = emptyPost('date-headers');
  const blockClass = nodes.map((n) => (n.type === 'tag' ? ((n as Element).attribs.class ?? '') : '')).join(' ');
  if (EXCERPT_CLASS.test(blockClass) || wrapper.find('*').toArray().some((el) => EXCERPT_CLASS.test((el as Element).attribs.class ?? ''))) post.excerpt = true;

  const heading = wrapper.find(HEADINGS).first();
  if (heading.length) {
    const title = textOf(heading[0]!);
    if (title) post.title = title;
    const url = absoluteUrl(heading.find('a[href]').attr('href'), page.url);
    if (url) post.url = url;
    heading.remove();
  }
  // Tags from tag-like containers, then everything that is chrome leaves the body.
  const tags: string[] = [];
  for (const el of wrapper.find('*').toArray() as Element[]) {
    if (TAG_CONTAINER.test(`${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`)) {
      for (const a of $(el).find('a').toArray()) tags.push($(a).text());
      $(el).attr('data-blogport-chrome', '');
    }
  }
  post.tags = uniqueList(tags);
  for (const el of wrapper.find('*').toArray() as Element[]) {
    if (isChrome($, el)) $(el).attr('data-blogport-chrome', '');
  }
  wrapper.find('[data-blogport-chrome]').remove();
  for (const a of wrapper.find('a').toArray() as Element[]) {
    if (isReadMore($(a).text())) {
      post.excerpt = true;
      if (!post.url) {
        const url = absoluteUrl(a.attribs.href, page.url);
        if (url) post.url = url;
      }
      $(a).remove();
    }
  }
  // Footer lines ("Posted by … at …", "Labels: …", "3 comments") at the end of the post.
  let time: string | undefined;
  const leaves = (wrapper.find('p, div, span, li, small, em').toArray() as Element[]).filter((el) => $(el).find('p, div, li').length === 0);
  for (const el of leaves.reverse()) {
    const text = textOf(el);
    if (!text) continue;
    const footer = matchFooter(text, footerRules);
    if (!footer) break;
    if (footer.facts.author) post.author = footer.facts.author;
    if (footer.facts.time) time = footer.facts.time;
    if (footer.facts.tags) post.tags = uniqueList([...post.tags, ...footer.facts.tags]);
    $(el).remove();
  }
  post.date = atTime({ precision: 'day', date: day }, time);
  const text = textOf(wrapper[0]!);
  if (!text && wrapper.find('img, iframe, video, object, embed').length === 0 && !post.title) return undefined;
  post.bodyHtml = wrapper.html() ?? '';
  return post;
}

/** No date headers: the main content is one post when the page dates it. */
function singlePost(page: Page): FoundPost[] {
  const { $ } = page;
  const body = mainContent($);
  if (!body) return [];
  const date = firstDate($, ($('body')[0] as Element | undefined) ?? body, ['time[datetime]', '[itemprop="datePublished"]', '.published', '.date', '.post-date', '.entry-date']) ?? humanDate(page.meta.tags.get('date'));
  if (!date) return [];
  const post = emptyPost('main-content');
  post.body = body;
  post.date = date;
  const title = normaliseSpace($(body).find(HEADINGS).first().text()) || normaliseSpace($('h1').first().text()) || page.meta.tags.get('og:title');
  if (title) post.title = title;
  if (page.url) post.url = page.url;
  return [post];
}
