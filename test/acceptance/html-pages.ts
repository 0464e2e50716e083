/**
 * Pages the HTML acceptance suite builds at run time from the corpus (never copied into the
 * repo): a wget-style mirror of Mike Austin's classic Blogger blog cut from its February 2006
 * archive page (home page with an excerpt, the archive, a post's own page with a comment, the
 * duplicates mirrors collect), a page with broken markup, pages whose declared charset is wrong,
 * and small Shift_JIS / GBK pages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';

/** A classic Blogger page cut into its template and its posts. */
export interface ClassicPage {
  /** Everything up to and including `<div id="main-content">`. */
  head: string;
  posts: ClassicPost[];
  /** From the end of the last post to the end of the page. */
  tail: string;
}

export interface ClassicPost {
  /** The `<h2 class="date-header">` the post sits under (shared by the posts of a day). */
  dateHeader: string;
  /** `<!-- Begin .post -->` … `<!-- End #comments -->`. */
  segment: string;
  permalink: string;
  title: string;
}

const MAIN_START = '<div id="main-content">';
const POST_START = '  <!-- Begin .post -->';
const POST_END = '<!-- End #comments -->';
const DATE_HEADER = /<h2 class="date-header">[^<]*<\/h2>/g;

export function cutClassicPage(html: string): ClassicPage {
  const mainAt = html.indexOf(MAIN_START);
  if (mainAt < 0) throw new Error('classic page: no #main-content');
  const head = html.slice(0, mainAt + MAIN_START.length);
  const posts: ClassicPost[] = [];
  let at = mainAt + MAIN_START.length;
  let dateHeader = '';
  for (;;) {
    const start = html.indexOf(POST_START, at);
    if (start < 0) break;
    for (const m of html.slice(at, start).matchAll(DATE_HEADER)) dateHeader = m[0];
    const end = html.indexOf(POST_END, start) + POST_END.length;
    const segment = html.slice(start, end);
    const permalink = /<a href="([^"]+)" title="permanent link">/.exec(segment)?.[1];
    const title = /<h3 class="post-title">\s*([\s\S]*?)\s*<\/h3>/.exec(segment)?.[1];
    if (!permalink || title === undefined) throw new Error(`classic page: post at ${start} has no permalink or title`);
    posts.push({ dateHeader, segment, permalink, title: title.trim() });
    at = end;
  }
  return { head, posts, tail: html.slice(at) };
}

function withTitle(head: string, title: string): string {
  return head.replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`);
}

/** Posts laid out the way the template does: a date header only where the day changes. */
function layOut(posts: readonly ClassicPost[]): string {
  let day = '';
  return posts
    .map((p) => {
      const header = p.dateHeader !== day ? `\n  ${p.dateHeader}\n` : '';
      day = p.dateHeader;
      return `${header}\n${p.segment}\n`;
    })
    .join('\n');
}

/** The post's body cut after `keepUntil`, then Blogger's "Read more »" jump link to the full post. */
export function asExcerpt(post: ClassicPost, keepUntil: string): ClassicPost {
  const bodyStart = post.segment.indexOf('<div class="post-body">');
  const cut = post.segment.indexOf(keepUntil, bodyStart);
  const bodyEnd = post.segment.indexOf('</div>\n    \n    <p class="post-footer">', cut);
  if (bodyStart < 0 || cut < 0 || bodyEnd < 0) throw new Error(`excerpt: cannot cut "${post.title}" after "${keepUntil}"`);
  const jump = `</p>\n<div class='jump-link'>\n<a href='${post.permalink}#more' title='${post.title}'>Read more &#187;</a>\n</div>\n    `;
  return { ...post, segment: post.segment.slice(0, cut + keepUntil.length) + jump + post.segment.slice(bodyEnd) };
}

export interface ShownComment {
  id: string;
  author: string;
  profile: string;
  when: string;
  html: string;
}

