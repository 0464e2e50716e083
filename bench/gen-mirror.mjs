#!/usr/bin/env node
// Deterministic generator of a wget-style mirror of a Blogger blog, for the saved-page bench.
// Usage: node bench/gen-mirror.mjs PAGES OUT-FOLDER [--seed S]
//
// PAGES is the number of HTML files in the mirror, junk included. The mix is about the same at any
// size; the counts in brackets are those of 2,000 pages (1,831 pages to read, 1,472 posts, 102 MB):
//
//   example.blogspot.com/        a Layouts-era blog (widget template, `.date-outer`, `.post-outer`,
//                                `abbr.published`, `.post-labels`), wget -m -k -E shaped:
//     YYYY/MM/slug.html          one page per post (64 %, 1,289): 37–59 KB from 10th to 90th percentile,
//                                median 46 KB — head styles and scripts, navbar, sidebar widgets, footer
//                                scripts, the post (1–16 KB of body; 15 % of posts 16–34 KB: paragraphs,
//                                images in separator divs, links, lists, the odd table, code block or
//                                video) and its comments (threaded `.comment-thread`
//                                markup from 2012, `dl#comments-block` before); 3 % of the posts (44) have
//                                no page of their own (the mirror missed them) and are only on listings
//     YYYY/MM/index.html         monthly archives (7 %, 144): every post of the month, in full or up to
//                                its jump break with a "Read more »" link
//     YYYY/index.html            yearly archives (13): the year's first 10 posts
//     index.html, search?updated-max=….html
//                                the home page and its whole "Older posts" chain (10 %, 191), 7 posts each
//     search/label/X.html        the most used labels' pages (30), each label's latest 20 posts
//     p/about.html …             static pages (3): post markup without a date
//   www.example-old.org/blog/    a classic (pre-2007, FTP-published) Blogger blog (8 %, 158): post pages
//                                YYYY/MM/slug.html, YYYY_MM_01_archive.html, index.html; `h2.date-header`,
//                                `.post`, "posted by NAME at TIME" footers, `dl#comments-block` comments
//   saved/                       3 pages kept with the browser's "Save page as…": absolute canonical
//                                links, a `Title_files/` asset folder (css, js, images and the navbar
//                                iframe's .html) — the same posts as pages in the mirror
//   junk (8 %, 169)              `slug.html?m=1` mobile copies (135) and `slug.html?showComment=…` comment
//                                permalinks (31) wget saves next to the pages, and the `_files/` pages;
//                                blogport recognises these by name and does not read them
//   robots.txt, favicon.ico, feeds/posts/default: not pages
//
// A one-line JSON summary goes to stdout: pages by kind, pages a reader reads, and the number of
// distinct posts (each post shown on many pages must come out once).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const PAGES = Number.parseInt(args[0] ?? '', 10);
const OUT = args[1];
if (!PAGES || PAGES < 50 || !OUT) {
  console.error('usage: node bench/gen-mirror.mjs PAGES OUT-FOLDER [--seed S]   (PAGES ≥ 50)');
  process.exit(2);
}
const seedAt = args.indexOf('--seed');
let seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 20131012;
try {
  if (readdirSync(OUT).length > 0) {
    console.error(`gen-mirror: ${OUT} exists and is not empty; remove it first`);
    process.exit(2);
  }
} catch {
  // does not exist yet
}

// ---------------------------------------------------------------- randomness (mulberry32)
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const chance = (p) => random() < p;
/** Low indexes much more often (label popularity). */
const skewed = (list) => list[Math.floor(list.length * random() ** 2.2)];

// ---------------------------------------------------------------- text
const WORDS = (
  'the a of and to in is that it for was on with as at this from we our but not or so then just very ' +
  'garden morning evening weekend bread coffee river train station harbour market village bridge ' +
  'camera lens photo light shadow winter summer autumn spring rain snow wind walk ride hill valley ' +
  'kitchen recipe oven flour butter sugar onions garlic pepper soup dinner lunch breakfast guests ' +
  'code server script build release version update patch kernel module driver compiler bug test ' +
  'book chapter story author review film music album concert guitar piano choir school kids family ' +
  'finally again still almost quickly slowly quiet busy long short early late new old first last ' +
  'lovely strange simple small large wonderful tired happy cold warm bright grey green blue ' +
  'people neighbours friends everyone somebody nobody something everything nothing always never'
).split(' ');
const FLAVOUR = ['café', 'naïve', 'Zürich', 'São Paulo', 'crème brûlée', 'smörgåsbord', '½ cup', '20 °C', '€ 12,50', '—', '…', '“so”', 'it’s', 'Straße'];
const LABELS = [
  'Garden', 'Travel', 'Photography', 'Recipes', 'Family', 'Books', 'Music', 'Linux', 'Programming', 'Cycling',
  'Weekly links', 'Film', 'Walks', 'Baking', 'Kids', 'Work', 'Open Source', 'Birds', 'Weather', 'Winter',
  'Summer', 'Reviews', 'How-to', 'Notes', 'Art', 'History', 'Running', 'Cats', 'Zürich', 'Café culture',
];
const AUTHORS = [
  { name: 'Margaret Hale', profile: 'https://www.blogger.com/profile/04170327113556640113' },
  { name: 'Jürgen Weiß', profile: 'https://www.blogger.com/profile/11820974461180923371' },
];
const COMMENTERS = [
  { name: 'Anonymous' },
  { name: 'Bob Carter', profile: 'https://www.blogger.com/profile/09987654321012345678' },
  { name: 'Zoë', profile: 'https://www.blogger.com/profile/02244668800113355779' },
  { name: 'Ken Tanaka', url: 'http://ken.example.net/' },
  { name: 'Margaret Hale', profile: AUTHORS[0].profile },
  { name: 'Ana María', profile: 'https://www.blogger.com/profile/13579246801357924680' },
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (s) => esc(s).replace(/'/g, '&#39;').replace(/"/g, '&quot;');
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const pad = (n) => String(n).padStart(2, '0');

function words(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(pick(WORDS));
  return out;
}
function sentence() {
  const w = words(between(6, 20));
  if (chance(0.1)) w.splice(between(1, w.length - 1), 0, esc(pick(FLAVOUR)));
  return cap(w.join(' ')) + pick(['.', '.', '.', '.', '!', '?', '&nbsp;:)']);
}
let linkCounter = 0;
function richSentence() {
  const w = sentence().split(' ');
  const at = between(0, Math.max(0, w.length - 3));
  const r = random();
  if (r < 0.1) w.splice(at, 2, `<a href="http://www.${pick(WORDS)}-${pick(WORDS)}.example.com/${pick(['blog', 'wiki', 'news'])}/${++linkCounter}">${w[at]} ${w[at + 1]}</a>`);
  else if (r < 0.15) w[at] = `<b>${w[at]}</b>`;
  else if (r < 0.2) w[at] = `<i>${w[at]}</i>`;
  else if (r < 0.23) w[at] = `<span style="color: #990000;">${w[at]}</span>`;
  else if (r < 0.25) w[at] = `<code>${pick(WORDS)}_${pick(WORDS)}()</code>`;
  return w.join(' ');
}
const prose = (lo, hi) => Array.from({ length: between(lo, hi) }, richSentence).join(' ');

// ---------------------------------------------------------------- dates (a European blog)
const DAY = 86_400_000;
function offsetOf(ms) {
  const m = new Date(ms).getUTCMonth();
  return m >= 3 && m <= 9 ? '+02:00' : '+01:00';
}
function parts(ms) {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    mm: pad(d.getUTCMonth() + 1),
    dd: pad(d.getUTCDate()),
    iso: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(h)}:${pad(d.getUTCMinutes())}:00${offsetOf(ms)}`,
    header: `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`,
    time: `${h % 12 || 12}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`,
    monthName: `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
  };
}

