import { parseTimeOfDay } from '../common/dateHeader.js';

/**
 * What a footer line tells us about its post. Footers are the lines blog software prints under a
 * post (editor signatures, "Posted by … at …", labels, comment counts, share buttons). They are
 * never body text: they leave the body and, where they carry facts, become front matter.
 */
export interface FooterFacts {
  author?: string;
  /** HH:MM:SS */
  time?: string;
  tags?: string[];
}

export interface FooterRule {
  name: string;
  /** Why this line is a footer, for the docs and for whoever tunes the table. */
  why: string;
  pattern: RegExp;
  /** Facts from the match; omitted when the line carries none. */
  facts?: (match: RegExpExecArray) => FooterFacts;
}

// "Posted by" in the languages Blogger's templates print it in. The separator before the time
// ("at", "um", "à" …) varies too; the time itself is parsed by parseTimeOfDay.
const POSTED_BY = [
  'posted by', 'published by', 'written by',
  'eingestellt von', 'gepostet von', 'veröffentlicht von', 'verfasst von',
  'publié par', 'posté par', 'publicado por', 'postado por', 'escrito por',
  'pubblicato da', 'postato da', 'scritto da', 'geplaatst door', 'gepost door',
];
const AT = ['at', 'um', 'à', 'a', 'a las', 'a la', 'en', 'às', 'as', 'alle', 'op', 'om'];
const LABELS = [
  'labels', 'label', 'tags', 'tagged', 'categories', 'category', 'filed under',
  'etiquetas', 'etiqueta', 'marcadores', 'libellés', 'libellés ', 'étiquettes', 'etichette',
  'kategorien', 'schlagwörter', 'categorieën', 'rubrieken',
];
const COMMENTS = [
  'comments?', 'kommentare?', 'commentaires?', 'comentarios?', 'comentários?', 'commenti', 'commento',
  'reacties?', 'opmerkingen',
];

const alt = (words: string[]) => words.map((w) => w.replace(/ /g, '\\s+')).join('|');
const TIME = String.raw`\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?(?:\s*uhr)?`;
const COMMENT_COUNT = String.raw`(?:\d+|no|one|keine|aucun|sin|nessun|geen)\s+(?:${alt(COMMENTS)})\s*:?`;

const postedBy = new RegExp(
  String.raw`^(?:${alt(POSTED_BY)})\s+(?<author>.+?)(?:\s+(?:${alt(AT)})\s+(?<time>${TIME}))?` +
    String.raw`(?:\s+${COMMENT_COUNT})?(?:\s*(?:email this|blogthis|share to).*)?\s*$`,
  'iu',
);

function splitTags(list: string): string[] {
  return list
    .split(/\s*[,;]\s*/)
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

/** The built-in footer table. Order matters only for which rule names a line in the report. */
export const footerRules: FooterRule[] = [
  {
    name: 'editor-signature',
    why: 'Desktop blog editors (CRiSP, Windows Live Writer, ecto …) sign every post they publish.',
    pattern: /^(?:post(?:ed)? (?:created|written|published) (?:by|with|using)|created with|written with|published with|sent from my)\s+\S.*$/iu,
  },
  {
    name: 'posted-by',
    why: 'Blogger and WordPress print the author and the time of day under the post.',
    pattern: postedBy,
    facts: (m) => {
      const facts: FooterFacts = {};
      const author = m.groups?.author?.trim();
      if (author) facts.author = author;
      const time = m.groups?.time ? parseTimeOfDay(m.groups.time) : undefined;
      if (time) facts.time = time;
      return facts;
    },
  },
  {
    name: 'posted-at',
    why: 'Some templates print only the time ("Posted at 10:34 PM").',
    pattern: new RegExp(String.raw`^(?:posted|published)\s+at\s+(?<time>${TIME})\s*$`, 'iu'),
    facts: (m) => {
      const time = m.groups?.time ? parseTimeOfDay(m.groups.time) : undefined;
      return time ? { time } : {};
    },
  },
  {
    name: 'labels',
    why: "Blogger's \"Labels: a, b\" (and other engines' tags/categories lines) are the post's tags.",
    pattern: new RegExp(String.raw`^(?:${alt(LABELS)})\s*:\s*(?<tags>\S.*)$`, 'iu'),
    facts: (m) => ({ tags: splitTags(m.groups?.tags ?? '') }),
  },
  {
    name: 'comment-count',
    why: 'Blogger prints "3 comments:" / "No comments:" under each post; the comments are not in a text dump.',
    pattern: new RegExp(String.raw`^${COMMENT_COUNT}(?:\s*(?:email this|blogthis|share to).*)?$`, 'iu'),
  },
  {
    name: 'share-buttons',
    why: 'Share buttons flatten to "Email ThisBlogThis!Share to Twitter…" when a page is copied as text.',
    pattern: /^(?:email this|blogthis!|share to (?:twitter|facebook|pinterest)|share this:?|teilen|partager)(?:\b|(?=[A-Z])).*$/iu,
  },
  {
    name: 'post-navigation',
    why: 'Page chrome that follows a post when a whole Blogger page is saved as text.',
    pattern: /^(?:newer post\s*(?:older post)?\s*(?:home)?|older post\s*(?:home)?|post a comment|links to this post|subscribe to:\s*post comments.*|reactions?:.*)$/iu,
  },
];

export interface FooterMatch {
  rule: string;
  facts: FooterFacts;
}

/** Build user rules from `--footer REGEX` (named groups author/time/tags become facts). */
export function userFooterRules(patterns: RegExp[]): FooterRule[] {
  return patterns.map((pattern, index) => ({
    name: `user-${index + 1}`,
    why: 'Given with --footer.',
    pattern,
    facts: (m) => {
      const facts: FooterFacts = {};
      const g = m.groups ?? {};
      if (g.author?.trim()) facts.author = g.author.trim();
      if (g.time) {
        const time = parseTimeOfDay(g.time);
        if (time) facts.time = time;
      }
      if (g.tags) facts.tags = splitTags(g.tags);
      return facts;
    },
  }));
}

/** The rule a (trimmed) line matches, with the facts it carries, or undefined for body text. */
export function matchFooter(line: string, rules: readonly FooterRule[]): FooterMatch | undefined {
  // Footer lines are short; a long line is prose that merely starts like one.
  if (line.length === 0 || line.length > 300) return undefined;
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    const match = rule.pattern.exec(line);
    if (match) return { rule: rule.name, facts: rule.facts?.(match) ?? {} };
  }
  return undefined;
}