/** A post's own page: the template around one post, with its comments where the template shows them (TicTac's list). */
export function itemPage(page: ClassicPage, blogTitle: string, post: ClassicPost, comments: readonly ShownComment[]): string {
  const list = comments
    .map(
      (c) => `<li id="c${c.id}"><a name="c${c.id}"></a>
<div class="comment-body">
${c.html}
</div>
<div class="comment-data">
At <a href="#c${c.id}" title="comment permalink">${c.when}</a>, <span class="comment-poster"><a href="${c.profile}">${c.author}</a></span> said...
</div>
</li>`,
    )
    .join('\n');
  const section = `<!-- Begin #comments -->
<div id="comments">
<a name="comments"></a>
<h4>${comments.length} Comments:</h4>
<ul>
${list}
</ul>
<p class="comment-data">
<a class="comment-link" href="http://www.blogger.com/comment.g?blogID=10299300&amp;postID=1">Post a Comment</a>
</p>
<p class="comment-data"><a href="http://mike-austin.com/blog/">&lt;&lt; Home</a></p>
</div>
<!-- End #comments -->`;
  const segment = post.segment.replace(/<!-- Begin #comments -->[\s\S]*<!-- End #comments -->/, section);
  return withTitle(page.head, `${blogTitle}: ${post.title}`) + layOut([{ ...post, segment }]) + page.tail;
}

/** The blog's home page: the newest posts, some cut short. */
export function indexPage(page: ClassicPage, blogTitle: string, posts: readonly ClassicPost[]): string {
  return withTitle(page.head, blogTitle) + layOut(posts) + page.tail;
}

/** Write `files` (path → content) under `root`. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

// ------------------------------------------------------------------------------------------------
// Small pages in East Asian encodings, written for this suite.

export interface EncodedPage {
  name: string;
  bytes: Buffer;
  /** The same page as a string (what it should decode to). */
  html: string;
  title: string;
  date: string;
  /** The body element's text. */
  body: string;
}

const SJIS_BODY = '<p>今朝、庭の梅がようやく咲きました。白い花びらが青空によく映えます。</p><p>来週は桜の準備を始めます。「ソース」「表示」「能力」のような二バイト目が 0x5C の文字も正しく読めるはずです。</p>';

/** Shift_JIS, declared in an http-equiv meta; WordPress-style markup. Includes ソ, 表, 能 (second byte 0x5C, the backslash). */
export function shiftJisPage(): EncodedPage {
  const html = `<!DOCTYPE html>
<html lang="ja">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<title>梅の花が咲きました | 庭の日記</title>
<link rel="canonical" href="https://niwa.example.jp/2015/03/ume.html">
</head>
<body class="single">
<header id="masthead"><p class="site-title"><a href="https://niwa.example.jp/">庭の日記</a></p>
<nav><ul><li><a href="https://niwa.example.jp/">ホーム</a></li><li><a href="https://niwa.example.jp/about/">プロフィール</a></li></ul></nav></header>
<main>
<article class="post type-post status-publish hentry">
<header class="entry-header"><h1 class="entry-title">梅の花が咲きました</h1>
<div class="entry-meta"><time class="entry-date published" datetime="2015-03-01T09:30:00+09:00">2015年3月1日</time></div></header>
<div class="entry-content">${SJIS_BODY}</div>
</article>
</main>
<aside id="secondary"><h2 class="widget-title">最近の投稿</h2><ul><li><a href="https://niwa.example.jp/2015/02/yuki.html">雪の朝</a></li></ul></aside>
</body>
</html>
`;
  return {
    name: 'ume-shift_jis.html',
    bytes: iconv.encode(html, 'Shift_JIS'),
    html,
    title: '梅の花が咲きました',
    date: '2015-03-01T09:30:00+09:00',
    body: '今朝、庭の梅がようやく咲きました。白い花びらが青空によく映えます。 来週は桜の準備を始めます。「ソース」「表示」「能力」のような二バイト目が 0x5C の文字も正しく読めるはずです。',
  };
}

const GBK_BODY = '<p>周末和朋友去西湖散步，湖边的柳树已经发芽了。</p><p>同行的还有喆和堃两位老同学（这两个字不在 GB2312 里，只有 GBK 才有）。</p>';

/** GBK, declared as `<meta charset="gbk">`; hAtom markup. Includes 喆 and 堃, which GBK has and GB2312 lacks. */
export function gbkPage(): EncodedPage {
  const html = `<!DOCTYPE html>
<html>
<head>
<meta charset="gbk">
<title>西湖散步 - 小明的博客</title>
<meta property="og:url" content="http://xiaoming.example.cn/2012/05/xihu.html">
</head>
<body>
<div id="header"><h1><a href="http://xiaoming.example.cn/">小明的博客</a></h1></div>
<div id="main">
<div class="post hentry">
<h2 class="entry-title">西湖散步</h2>
<div class="post-meta">发表于 <abbr class="published" title="2012-05-20T08:00:00+08:00">2012年5月20日</abbr></div>
<div class="entry-content">${GBK_BODY}</div>
</div>
</div>
<div id="sidebar"><h3>文章归档</h3><ul><li><a href="http://xiaoming.example.cn/2012/04/">2012年4月</a></li></ul></div>
</body>
</html>
`;
  return {
    name: 'xihu-gbk.html',
    bytes: iconv.encode(html, 'gbk'),
    html,
    title: '西湖散步',
    date: '2012-05-20T08:00:00+08:00',
    body: '周末和朋友去西湖散步，湖边的柳树已经发芽了。 同行的还有喆和堃两位老同学（这两个字不在 GB2312 里，只有 GBK 才有）。',
  };
}