// ---------------------------------------------------------------- post bodies
let imageCounter = 0;
function image(host) {
  imageCounter++;
  const name = `${pick(['IMG_', 'DSC0', 'P10'])}${1000 + (imageCounter % 9000)}.JPG`;
  const w = pick([320, 400, 640]);
  const h = Math.round(w * pick([0.75, 0.5625, 1.333]));
  const key = `-${(imageCounter * 2654435761 >>> 0).toString(36)}Xq${imageCounter.toString(36)}/U${(imageCounter * 7919).toString(36)}I/AAAAAAAAA${(imageCounter % 97).toString(36)}/${(imageCounter * 31337).toString(36)}`;
  if (host === OLD) {
    // FTP-published classic blogs kept uploads next to the blog.
    const file = `${name.replace('.JPG', '')}-${(imageCounter * 7919) % 999983}`;
    return { full: `http://${OLD}/blog/uploaded_images/${file}.jpg`, small: `http://${OLD}/blog/uploaded_images/${file}-thumb.jpg`, w, h, name };
  }
  const base = `https://${between(1, 4)}.bp.blogspot.com/${key}`;
  return { full: `${base}/s1600/${name}`, small: `${base}/s${w}/${name}`, w, h, name };
}
function imageBlock(img) {
  if (chance(0.7)) {
    return `<div class="separator" style="clear: both; text-align: center;"><a href="${img.full}" imageanchor="1" style="margin-left: 1em; margin-right: 1em;"><img border="0" data-original-height="${img.h * 4}" data-original-width="${img.w * 4}" height="${img.h}" src="${img.small}" width="${img.w}" /></a></div>`;
  }
  return `<table align="center" cellpadding="0" cellspacing="0" class="tr-caption-container" style="margin-left: auto; margin-right: auto; text-align: center;"><tbody><tr><td style="text-align: center;"><a href="${img.full}" imageanchor="1" style="margin-left: auto; margin-right: auto;"><img border="0" height="${img.h}" src="${img.small}" width="${img.w}" /></a></td></tr><tr><td class="tr-caption" style="text-align: center;">${cap(words(between(2, 7)).join(' '))}</td></tr></tbody></table>`;
}
const CODE = [
  'for f in *.jpg; do\n  convert "$f" -resize 50% "small/$f"\ndone',
  '#include &lt;stdio.h&gt;\nint main(void) {\n    printf("hello, %s\\n", "world");\n    return 0;\n}',
  'def loaf(flour, water=0.7):\n    """Baker\'s percentages."""\n    return {"flour": flour, "water": flour * water}',
  'SELECT title, COUNT(*) AS n\nFROM posts JOIN comments ON comments.post = posts.id\nGROUP BY title HAVING n &gt; 3;',
];
function block(style, blog) {
  const r = random();
  if (r < 0.6) {
    const text = prose(2, 7);
    if (style === 'br') return `${text}<br />\n<br />\n`;
    return chance(0.75) ? `<p>${text}</p>\n` : `<div>${text}</div>\n`;
  }
  if (r < 0.74) return `${imageBlock(image(blog))}\n`;
  if (r < 0.8) {
    const tag = chance(0.65) ? 'ul' : 'ol';
    return `<${tag}>\n${Array.from({ length: between(2, 7) }, () => `<li>${prose(1, 2)}</li>`).join('\n')}\n</${tag}>\n`;
  }
  if (r < 0.85) return `<h3>${cap(words(between(2, 6)).join(' '))}</h3>\n`;
  if (r < 0.89) return `<blockquote class="tr_bq">${prose(1, 4)}</blockquote>\n`;
  if (r < 0.92) {
    const code = pick(CODE);
    return chance(0.6) ? `<pre><code>${code}</code></pre>\n` : `<pre style="background: #eeeeee; border: 1px solid #cccccc; overflow: auto;">${code}</pre>\n`;
  }
  if (r < 0.94) {
    const cols = between(2, 4);
    const row = (cell) => `<tr>${Array.from({ length: cols }, cell).join('')}</tr>`;
    return `<table border="1" cellpadding="4" style="border-collapse: collapse;"><tbody>${row(() => `<td><b>${cap(pick(WORDS))}</b></td>`)}${Array.from({ length: between(2, 6) }, () => row(() => `<td>${chance(0.5) ? between(1, 999) : pick(WORDS)}</td>`)).join('')}</tbody></table>\n`;
  }
  if (r < 0.95) {
    const id = Math.floor(random() * 2 ** 40).toString(36).padEnd(11, 'x').slice(0, 11);
    return `<div class="separator" style="clear: both; text-align: center;"><iframe allowfullscreen="" class="BLOG_video_class" height="266" src="https://www.youtube.com/embed/${id}" width="320" youtube-src-id="${id}"></iframe></div>\n`;
  }
  return `<div style="text-align: justify;">${prose(2, 5)}</div>\n`;
}

/** A body of `lo`…`hi` KB; `more` marks where Blogger's jump break sits (listings cut there). */
function body(style, blog, lo, hi) {
  const target = between(lo, hi) * 1024;
  let html = '';
  let more;
  while (html.length < target) {
    html += block(style, blog);
    if (more === undefined && html.length > 700 && html.length < target * 0.5 && chance(0.45)) {
      more = html.length;
      html += "<a name='more'></a>\n";
    }
  }
  return { html, more };
}

// ---------------------------------------------------------------- the blogs
function slugOf(title) {
  const out = [];
  for (const w of title.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9 ]/g, ' ').split(/\s+/)) {
    if (!w) continue;
    if (out.join('-').length + w.length > 38 && out.length) break;
    out.push(w);
  }
  return out.join('-');
}
function titleFor() {
  const w = words(8).filter((x) => x.length > 3);
  const r = random();
  if (r < 0.012) return ''; // Blogger allows untitled posts; their URL is blog-post.html
  if (r < 0.05) return pick(['Weekly links', 'Sunday photo', 'Update', 'Garden diary']);
  if (r < 0.3) return `${cap(w[0] ?? 'notes')} ${w[1] ?? 'and'} ${w[2] ?? 'more'}`;
  if (r < 0.5) return `A ${w[0] ?? 'long'} ${w[1] ?? 'walk'} in ${pick(['Zürich', 'the hills', 'October', 'the rain', 'town'])}`;
  if (r < 0.65) return `How to ${w[0] ?? 'bake'} ${w[1] ?? 'bread'} (${pick(['again', 'properly', 'part 2', 'quickly'])})`;
  if (r < 0.8) return `${cap(w[0] ?? 'more')}, ${w[1] ?? 'less'} & ${w[2] ?? 'other things'}`;
  return `${cap(w[0] ?? 'notes')} ${w[1] ?? ''} ${pick(FLAVOUR)} ${w[2] ?? ''}`.replace(/\s+/g, ' ').trim();
}

/** Posts of one blog, newest first, `perMonth` on average, ending at `endMs`. */
function makePosts(count, endMs, perMonth, era, host) {
  const posts = [];
  const urls = new Set();
  let t = endMs;
  const gap = (30 * DAY) / perMonth;
  for (let i = 0; i < count; i++) {
    // Some days have two posts (one date header over both); the later one is listed first.
    const sameDay = i > 0 && chance(0.12) && new Date(posts[i - 1].when).getUTCHours() >= 9;
    if (!sameDay) t -= Math.max(DAY, Math.round(gap * (0.3 + random() * 1.4)));
    const day = Math.floor(t / DAY) * DAY;
    const when = sameDay ? posts[i - 1].when - between(20, 120) * 60_000 : day + between(9, 23) * 3_600_000 + between(0, 59) * 60_000;
    const p = parts(when);
    const title = titleFor();
    let slug = slugOf(title) || 'blog-post';
    if (urls.has(`${p.y}/${p.mm}/${slug}`)) slug = `${slug}_${p.dd}`;
    let k = 2;
    while (urls.has(`${p.y}/${p.mm}/${slug}`)) slug = `${slugOf(title) || 'blog-post'}_${p.dd}${k++}`;
    urls.add(`${p.y}/${p.mm}/${slug}`);
    const style = era === 'classic' || (p.y < 2011 && chance(0.7)) ? 'br' : 'p';
    const { html, more } = body(style, host, ...(era === 'classic' ? [2, 14] : chance(0.15) ? [16, 34] : [1, 16]));
    const labels = [];
    if (era === 'layouts') for (let n = chance(0.15) ? 0 : between(1, 4); n > 0; n--) labels.push(skewed(LABELS));
    const commentCount = chance(0.5) ? 0 : chance(0.7) ? between(1, 4) : between(5, 14);
    posts.push({
      id: String(1_000_000_000_000_000_000n + BigInt(Math.floor(random() * 1e15)) * 1000n + BigInt(i)),
      title,
      slug,
      path: `${p.y}/${p.mm}/${slug}.html`,
      when,
      p,
      body: html,
      more,
      labels: [...new Set(labels)],
      author: chance(0.9) ? AUTHORS[0] : AUTHORS[1],
      commentCount,
      image: /<img [^>]*src="([^"]+)"/.exec(html)?.[1],
      ownPage: true,
    });
  }
  return posts;
}

