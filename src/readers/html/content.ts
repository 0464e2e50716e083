/**
 * Finding a page's main content when no engine or structured data says where the post body is:
 * page chrome (navigation, sidebars, headers and footers, share buttons, comment sections,
 * forms, ads) is recognised by its elements, roles and class names, and the body is the block
 * with the most running text and the fewest links (the approach readability popularised).
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { COMMENT_SECTIONS } from './comments.js';

/** Elements that are never content. */
const CHROME_TAGS = 'script, style, noscript, template, nav, aside, form, button, input, select, textarea, svg, dialog';
const CHROME_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="search"], [aria-hidden="true"]';
/** Class and id words that mark chrome. Matched as whole words of a class/id (`post-share-buttons`, `sidebar-left`). */
const CHROME_WORDS =
  /(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar|sidebar|widget|widgets|masthead|breadcrumbs?|pagination|pager|paging|share|sharing|sharedaddy|social|addthis|addtoany|related|relatedposts|jp-relatedposts|advert|advertisement|ads|adsense|sponsor|sponsored|promo|subscribe|newsletter|cookie|cookies|popup|modal|skip-link|searchform|comments?|respond|disqus|author-box|post-navigation|nav-links|footer-widgets|site-footer|site-header|blog-pager|feed-links|post-feeds|post-icons|item-control|reactions)(?:$|[\s_-])/i;

/** Is this element chrome by what it is, its role, or its class/id? */
export function isChrome($: CheerioAPI, el: Element): boolean {
  if ($(el).is(CHROME_TAGS) || $(el).is(CHROME_ROLES) || $(el).is(COMMENT_SECTIONS)) return true;
  if ((el.name === 'header' || el.name === 'footer') && $(el).parents('article').length === 0) return true;
  const names = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
  return CHROME_WORDS.test(names);
}

/** Is this element, or any ancestor below `stop`, chrome? */
export function inChrome($: CheerioAPI, el: Element, stop?: AnyNode): boolean {
  for (let node: AnyNode | null = el; node && node !== stop; node = node.parent) {
    if (node.type === 'tag' && isChrome($, node as Element)) return true;
  }
  return false;
}

/** Remove chrome inside `root` (not `root` itself). */
export function stripChrome($: CheerioAPI, root: Element): void {
  const doomed = ($(root).find('*').toArray() as Element[]).filter((el) => isChrome($, el));
  for (const el of doomed) $(el).remove();
}

/** Containers content-management systems put a post body in, by name. */
const KNOWN_CONTAINERS = [
  '[itemprop~="articleBody"]',
  '.e-content',
  '.entry-content',
  '.post-body',
  '.post-content',
  '.gh-content',
  '.post-full-content',
  '.article-content',
  '.article-body',
  '.article__body',
  '.story-body',
  '.blog-post-content',
  '.single-post-content',
];

const BLOCKS = 'p, pre, blockquote, li, td, dd, h2, h3, h4, div, section, article';

/**
 * The element holding the page's main text: a known container when the page has exactly one
 * outside chrome, else the best-scoring block.
 */
export function mainContent($: CheerioAPI): Element | undefined {
  for (const selector of KNOWN_CONTAINERS) {
    const found = ($(selector).toArray() as Element[]).filter((el) => !inChrome($, el));
    if (found.length === 1) return found[0];
  }
  const scores = new Map<Element, number>();
  for (const el of $('body').find(BLOCKS).toArray() as Element[]) {
    const own = ownText($, el);
    if (own.length < 25) continue;
    if (inChrome($, el)) continue;
    const score = 1 + (own.match(/[,،、，]/g)?.length ?? 0) + Math.min(own.length / 100, 3);
    const parent = el.parent as Element | null;
    if (parent?.type === 'tag') {
      scores.set(parent, (scores.get(parent) ?? 0) + score);
      const grand = parent.parent as Element | null;
      if (grand?.type === 'tag') scores.set(grand, (scores.get(grand) ?? 0) + score / 2);
    }
  }
  let best: Element | undefined;
  let bestScore = 0;
  for (const [el, score] of scores) {
    const adjusted = score * (1 - linkDensity($, el));
    if (adjusted > bestScore) {
      best = el;
      bestScore = adjusted;
    }
  }
  return best;
}

/** Text directly inside the element and its inline children (not nested blocks). */
function ownText($: CheerioAPI, el: Element): string {
  let text = '';
  for (const child of el.children) {
    if (child.type === 'text') text += (child as unknown as { data: string }).data;
    else if (child.type === 'tag' && !$(child).is(BLOCKS)) text += $(child).text();
  }
  return text.replace(/\s+/g, ' ').trim();
}

function linkDensity($: CheerioAPI, el: Element): number {
  const total = $(el).text().replace(/\s+/g, ' ').length;
  if (total === 0) return 1;
  const links = $(el).find('a').text().replace(/\s+/g, ' ').length;
  return Math.min(links / total, 1);
}

/** "Read more" links in the languages blogs are written in (tested on the link's whole, short text). */
const READ_MORE_START =
  /^(?:read more|read the rest|continue reading|keep reading|more|weiterlesen|mehr lesen|lire la suite|la suite|leer más|seguir leyendo|continua a leggere|leggi tutto|lees meer|verder lezen|ler mais|continuar lendo|далее|читать далее|подробнее|続きを読む|阅读全文|[»›→]+|\.\.\.|…)(?:[\s.…»›→:!]|$)/iu;

export function isReadMore(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 0 && t.length <= 60 && READ_MORE_START.test(t);
}