function comments(post) {
  const out = [];
  let t = post.when;
  for (let i = 0; i < post.commentCount; i++) {
    t += between(20, 60 * 24 * 9) * 60_000;
    out.push({
      id: String(7_000_000_000_000_000_000n + BigInt(Math.floor(random() * 1e12)) * 100n + BigInt(i)),
      who: pick(COMMENTERS),
      when: t,
      html: Array.from({ length: chance(0.25) ? 2 : 1 }, () => prose(1, 3)).join('<br /><br />'),
      replyTo: i > 0 && chance(0.25) ? between(0, i - 1) : undefined,
    });
  }
  return out;
}

// ---------------------------------------------------------------- plan the mirror
// Shares of the page budget (see the header); posts fill what the other kinds leave.
const classicShare = 0.08;
const junkShare = 0.07;
const LABEL_PAGES = Math.min(LABELS.length, Math.max(3, Math.round(PAGES * 0.015)));
const STATIC = ['about', 'contact', 'reading-list'];
const SAVED = 3;
const layoutsBudget = PAGES * (1 - classicShare - junkShare) - LABEL_PAGES - STATIC.length - SAVED;
// Per layouts post: its page (97 %), 1/8 of a month page, 1/7 of a home/older page, ~1/96 of a year page.
const layoutsPosts = Math.max(10, Math.floor(layoutsBudget / (0.97 + 1 / 8 + 1 / 7 + 1 / 96)));
// Per classic post: its page, 1/6 of a monthly archive.
const classicPosts = Math.max(3, Math.floor((PAGES * classicShare - 1) / (1 + 1 / 6)));

const HOST = 'example.blogspot.com';
const OLD = 'www.example-old.org';
const BLOG_TITLE = 'Notes from the Allotment';
const BLOG_ID = '7391054328810296214';
const layouts = makePosts(layoutsPosts, Date.UTC(2024, 10, 20), 8, 'layouts', HOST);
const classic = makePosts(classicPosts, Date.UTC(2006, 11, 10), 6, 'classic', OLD);
for (const post of layouts) if (chance(0.03)) post.ownPage = false;

const files = new Map(); // relative path → html
const kinds = {};
const put = (path, kind, html) => {
  if (files.has(path)) throw new Error(`gen-mirror: ${path} generated twice`);
  files.set(path, html);
  kinds[kind] = (kinds[kind] ?? 0) + 1;
};

// ---------------------------------------------------------------- Layouts-era template
const months = new Map(); // "YYYY/MM" → posts, newest first
const years = new Map();
for (const post of layouts) {
  const key = `${post.p.y}/${post.p.mm}`;
  if (!months.has(key)) months.set(key, []);
  months.get(key).push(post);
  if (!years.has(post.p.y)) years.set(post.p.y, []);
  years.get(post.p.y).push(post);
}
const labelCounts = new Map();
for (const post of layouts) for (const l of post.labels) labelCounts.set(l, (labelCounts.get(l) ?? 0) + 1);

function skinCss() {
  const selectors = ['body', '.content-outer', '.header-inner', '.main-inner', '.date-header span', 'h3.post-title', '.post-body', '.post-footer', '.comments', '.sidebar .widget', '.footer-inner'];
  let css = "/*\n-----------------------------------------------\nBlogger Template Style\nName:     Simple\nDesigner: Blogger\nURL:      www.blogger.com\n----------------------------------------------- */\n";
  css += '/* Variable definitions\n====================\n';
  for (const name of ['body.font', 'body.text.color', 'link.color', 'header.font', 'post.title.font', 'widget.title.font']) {
    css += `<Variable name="${name}" description="${cap(name.replace(/\./g, ' '))}" type="${name.endsWith('font') ? 'font' : 'color'}" default="${name.endsWith('font') ? 'normal normal 14px Arial, Tahoma, Helvetica, FreeSans, sans-serif' : '#336699'}" value="#222222"/>\n`;
  }
  css += '*/\n';
  for (const s of selectors) {
    css += `${s} {\n  margin: 0 0 ${between(0, 30)}px;\n  padding: ${between(0, 20)}px ${between(0, 20)}px;\n  font: normal normal ${between(11, 22)}px Georgia, Utopia, 'Palatino Linotype', Palatino, serif;\n  color: #${between(0, 0xffffff).toString(16).padStart(6, '0')};\n  background: transparent url(//www.blogblog.com/1kt/simple/body_gradient_tile_light.png) repeat-x scroll top left;\n  -moz-box-shadow: 0 0 ${between(0, 40)}px rgba(0, 0, 0, .15);\n  -webkit-box-shadow: 0 0 ${between(0, 40)}px rgba(0, 0, 0, .15);\n  box-shadow: 0 0 ${between(0, 40)}px rgba(0, 0, 0, .15);\n}\n`;
  }
  return css;
}
const SKIN = skinCss();
const HEAD_SCRIPTS = `<script type='text/javascript'>
        (function(i,s,o,g,r,a,m){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){
        (i[r].q=i[r].q||[]).push(arguments)},i[r].l=1*new Date();a=s.createElement(o),
        m=s.getElementsByTagName(o)[0];a.async=1;a.src=g;m.parentNode.insertBefore(a,m)
        })(window,document,'script','https://www.google-analytics.com/analytics.js','ga');
        ga('create', 'UA-12345678-1', 'auto', 'blogger');
        ga('blogger.send', 'pageview');
      </script>
<link href='https://www.blogger.com/dyn-css/authorization.css?targetBlogID=${BLOG_ID}&amp;zx=5b2e8c1a-3f0d-4a39-9c1e-7d0f2b6a4e11' media='none' onload='if(media!=&#39;all&#39;)media=&#39;all&#39;' rel='stylesheet'/><noscript><link href='https://www.blogger.com/dyn-css/authorization.css?targetBlogID=${BLOG_ID}&amp;zx=5b2e8c1a-3f0d-4a39-9c1e-7d0f2b6a4e11' rel='stylesheet'/></noscript>
<meta name='google-adsense-platform-account' content='ca-host-pub-1556223355139109'/>
<meta name='google-adsense-platform-domain' content='blogspot.com'/>
<script type="text/javascript" language="javascript">
  // Supply ads personalization default for EEA readers
  adsbygoogle = window.adsbygoogle || [];
  if (typeof adsbygoogle.requestNonPersonalizedAds === 'undefined') {
    adsbygoogle.requestNonPersonalizedAds = 1;
  }
</script>`;
const NAVBAR = `<div class='navbar section' id='navbar' name='Navbar'><div class='widget Navbar' data-version='1' id='Navbar1'><script type="text/javascript">
    function setAttributeOnload(object, attribute, val) {
      if(window.addEventListener) {
        window.addEventListener('load', function(){ object[attribute] = val; }, false);
      } else {
        window.attachEvent('onload', function(){ object[attribute] = val; });
      }
    }
  </script>
<div id="navbar-iframe-container"></div>
<script type="text/javascript" src="https://apis.google.com/js/platform.js"></script>
<script type="text/javascript">
      gapi.load("gapi.iframes:gapi.iframes.style.bubble", function() {
        if (gapi.iframes && gapi.iframes.getContext) {
          gapi.iframes.getContext().openChild({
              url: 'https://www.blogger.com/navbar.g?targetBlogID\\x3d${BLOG_ID}\\x26blogName\\x3dNotes+from+the+Allotment\\x26publishMode\\x3dPUBLISH_MODE_BLOGSPOT\\x26navbarType\\x3dLIGHT\\x26layoutType\\x3dLAYOUTS\\x26searchRoot\\x3dhttps://${HOST}/search\\x26blogLocale\\x3den_GB\\x26v\\x3d2\\x26homepageUrl\\x3dhttp://${HOST}/',
              where: document.getElementById("navbar-iframe-container"),
              id: "navbar-iframe"
          });
        }
      });
    </script></div></div>`;

/**
 * The archive gadget in its hierarchy style: every year with its count, and the year the page is
 * about expanded to its months (collapsed years load their months by script when opened).
 */
function archiveHierarchy(rel, openYear) {
  let html = `<div class='widget BlogArchive' data-version='1' id='BlogArchive1'>\n<h2>Blog Archive</h2>\n<div class='widget-content'>\n<div id='ArchiveList'>\n<div id='BlogArchive1_ArchiveList'>\n`;
  for (const [year, posts] of years) {
    const open = year === openYear;
    html += `<ul class='hierarchy'>\n<li class='archivedate ${open ? 'expanded' : 'collapsed'}'>\n<a class='toggle' href='javascript:void(0)'>\n<span class='zippy${open ? ' toggle-open' : ''}'>\n\n        ${open ? '&#9660;' : '&#9658;'}&#160;\n      \n</span>\n</a>\n<a class='post-count-link' href='${rel}${year}/index.html'>\n${year}\n</a>\n<span class='post-count' dir='ltr'>(${posts.length})</span>\n`;
    if (open) {
      for (const [key, monthPosts] of months) {
        if (!key.startsWith(`${year}/`)) continue;
        html += `<ul class='hierarchy'>\n<li class='archivedate collapsed'>\n<a class='post-count-link' href='${rel}${key}/index.html'>\n${MONTHS[Number(key.slice(5)) - 1]}\n</a>\n<span class='post-count' dir='ltr'>(${monthPosts.length})</span>\n</li>\n</ul>\n`;
      }
    }
    html += '</li>\n</ul>\n';
  }
  return `${html}</div>\n</div>\n<div class='clear'></div>\n</div>\n</div>`;
}

function sidebar(rel, openYear) {
  const popular = layouts.slice(5, 8);
  let html = `<div class='sidebar section' id='sidebar-right-1'><div class='widget Profile' data-version='1' id='Profile1'>\n<h2>About Me</h2>\n<div class='widget-content'>\n<a href='${AUTHORS[0].profile}'><img alt='My photo' class='profile-img' height='80' src='//blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh-profile/s80/me.jpg' width='60'/></a>\n<dl class='profile-datablock'>\n<dt class='profile-data'>\n<a class='profile-name-link g-profile' href='${AUTHORS[0].profile}' rel='author' style='background-image: url(//www.blogger.com/img/logo-16.png);'>\n${AUTHORS[0].name}\n</a>\n</dt>\n<dd class='profile-textblock'>Allotment holder, weekend baker, occasional programmer. Writing here since the old blog moved.</dd>\n</dl>\n<a class='profile-link' href='${AUTHORS[0].profile}' rel='author'>View my complete profile</a>\n<div class='clear'></div>\n</div>\n</div>`;
  html += `<div class='widget PopularPosts' data-version='1' id='PopularPosts1'>\n<h2>Popular Posts</h2>\n<div class='widget-content popular-posts'>\n<ul>\n`;
  for (const post of popular) {
    html += `<li>\n<div class='item-content'>\n${post.image ? `<div class='item-thumbnail'>\n<a href='${rel}${post.path}' target='_blank'>\n<img alt='' border='0' src='${post.image.replace(/\/s\d+\//, '/w72-h72-p-k-no-nu/')}'/>\n</a>\n</div>\n` : ''}<div class='item-title'><a href='${rel}${post.path}'>${esc(post.title || 'Untitled')}</a></div>\n<div class='item-snippet'>${esc(post.body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').slice(0, 150))}...</div>\n</div>\n<div style='clear: both;'></div>\n</li>\n`;
  }
  html += `</ul>\n<div class='clear'></div>\n</div>\n</div>`;
  html += `<div class='widget Label' data-version='1' id='Label1'>\n<h2>Labels</h2>\n<div class='widget-content list-label-widget-content'>\n<ul>\n`;
  for (const [label, n] of [...labelCounts].sort((a, b) => b[1] - a[1]).slice(0, 20).sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    html += `<li>\n<a dir='ltr' href='${rel}search/label/${encodeURIComponent(label)}.html'>${esc(label)}</a>\n<span dir='ltr'>(${n})</span>\n</li>\n`;
  }
  html += `</ul>\n<div class='clear'></div>\n</div>\n</div>`;
  html += archiveHierarchy(rel, openYear);
  html += `<div class='widget Followers' data-version='1' id='Followers1'>\n<h2 class='title'>Followers</h2>\n<div class='widget-content'>\n<div id='Followers1-wrapper'>\n<div style='margin-right:2px;'>\n<div><script type="text/javascript" src="https://apis.google.com/js/platform.js"></script>\n<div id="followers-iframe-container"></div>\n<script type="text/javascript">\n    window.followersIframe = null;\n    function followersIframeOpen(url) {\n      gapi.load("gapi.iframes", function() {\n        if (gapi.iframes && gapi.iframes.getContext) {\n          window.followersIframe = gapi.iframes.getContext().openChild({ url: url, where: document.getElementById("followers-iframe-container") });\n        }\n      });\n    }\n    followersIframeOpen("https://www.blogger.com/followers.g?blogID\\x3d${BLOG_ID}\\x26pageSize\\x3d21\\x26origin\\x3dhttp://${HOST}/");\n  </script></div>\n</div>\n</div>\n<div class='clear'></div>\n</div>\n</div></div>`;
  return html;
}

const FOOT_SCRIPTS = (url) => `<script type="text/javascript" src="https://www.blogger.com/static/v1/widgets/2975350028-widgets.js"></script>
<script type='text/javascript'>
window['__wavt'] = 'AOuZoY4rDqUjS5Z3f0b7yQ:1700000000000';_WidgetManager._Init('//www.blogger.com/rearrange?blogID\\x3d${BLOG_ID}','${url.replace(/^https?:/, '')}','${BLOG_ID}');
_WidgetManager._SetDataContext([{'name': 'blog', 'data': {'blogId': '${BLOG_ID}', 'title': '${BLOG_TITLE}', 'url': '${url}', 'canonicalUrl': '${url}', 'homepageUrl': 'http://${HOST}/', 'searchUrl': 'http://${HOST}/search', 'canonicalHomepageUrl': 'http://${HOST}/', 'blogspotFaviconUrl': 'http://${HOST}/favicon.ico', 'bloggerUrl': 'https://www.blogger.com', 'hasCustomDomain': false, 'httpsEnabled': true, 'enabledCommentProfileImages': true, 'gPlusViewType': 'FILTERED_POSTMOD', 'adultContent': false, 'analyticsAccountNumber': 'UA-12345678-1', 'encoding': 'UTF-8', 'locale': 'en-GB', 'localeUnderscoreDelimited': 'en_gb', 'languageDirection': 'ltr', 'isPrivate': false, 'isMobile': false, 'isMobileRequest': false, 'mobileClass': '', 'isPrivateBlog': false, 'feedLinks': '\\x3clink rel\\x3d\\x22alternate\\x22 type\\x3d\\x22application/atom+xml\\x22 href\\x3d\\x22http://${HOST}/feeds/posts/default\\x22 /\\x3e'}}]);
_WidgetManager._RegisterWidget('_NavbarView', new _WidgetInfo('Navbar1', 'navbar', document.getElementById('Navbar1'), {}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_HeaderView', new _WidgetInfo('Header1', 'header', document.getElementById('Header1'), {}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_BlogView', new _WidgetInfo('Blog1', 'main', document.getElementById('Blog1'), {'cmtInteractionsEnabled': false, 'lightboxEnabled': true, 'lightboxModuleUrl': 'https://www.blogger.com/static/v1/jsbin/3254091907-lbx.js', 'lightboxCssUrl': 'https://www.blogger.com/static/v1/v-css/3268905543-lightbox_bundle.css'}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_ProfileView', new _WidgetInfo('Profile1', 'sidebar-right-1', document.getElementById('Profile1'), {}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_PopularPostsView', new _WidgetInfo('PopularPosts1', 'sidebar-right-1', document.getElementById('PopularPosts1'), {}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_LabelView', new _WidgetInfo('Label1', 'sidebar-right-1', document.getElementById('Label1'), {}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_BlogArchiveView', new _WidgetInfo('BlogArchive1', 'sidebar-right-1', document.getElementById('BlogArchive1'), {'languageDirection': 'ltr', 'loadingMessage': 'Loading\\x26hellip;'}, 'displayModeFull'));
_WidgetManager._RegisterWidget('_AttributionView', new _WidgetInfo('Attribution1', 'footer-1', document.getElementById('Attribution1'), {}, 'displayModeFull'));
</script>`;

/** A whole Layouts-era page. `rel` leads from the page's folder to the blog root (wget -k links). */
function layoutsPage({ rel, url, title, description, ogImage, main, year }) {
  return `<!DOCTYPE html>
<html class='v2' dir='ltr' lang='en-GB' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' xmlns:expr='http://www.google.com/2005/gml/expr'>
<head>
<link href='https://www.blogger.com/static/v1/widgets/2944754296-widget_css_bundle.css' rel='stylesheet' type='text/css'/>
<meta content='width=1100' name='viewport'/>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='blogger' name='generator'/>
<link href='${rel}favicon.ico' rel='icon' type='image/x-icon'/>
<link href='${url}' rel='canonical'/>
<link rel="alternate" type="application/atom+xml" title="${BLOG_TITLE} - Atom" href="${rel}feeds/posts/default" />
<link rel="alternate" type="application/rss+xml" title="${BLOG_TITLE} - RSS" href="${rel}feeds/posts/default%3Falt=rss" />
<link rel="service.post" type="application/atom+xml" title="${BLOG_TITLE} - Atom" href="https://www.blogger.com/feeds/${BLOG_ID}/posts/default" />
<!--Can't find substitution for tag [blog.ieCssRetrofitLinks]-->
<meta content='${url}' property='og:url'/>
<meta content='${attr(title)}' property='og:title'/>
<meta content='${attr(description)}' property='og:description'/>
${ogImage ? `<meta content='${ogImage}' property='og:image'/>\n` : ''}<title>${esc(title === BLOG_TITLE ? title : `${BLOG_TITLE}: ${title}`)}</title>
<style id='page-skin-1' type='text/css'><!--
${SKIN}
--></style>
<style id='template-skin-1' type='text/css'><!--
body { min-width: 930px; }
.content-outer, .content-fauxcolumn-outer, .region-inner { min-width: 930px; max-width: 930px; _width: 930px; }
.main-inner .columns { padding-left: 0px; padding-right: 310px; }
.main-inner .fauxcolumn-right-outer { width: 310px; }
--></style>
${HEAD_SCRIPTS}
</head>
<body class='loading'>
${NAVBAR}
<div class='content'>
<div class='content-outer'>
<div class='content-inner'>
<header>
<div class='header-outer'>
<div class='region-inner header-inner'>
<div class='header section' id='header' name='Header'><div class='widget Header' data-version='1' id='Header1'>
<div id='header-inner'>
<div class='titlewrapper'>
<h1 class='title'>
<a href='${rel}index.html'>${BLOG_TITLE}</a>
</h1>
</div>
<div class='descriptionwrapper'>
<p class='description'><span>Vegetables, bread, photographs and the odd line of code.</span></p>
</div>
</div>
</div></div>
</div>
</div>
</header>
<div class='tabs-outer'>
<div class='region-inner tabs-inner'>
<div class='tabs section' id='crosscol' name='Cross-Column'><div class='widget PageList' data-version='1' id='PageList1'>
<div class='widget-content'>
<ul>
<li class='selected'><a href='${rel}index.html'>Home</a></li>
${STATIC.map((s) => `<li><a href='${rel}p/${s}.html'>${cap(s.replace('-', ' '))}</a></li>`).join('\n')}
</ul>
<div class='clear'></div>
</div>
</div></div>
</div>
</div>
<div class='main-outer'>
<div class='region-inner main-inner'>
<div class='columns fauxcolumns'>
<div class='columns-inner'>
<div class='column-center-outer'>
<div class='column-center-inner'>
<div class='main section' id='main' name='Main'><div class='widget Blog' data-version='1' id='Blog1'>
${main}
</div></div>
</div>
</div>
<div class='column-right-outer'>
<div class='column-right-inner'>
<aside>
${sidebar(rel, year)}
</aside>
</div>
</div>
</div>
<div style='clear: both'></div>
</div>
</div>
</div>
<footer>
<div class='footer-outer'>
<div class='region-inner footer-inner'>
<div class='foot section' id='footer-1'><div class='widget Attribution' data-version='1' id='Attribution1'>
<div class='widget-content' style='text-align: center;'>
Simple theme. Powered by <a href='https://www.blogger.com' target='_blank'>Blogger</a>.
</div>
<div class='clear'></div>
</div></div>
</div>
</div>
</footer>
</div>
</div>
</div>
<script type='text/javascript'>
    window.setTimeout(function() {
        document.body.className = document.body.className.replace('loading', '');
      }, 10);
  </script>
${FOOT_SCRIPTS(url)}
</body>
</html>
`;
}

/** One post in the Layouts template; `where` is how the page links to the post (relative). */
function layoutsPost(post, { rel, excerpt, withComments }) {
  const href = `${rel}${post.path}`;
  let bodyHtml = post.body;
  if (excerpt && post.more !== undefined) {
    bodyHtml = `${post.body.slice(0, post.more)}<div class='jump-link'>\n<a href='${href}#more' title='${attr(post.title || 'Untitled')}'>Read more &#187;</a>\n</div>\n`;
  }
  const share = (target, label) =>
    `<a class='goog-inline-block share-button sb-${target}' href='https://www.blogger.com/share-post.g?blogID=${BLOG_ID}&postID=${post.id}&target=${target}' target='_blank' title='${label}'><span class='share-button-link-text'>${label}</span></a>`;
  const labelLinks = post.labels.map((l) => `<a href='${rel}search/label/${encodeURIComponent(l)}.html' rel='tag'>${esc(l)}</a>`).join(',\n');
  let html = `<div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
${post.image ? `<meta content='${post.image}' itemprop='image_url'/>\n` : ''}<meta content='${BLOG_ID}' itemprop='blogId'/>
<meta content='${post.id}' itemprop='postId'/>
<a name='${post.id}'></a>
${post.title ? `<h3 class='post-title entry-title' itemprop='name'>\n${withComments ? esc(post.title) : `<a href='${href}'>${esc(post.title)}</a>`}\n</h3>\n` : ''}<div class='post-header'>
<div class='post-header-line-1'></div>
</div>
<div class='post-body entry-content' id='post-body-${post.id}' itemprop='description articleBody'>
${bodyHtml}<div style='clear: both;'></div>
</div>
<div class='post-footer'>
<div class='post-footer-line post-footer-line-1'>
<span class='post-author vcard'>
Posted by
<span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'>
<meta content='${post.author.profile}' itemprop='url'/>
<a class='g-profile' href='${post.author.profile}' rel='author' title='author profile'>
<span itemprop='name'>${esc(post.author.name)}</span>
</a>
</span>
</span>
<span class='post-timestamp'>
at
<meta content='http://${HOST}/${post.path}' itemprop='url'/>
<a class='timestamp-link' href='${href}' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='${post.p.iso}'>${post.p.time}</abbr></a>
</span>
<span class='post-comment-link'>
${withComments ? '' : `<a class='comment-link' href='${href}#comment-form' onclick=''>\n${post.commentCount === 0 ? 'No comments' : post.commentCount === 1 ? '1 comment' : `${post.commentCount} comments`}:\n  </a>\n`}</span>
<span class='post-icons'>
<span class='item-control blog-admin pid-1612244123'>
<a href='https://www.blogger.com/post-edit.g?blogID=${BLOG_ID}&postID=${post.id}&from=pencil' title='Edit Post'>
<img alt='' class='icon-action' height='18' src='https://resources.blogblog.com/img/icon18_edit_allbkg.gif' width='18'/>
</a>
</span>
</span>
<div class='post-share-buttons goog-inline-block'>
${share('email', 'Email This')}${share('blog', 'BlogThis!')}${share('twitter', 'Share to X')}${share('facebook', 'Share to Facebook')}${share('pinterest', 'Share to Pinterest')}
</div>
</div>
<div class='post-footer-line post-footer-line-2'>
<span class='post-labels'>
${post.labels.length ? `Labels:\n${labelLinks}\n` : ''}</span>
</div>
<div class='post-footer-line post-footer-line-3'>
<span class='post-location'>
</span>
</div>
</div>
</div>
`;
  if (withComments) html += commentsSection(post);
  return `${html}</div>\n`;
}

function commentDate(ms) {
  const p = parts(ms);
  return `${p.d} ${MONTHS[p.m - 1]} ${p.y} at ${p.time.replace(/ ([AP]M)$/, (_, x) => ` ${x.toLowerCase()}`)}`;
}
function commentsSection(post) {
  const list = comments(post);
  const heading = `<h4>${list.length === 0 ? 'No comments' : list.length === 1 ? '1 comment' : `${list.length} comments`}:</h4>`;
  const form = `<p class='comment-footer'>
<div class='comment-form'>
<a name='comment-form'></a>
<h4 id='comment-post-message'>Post a Comment</h4>
<p>
</p>
<a href='https://www.blogger.com/comment-iframe.g?blogID=${BLOG_ID}&postID=${post.id}' id='comment-editor-src'></a>
<iframe allowtransparency='true' class='blogger-iframe-colorize blogger-comment-from-post' frameborder='0' height='410px' id='comment-editor' name='comment-editor' src='' width='100%'></iframe>
<script src='https://www.blogger.com/static/v1/jsbin/2830521187-comment_from_post_iframe.js' type='text/javascript'></script>
<script type='text/javascript'>
      BLOG_CMT_createIframe('https://www.blogger.com/rpc_relay.html');
    </script>
</div>
</p>`;
  const who = (c) => (c.who.profile ? `<a href="${c.who.profile}" rel="nofollow">${esc(c.who.name)}</a>` : c.who.url ? `<a href="${c.who.url}" rel="nofollow">${esc(c.who.name)}</a>` : esc(c.who.name));
  if (post.p.y < 2012) {
    // The dl/dt/dd comment list of the earlier Layouts templates.
    const items = list
      .map(
        (c) => `<dt class='comment-author ' id='c${c.id}'>
<a name='c${c.id}'></a>
<div class="avatar-image-container avatar-stock"><span dir="ltr"><img src="//resources.blogblog.com/img/blank.gif" width="35" height="35" alt="" title="${attr(c.who.name)}"></span></div>
${who(c)}
said...
</dt>
<dd class='comment-body' id='Blog1_cmt-${c.id}'>
<p>
${c.html}
</p>
</dd>
<dd class='comment-footer'>
<span class='comment-timestamp'>
<a href='${post.slug}.html?showComment=${c.when}#c${c.id}' title='comment permalink'>
${commentDate(c.when)}
</a>
<span class='item-control blog-admin pid-1612244123'>
<a class='comment-delete' href='https://www.blogger.com/delete-comment.g?blogID=${BLOG_ID}&postID=${c.id}' title='Delete Comment'>
<img src='https://resources.blogblog.com/img/icon_delete13.gif'/>
</a>
</span>
</span>
</dd>`,
      )
      .join('\n');
    return `<div class='comments' id='comments'>
<a name='comments'></a>
${heading}
<div id='Blog1_comments-block-wrapper'>
<dl class='avatar-comment-indent' id='comments-block'>
${items}
</dl>
</div>
${form}
</div>
`;
  }
  // Threaded comments (2012 on): replies nest inside the comment they answer.
  const children = list.map(() => []);
  const top = [];
  list.forEach((c, i) => (c.replyTo === undefined ? top : children[c.replyTo]).push(i));
  const item = (i) => {
    const c = list[i];
    const replies = children[i].length
      ? `<div class="comment-replies"><div id="c${c.id}-rt" class="comment-thread inline-thread"><span class="thread-toggle thread-expanded"><span class="thread-arrow"></span><span class="thread-count"><a target="_self">Replies</a></span></span><ol id="c${c.id}-ra" class="thread-chrome thread-expanded"><div>${children[i].map(item).join('')}</div><div id="c${c.id}-continue" class="continue"><a class="comment-reply" target="_self" data-comment-id="${c.id}">Reply</a></div></ol></div></div>`
      : '';
    return `<li class="comment" id="c${c.id}"><div class="avatar-image-container"><img src="//resources.blogblog.com/img/blank.gif" alt=""/></div><div class="comment-block"><div class="comment-header"><cite class="user">${who(c)}</cite><span class="icon user ${c.who.name === post.author.name ? 'blog-author' : ''}"></span><span class="datetime secondary-text"><a rel="nofollow" href="${post.slug}.html?showComment=${c.when}#c${c.id}">${commentDate(c.when)}</a></span></div><p class="comment-content">${c.html}</p><span class="comment-actions secondary-text"><a class="comment-reply" target="_self" data-comment-id="${c.id}">Reply</a><span class="item-control blog-admin blog-admin pid-1612244123"><a target="_self" href="https://www.blogger.com/delete-comment.g?blogID=${BLOG_ID}&amp;postID=${c.id}">Delete</a></span></span></div>${replies}<div class="comment-replybox-single" id="c${c.id}-ce"></div></li>`;
  };
  return `<div class='comments threaded' id='comments'>
<a name='comments'></a>
${heading}
<div class='comments-content'>
<script async='async' src='' type='text/javascript'></script>
<div id='comment-holder'>
<div class="comment-thread toplevel-thread"><ol id="top-ra">${top.map(item).join('')}</ol><div id="top-continue" class="continue"><a class="comment-reply" target="_self">Add comment</a></div><div class="comment-replybox-thread" id="top-ce"></div><div class="loadmore hidden" data-post-id="${post.id}"><a target="_self">Load more...</a></div></div>
</div>
</div>
${form}
</div>
`;
}

/** Posts grouped under date headers, as every Blogger listing and post page shows them. */
function dateGroups(posts, options) {
  let html = "<div class='blog-posts hfeed'>\n";
  let open;
  for (const post of posts) {
    const day = post.p.header;
    if (day !== open) {
      if (open !== undefined) html += '\n          </div></div>\n        \n';
      html += `\n          <div class="date-outer">\n        \n<h2 class='date-header'><span>${day}</span></h2>\n\n          <div class="date-posts">\n        \n`;
      open = day;
    }
    html += layoutsPost(post, options);
  }
  if (open !== undefined) html += '\n        </div></div>\n      \n';
  return `${html}</div>\n`;
}

function pager(rel, newer, older) {
  return `<div class='blog-pager' id='blog-pager'>
${newer ? `<span id='blog-pager-newer-link'>\n<a class='blog-pager-newer-link' href='${newer}' id='Blog1_blog-pager-newer-link' title='Newer Posts'>Newer Posts</a>\n</span>\n` : ''}${older ? `<span id='blog-pager-older-link'>\n<a class='blog-pager-older-link' href='${older}' id='Blog1_blog-pager-older-link' title='Older Posts'>Older Posts</a>\n</span>\n` : ''}<a class='home-link' href='${rel}index.html'>Home</a>
</div>
<div class='clear'></div>
<div class='blog-feeds'>
<div class='feed-links'>
Subscribe to:
<a class='feed-link' href='${rel}feeds/posts/default' target='_blank' type='application/atom+xml'>Posts (Atom)</a>
</div>
</div>`;
}

const root = `${HOST}/`;
const desc = (post) => post.body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 140);

// Post pages
for (const post of layouts) {
  if (!post.ownPage) continue;
  const rel = '../../';
  const main = dateGroups([post], { rel: '../../', excerpt: false, withComments: true }) + pager(rel, undefined, undefined);
  put(root + post.path, 'post', layoutsPage({ rel, url: `http://${HOST}/${post.path}`, title: post.title || BLOG_TITLE, description: desc(post), ogImage: post.image, main, year: post.p.y }));
}
// Monthly and yearly archives
for (const [key, posts] of months) {
  const rel = '../../';
  put(`${root}${key}/index.html`, 'month archive', layoutsPage({ rel, url: `http://${HOST}/${key}/`, title: posts[0].p.monthName, year: posts[0].p.y, description: 'Vegetables, bread, photographs and the odd line of code.', main: dateGroups(posts, { rel, excerpt: true }) + pager(rel, undefined, undefined) }));
}
for (const [year, posts] of years) {
  const rel = '../';
  put(`${root}${year}/index.html`, 'year archive', layoutsPage({ rel, url: `http://${HOST}/${year}/`, title: String(year), year, description: 'Vegetables, bread, photographs and the odd line of code.', main: dateGroups(posts.slice(0, 10), { rel, excerpt: true }) + pager(rel, '../index.html', posts.length > 10 ? `../search%3Fupdated-max=${encodeURIComponent(posts[9].p.iso)}&max-results=10.html` : undefined) }));
}
// Home page and its "Older posts" chain (wget saves search?updated-max=… as a file name)
const olderName = (post) => `search?updated-max=${post.p.iso}&max-results=7.html`;
for (let at = 0; at < layouts.length; at += 7) {
  const posts = layouts.slice(at, at + 7);
  const path = at === 0 ? 'index.html' : olderName(layouts[at - 1]);
  const newer = at === 0 ? undefined : at === 7 ? 'index.html' : olderName(layouts[at - 8]).replace('?', '%3F');
  const older = at + 7 < layouts.length ? olderName(layouts[at + 6]).replace('?', '%3F') : undefined;
  put(root + path, at === 0 ? 'home' : 'older posts', layoutsPage({ rel: '', year: posts[0].p.y, url: at === 0 ? `http://${HOST}/` : `http://${HOST}/${path.replace(/\.html$/, '')}`, title: BLOG_TITLE, description: 'Vegetables, bread, photographs and the odd line of code.', main: dateGroups(posts, { rel: '', excerpt: true }) + pager('', newer, older) }));
}
// Label pages: the latest 20 posts under each of the most used labels
for (const [label] of [...labelCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, LABEL_PAGES)) {
  const rel = '../../';
  const posts = layouts.filter((p) => p.labels.includes(label)).slice(0, 20);
  const name = encodeURIComponent(label);
  put(`${root}search/label/${name}.html`, 'label', layoutsPage({ rel, year: posts[0].p.y, url: `http://${HOST}/search/label/${name}`, title: label, description: `Posts labelled ${label}`, main: `<div class='status-msg-wrap'>\n<div class='status-msg-body'>\nShowing posts with the label <b>${esc(label)}</b>. <a href="${rel}index.html">Show all posts</a>\n</div>\n<div class='status-msg-border'>\n<div class='status-msg-bg'>\n<div class='status-msg-hidden'>Showing posts with the label <b>${esc(label)}</b>. <a href="${rel}index.html">Show all posts</a></div>\n</div>\n</div>\n</div>\n<div style='clear: both;'></div>\n${dateGroups(posts, { rel, excerpt: true })}${pager(rel, undefined, undefined)}` }));
}
// Static pages: Blogger pages have the post markup without a date header
for (const s of STATIC) {
  const rel = '../';
  const page = { ...layouts[0], id: String(900 + STATIC.indexOf(s)), title: cap(s.replace('-', ' ')), path: `p/${s}.html`, labels: [], body: body('p', HOST, 2, 6).html, more: undefined, commentCount: 0, image: undefined };
  const main = `<div class='blog-posts hfeed'>\n${layoutsPost(page, { rel, excerpt: false, withComments: false }).replace(/<span class='post-timestamp'>[\s\S]*?<\/span>\n/, '')}</div>\n${pager(rel, undefined, undefined)}`;
  put(`${root}p/${s}.html`, 'static page', layoutsPage({ rel, url: `http://${HOST}/p/${s}.html`, title: page.title, description: desc(page), main }));
}

// ---------------------------------------------------------------- classic (pre-Layouts) blog
const OLD_ROOT = `${OLD}/blog/`;
const CLASSIC_CSS = (() => {
  let css = '/*\nBlogger Template Style\nName:     Minima\nDesigner: Douglas Bowman\nURL:      www.stopdesign.com\nDate:     26 Feb 2004\n*/\n';
  for (const s of ['body', 'a:link', 'a:visited', 'a:hover', '#header', '#blog-title', '#blog-title a', '#description', '#content', '#main', '#sidebar', 'h2.date-header', '.post', '.post-title', '.post-body', '.post-footer', '#comments', '#comments h4', '#comments-block', '#comments-block .comment-poster', '#comments-block .comment-body', '#comments-block .comment-timestamp', '.deleted-comment', '#sidebar ul', '#sidebar li', '.profile-img', '.profile-data', '#footer']) {
    css += `${s} {\n  margin:${between(0, 20)}px 0 ${between(0, 20)}px;\n  padding:0 0 ${between(0, 10)}px;\n  font:x-small Georgia Serif;\n  color:#${between(0, 0xffffff).toString(16).padStart(6, '0')};\n  border-bottom:1px dotted #ccc;\n  line-height:1.${between(2, 8)}em;\n  }\n`;
  }
  return css;
})();
const oldMonths = new Map();
for (const post of classic) {
  const key = `${post.p.y}_${post.p.mm}`;
  if (!oldMonths.has(key)) oldMonths.set(key, []);
  oldMonths.get(key).push(post);
}
function classicPost(post, { rel, withComments }) {
  const list = withComments ? comments(post) : [];
  const perma = `${rel}${post.path}`;
  return `
  <!-- Begin .post -->
  <div class="post"><a name="${post.id}"></a>
    ${post.title ? `<h3 class="post-title">\n\t ${esc(post.title)}\n    </h3>` : ''}
    <div class="post-body">
    <div>${post.body}</div>
    </div>
    <p class="post-footer">
      <em>posted by ${esc(post.author.name)} at <a href="${perma}" title="permanent link">${post.p.time}</a></em>
      ${withComments ? '' : `<a class="comment-link" href="${perma}#comments">${post.commentCount} comments</a>`}
      <span class="item-control blog-admin pid-1953536068"><a style="border:none;" href="http://www.blogger.com/post-edit.g?blogID=8810296&postID=${post.id}" title="Edit Post"><img class="icon-action" alt="" src="http://www.blogger.com/img/icon18_edit_allbkg.gif" height="18" width="18"></a></span>
    </p>
  </div>
  <!-- End .post -->
${
  withComments
    ? `  <!-- Begin #comments -->
  <div id="comments">
    <a name="comments"></a>
    <h4>${list.length} Comments:</h4>
    <dl id="comments-block">
${list
  .map(
    (c) => `      <dt class="comment-poster" id="c${c.id}"><a name="c${c.id}"></a>
        ${c.who.profile ? `<a href="${c.who.profile}" rel="nofollow">${esc(c.who.name)}</a>` : esc(c.who.name)} said...
      </dt>
      <dd class="comment-body">
        <p>${c.html}</p>
      </dd>
      <dd class="comment-footer">
        <span class="comment-timestamp"><a href="#c${c.id}" title="comment permalink">${MONTHS[parts(c.when).m - 1]} ${parts(c.when).d}, ${parts(c.when).y} ${parts(c.when).time}</a></span>
      </dd>`,
  )
  .join('\n')}
    </dl>
    <p class="comment-timestamp"><a href="${rel}index.html">&lt;&lt; Home</a></p>
  </div>
  <!-- End #comments -->
`
    : ''
}`;
}
function classicPage({ rel, title, main }) {
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">

<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
  <title>${esc(title)}</title>
  <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="MSSmartTagsPreventParsing" content="true" />
<meta name="generator" content="Blogger" />
<link rel="alternate" type="application/atom+xml" title="Old Allotment Notes - Atom" href="http://${OLD}/blog/atom.xml" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="http://www.blogger.com/rsd.g?blogID=8810296" />
  <style type="text/css">
${CLASSIC_CSS}
  </style>
</head>
<body>
<div id="navbar-iframe-container"><iframe src="http://www.blogger.com/navbar.g?targetBlogID=8810296&amp;blogName=Old+Allotment+Notes&amp;publishMode=PUBLISH_MODE_FTP&amp;navbarType=BLUE" height="30px" width="100%" marginwidth="0" marginheight="0" scrolling="no" id="navbar-iframe" frameborder="0"></iframe></div>
<div id="header">
  <h1 id="blog-title"><a href="${rel}index.html">Old Allotment Notes</a></h1>
  <p id="description">The first years of the allotment.</p>
</div>
<!-- Begin #content -->
<div id="content">
<!-- Begin #main -->
<div id="main"><div id="main2">
${main}
</div></div>
<!-- End #main -->
<!-- Begin #sidebar -->
<div id="sidebar"><div id="sidebar2">
  <h2 class="sidebar-title">Previous Posts</h2>
  <ul id="recently">
${classic.slice(0, 10).map((p) => `    <li><a href="${rel}${p.path}">${esc(p.title || 'Untitled')}</a></li>`).join('\n')}
  </ul>
  <h2 class="sidebar-title">Archives</h2>
  <ul class="archive-list">
${[...oldMonths.keys()].map((k) => `    <li><a href="${rel}${k}_01_archive.html">${oldMonths.get(k)[0].p.monthName}</a></li>`).join('\n')}
  </ul>
  <p id="powered-by"><a href="http://www.blogger.com"><img src="http://buttons.blogger.com/bloggerbutton1.gif" alt="Powered by Blogger" /></a></p>
</div></div>
<!-- End #sidebar -->
</div>
<!-- End #content -->
</body>
</html>
`;
}
function classicGroups(posts, options) {
  let html = '';
  let open;
  for (const post of posts) {
    if (post.p.header !== open) {
      html += `\n  <h2 class="date-header">${post.p.header}</h2>\n`;
      open = post.p.header;
    }
    html += classicPost(post, options);
  }
  return html;
}
for (const post of classic) {
  put(OLD_ROOT + post.path, 'classic post', classicPage({ rel: '../../', title: `Old Allotment Notes: ${post.title || ''}`, main: classicGroups([post], { rel: '../../', withComments: true }) }));
}
for (const [key, posts] of oldMonths) {
  put(`${OLD_ROOT}${key}_01_archive.html`, 'classic archive', classicPage({ rel: '', title: `Old Allotment Notes: ${posts[0].p.monthName}`, main: classicGroups(posts, { rel: '', withComments: false }) }));
}
put(`${OLD_ROOT}index.html`, 'classic home', classicPage({ rel: '', title: 'Old Allotment Notes', main: classicGroups(classic.slice(0, 10), { rel: '', withComments: false }) }));

// ---------------------------------------------------------------- "Save page as…" copies
const savedPosts = layouts.filter((p) => p.ownPage && p.title && p.image).slice(20, 20 + SAVED);
for (const post of savedPosts) {
  const name = `${post.title.replace(/[\\/:*?"<>|]/g, '_')} - ${BLOG_TITLE}`;
  const assets = `${name}_files`;
  let html = files.get(root + post.path);
  // Browsers keep the absolute canonical URL and point images and scripts into the asset folder.
  html = html.replace(/https:\/\/\d\.bp\.blogspot\.com\/[^"' ]+\/([^/"' ]+\.JPG)/g, (_, file) => `./${encodeURIComponent(assets)}/${file}`);
  html = html.replace(/(src=")https:\/\/www\.blogger\.com\/static\/v1\/widgets\/[^"]+/g, `$1./${encodeURIComponent(assets)}/widgets.js`);
  html = html.replace(/href='\.\.\/\.\.\//g, `href='http://${HOST}/`);
  html = `<!-- saved from url=(00${String(`http://${HOST}/${post.path}`.length).padStart(2, '0')})http://${HOST}/${post.path} -->\n${html}`;
  put(`saved/${name}.html`, 'saved page', html);
  files.set(`saved/${assets}/widgets.js`, '/* widgets */ var _WidgetManager = {};\n'.repeat(40));
  files.set(`saved/${assets}/css_bundle_v2.css`, SKIN);
  files.set(`saved/${assets}/${/[^/]+\.JPG/.exec(post.image)?.[0] ?? 'IMG_0001.JPG'}`, '\xff\xd8\xff\xe0 not really a jpeg');
  put(`saved/${assets}/navbar.html`, 'junk: saved asset page', `<!DOCTYPE html><html><head><title>Blogger: ${BLOG_TITLE}</title></head><body><div id="b-navbar"><a href="https://www.blogger.com/" id="b-logo">Blogger</a><form id="b-search"><input type="text" name="q"/></form><a href="https://www.blogger.com/next-blog?navBar=true&blogID=${BLOG_ID}">Next Blog»</a></div></body></html>\n`);
}

// ---------------------------------------------------------------- mirror junk, up to PAGES
const htmlCount = () => [...files.keys()].filter((f) => f.endsWith('.html') || /\.html\?/.test(f)).length;
let junkIndex = 0;
const withOwnPage = layouts.filter((p) => p.ownPage);
while (htmlCount() < PAGES) {
  const post = withOwnPage[(junkIndex * 7919) % withOwnPage.length];
  const original = files.get(root + post.path);
  junkIndex++;
  if (junkIndex % 3 === 0 && post.commentCount > 0) {
    const key = `${root}${post.path}?showComment=${post.when + 3_600_000 * junkIndex}`;
    if (!files.has(key)) put(key, 'junk: ?showComment= copy', original);
  } else {
    // Blogger's mobile template, saved as page.html?m=1 (or index.html?m=1)
    const key = junkIndex === 1 ? `${root}index.html?m=1` : `${root}${post.path}?m=1`;
    if (!files.has(key)) put(key, 'junk: ?m=1 mobile copy', original.replace("<body class='loading'>", "<body class='loading mobile'>").replace(/<aside>[\s\S]*<\/aside>/, '<aside></aside>'));
  }
  if (junkIndex > PAGES * 10) throw new Error('gen-mirror: cannot reach the page count; raise PAGES');
}
// Non-HTML files wget also saves (not pages)
files.set(`${root}favicon.ico`, '\x00\x00\x01\x00');
files.set(`${root}feeds/posts/default`, `<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>${BLOG_TITLE}</title></feed>\n`);
files.set(`${root}robots.txt`, 'User-agent: *\nDisallow: /search\nAllow: /\n');

// ---------------------------------------------------------------- write
let bytes = 0;
for (const [path, content] of files) {
  const full = join(OUT, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  bytes += Buffer.byteLength(content);
}
const pages = htmlCount();
const junk = Object.entries(kinds).filter(([k]) => k.startsWith('junk')).reduce((n, [, v]) => n + v, 0);
const posts = layouts.length + classic.length + STATIC.length;
const postPageBytes = layouts.filter((p) => p.ownPage).map((p) => Buffer.byteLength(files.get(root + p.path)));
postPageBytes.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    pages,
    read: pages - junk,
    junk,
    posts,
    postsWithoutOwnPage: layouts.filter((p) => !p.ownPage).length,
    megabytes: +(bytes / 1e6).toFixed(1),
    postPageKb: { p10: Math.round(postPageBytes[Math.floor(postPageBytes.length * 0.1)] / 1024), median: Math.round(postPageBytes[postPageBytes.length >> 1] / 1024), p90: Math.round(postPageBytes[Math.floor(postPageBytes.length * 0.9)] / 1024) },
    kinds,
  }),
);
