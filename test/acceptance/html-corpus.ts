/**
 * The saved pages of the corpus (../shared/corpus/html) as the acceptance suite sees them,
 * worked out by reading each page's source, never from blogport's output: the posts a careful
 * reader sees on the page (count, titles, days and times, authors, tags, excerpt or full,
 * permalink), the element that holds each post's own body and the page chrome that sits inside
 * it, and strings that appear only in the page's chrome (navigation, sidebars, footers, share
 * bars, comments). The suite reads each page itself (cheerio, iconv-lite for the declared
 * charset) to pick the body elements; the tables below are checked against the page at run
 * time so they cannot drift from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import iconv from 'iconv-lite';
import { sourceText } from '../helpers/fidelity.js';

export interface ExpectedHtmlPost {
  /** The title as shown; `null` for an untitled post (a derived title flagged `title_derived: true` is expected). */
  title: string | null;
  /**
   * `YYYY-MM-DD` when the page shows only the day; with the time (`THH:MM:SS`) and offset when
   * the page states them (a time without an offset stays local time).
   */
  date: string;
  /** The author the page shows; `null`: none shown (none may be written); undefined: not checked. */
  author?: string | null;
  /** Tags (labels) the page shows for the post; [] when it shows none. */
  tags: string[];
  /** Categories shown apart from tags (WordPress "Posted in"). */
  categories?: string[];
  /** The page shows only a summary of the post (a listing with a "read more" link). */
  excerpt: boolean;
  /** The post's permalink as the page gives it, absolute. */
  url: string;
}

export interface ChromeInBody {
  selector: string;
  why: string;
}

export interface HtmlPage {
  /** Path inside the corpus. */
  file: string;
  /** The charset the page declares (and really is in): how the suite decodes it. */
  encoding: string;
  /** The URL relative links resolve against: the page's canonical link / og:url, or the `--base-url` given. */
  base?: string;
  /** Extra CLI arguments for this page. */
  args: string[];
  /** Each post's container, in document order. */
  post: string;
  /** The post's own body element inside its container (`''`: the container itself). */
  body: string;
  /** The title element inside the container (self-check of the table against the page). */
  title?: string;
  /** The permalink element inside the container (`href`); absent: the page's own URL (single-post pages). */
  link?: string;
  /** Page chrome that sits inside the body element: removed from the source before comparing. */
  chromeInBody: ChromeInBody[];
  posts: ExpectedHtmlPost[];
  /** Strings that appear only in the page's chrome (nav, sidebar, footer, share bars, comments), never in a post body. */
  chrome: string[];
}

// ------------------------------------------------------------------------------------------------

const MIKE = 'http://mike-austin.com/blog/2006/02/';
/** Blogger classic FTP-published monthly archive: 16 date headers over 23 posts, "posted by Mike Austin at 2:21 PM" footers. */
const MIKEAUSTIN: HtmlPage = {
  file: 'html/blogger-classic-archive-mikeaustin-2006-02.html',
  encoding: 'utf-8',
  // No canonical link or og:url; every URL in the bodies is absolute already.
  args: [],
  post: '#main-content div.post',
  body: '.post-body',
  title: '.post-title',
  link: '.post-footer a[title="permanent link"]',
  chromeInBody: [],
  posts: (
    [
      ['Interactive movies, aka scripted games', '2006-02-25T14:21:00', 'interactive-movies-aka-scripted-games'],
      ['Possibly the worst web site design?', '2006-02-24T16:33:00', 'possibly-worst-web-site-design'],
      ['Lost in translation?', '2006-02-24T00:34:00', 'lost-in-translation'],
      ['The Objective - Machinima using Battlefield 2', '2006-02-23T23:39:00', 'objective-machinima-using-battlefield'],
      ['Zooming interface from 1980', '2006-02-23T14:06:00', 'zooming-interface-from-1980'],
      ["World's largest Windows error message", '2006-02-22T16:17:00', 'worlds-largest-windows-error-message'],
      ['Highway to heaven?', '2006-02-21T14:00:00', 'highway-to-heaven'],
      ['All your base... MySpace style', '2006-02-18T12:44:00', 'all-your-base-myspace-style'],
      ['Is Apple iTunes dying?', '2006-02-15T23:14:00', 'is-apple-itunes-dying'],
      // The same post published twice a minute apart: two permalinks, so two posts.
      ['Hip-Hop Tribute to Metallica... WTF!?', '2006-02-15T22:45:00', 'hip-hop-tribute-to-metallica-wtf_15'],
      ['Hip-Hop Tribute to Metallica... WTF!?', '2006-02-15T22:45:00', 'hip-hop-tribute-to-metallica-wtf'],
      ['Build your own laser projector', '2006-02-15T20:04:00', 'build-your-own-laser-projector'],
      ['GroupBar - Microsoft Research', '2006-02-15T17:02:00', 'groupbar-microsoft-research'],
      ['Multi-Touch Interaction Research', '2006-02-14T18:57:00', 'multi-touch-interaction-research'],
      ['Study on e-mail points to problem with e-go', '2006-02-14T14:32:00', 'study-on-e-mail-points-to-problem-with'],
      ['Company requires RFID injection', '2006-02-12T19:28:00', 'company-requires-rfid-injection'],
      ['Toying with Interface Design', '2006-02-10T16:34:00', 'toying-with-interface-design'],
      ['43things.com - what are your dreams?', '2006-02-09T14:04:00', '43thingscom-what-are-your-dreams'],
      ['Redwood City 2006 Pictures', '2006-02-08T21:37:00', 'redwood-city-2006-pictures'],
      ['UI design, or lack thereof', '2006-02-07T00:07:00', 'ui-design-or-lack-thereof'],
      ['A few sunset pics from SF', '2006-02-06T22:23:00', 'few-sunset-pics-from-sf'],
      ['How not to be seen, Battlefield 2 style', '2006-02-03T19:41:00', 'how-not-to-be-seen-battlefield-2-style'],
      ['MemoryStick compatibility', '2006-02-01T16:21:00', 'memorystick-compatibility'],
    ] as const
  ).map(([title, date, slug]) => ({ title, date, author: 'Mike Austin', tags: [], excerpt: false, url: `${MIKE}${slug}.html` })),
  chrome: [
    'posted by Mike Austin', // post footers
    'Technology is like a double edged sword', // sidebar "About"
    'View my complete profile', // sidebar profile
    'Alesis Compressor/limiter', // sidebar "Previous" posts list
    'Atom Site Feed',
    'January 2005', // sidebar archive list
    'Current Posts',
  ],
};

/** Layouts-era Blogger single post page ("Silicon Exposed"), one date header, no comments. */
const SILICON = 'http://siliconexposed.blogspot.com/2016/05/open-verilog-flow-for-silego-greenpak4.html';
const SILICON_EXPOSED: HtmlPage = {
  file: 'html/blogger-layouts-post-en-readability.html',
  encoding: 'utf-8',
  base: SILICON, // canonical and og:url
  args: [],
  post: '.post-outer',
  body: '.post-body',
  title: '.post-title',
  chromeInBody: [],
  posts: [
    {
      title: 'Open Verilog flow for Silego GreenPak4 programmable logic devices',
      date: '2016-05-08T00:55:00-07:00',
      author: 'Andrew Zonenberg',
      tags: ['FPGA', 'Tools'],
      excerpt: false,
      url: SILICON,
    },
  ],
  chrome: [
    'Posted by', // post footer
    'Labels:',
    'Email This', // share buttons
    'Share to Twitter',
    'No comments:', // comments section
    'Post a Comment',
    'Older Post', // pager
    'Post Comments (Atom)',
    'Blog Archive', // sidebar widgets
    'Popular Posts',
    'Hardware Reverse Engineering',
  ],
};

/** Layouts-era Blogger year archive (wget mirror, links made relative), Spanish date headers, two untitled posts. */
const JORGE = 'http://jorgeelconstructor.blogspot.com/2013/';
const JORGE_2013: HtmlPage = {
  file: 'html/blogger-layouts-yeararchive-es-jorgeelconstructor-2013.html',
  encoding: 'utf-8',
  base: JORGE, // og:url (wget rewrote the canonical link to "index.html", the same folder)
  args: [],
  post: '.post-outer',
  body: '.post-body',
  title: '.post-title',
  link: '.timestamp-link',
  chromeInBody: [],
  posts: (
    [
      [null, '2013-10-12T11:04:00+02:00', '10/hola-buenas_12.html'],
      ['Google Proyect Glass', '2013-10-02T19:36:00+02:00', '10/google-proyect-glass.html'],
      ['VACACIONES', '2013-09-05T21:14:00+02:00', '09/vacaciones.html'],
      [null, '2013-07-22T19:56:00+02:00', '07/blog-post_22.html'],
      ['El coche', '2013-07-22T19:50:00+02:00', '07/blog-post.html'],
      ['La nube extraña', '2013-07-22T18:13:00+02:00', '07/la-nube-extrana.html'],
      ['¡FUEGO!', '2013-07-21T12:27:00+02:00', '07/fuego.html'],
      ['Horror', '2013-07-15T18:21:00+02:00', '07/horror.html'],
      ['Campamento!!!!!', '2013-07-14T16:02:00+02:00', '07/campamento.html'],
    ] as const
  ).map(([title, date, path]) => ({ title, date, author: 'Jorge el constructor', tags: [], excerpt: false, url: `${JORGE}${path}` })),
  chrome: [
    'Publicado por', // post footers
    'comentario', // "1 comentario:" links
    'Enviar por correo electrónico', // share buttons
    'Compartir con Twitter',
    'Que cosas me gustan', // header widget
    'Entradas antiguas', // pager
    'Bienvenido / a', // sidebar widgets
    'Archivo del blog',
    'Datos personales',
    'Ver todo mi perfil',
    'Con la tecnología de Blogger',
  ],
};

/** WordPress single post (WP Tavern, Stargazer theme) with Jetpack share/like/related blocks inside .entry-content and 13 Epoch comments. */
const WPTAVERN = 'https://wptavern.com/stack-overflow-jobs-data-shows-reactjs-skills-in-high-demand-wordpress-market-oversaturated-with-developers';
const WP_TAVERN: HtmlPage = {
  file: 'html/wordpress-post-en-wptavern-readability.html',
  encoding: 'utf-8',
  base: WPTAVERN, // canonical and og:url
  args: [],
  post: 'article.entry',
  body: '.entry-content',
  title: '.entry-title',
  chromeInBody: [
    { selector: '.sharedaddy', why: 'Jetpack "Share this:" buttons and "Like this:" widget, injected by the plugin into .entry-content' },
    { selector: '#jp-relatedposts', why: 'Jetpack "Related" posts block (other posts\' titles and excerpts), injected into .entry-content' },
    { selector: '#epoch-width-sniffer', why: 'empty layout probe of the Epoch comments plugin' },
  ],
  posts: [
    {
      title: 'Stack Overflow Jobs Data Shows ReactJS Skills in High Demand, WordPress Market Oversaturated with Developers',
      date: '2017-03-09T18:16:02-04:00',
      author: 'Sarah Gooding',
      tags: ['jobs', 'stack overflow'],
      categories: ['News'],
      excerpt: false,
      url: WPTAVERN,
    },
  ],
  chrome: [
    'Share this:', // Jetpack blocks inside .entry-content
    'Like this:',
    'Stack Overflow Documentation is Now in Beta', // a related post's title
    'Posted in', // entry footer
    'Comment Policy', // nav menu
    'Previous Post: Google Launches Invisible reCAPTCHA', // post navigation
    'Currently On Tap', // sidebar widgets
    'Recent Comments',
    'Subscribe to Blog via Email',
    'Copyright © 2017 WordPress Tavern',
    'There are 13 comments', // comments section
    'I would not be so busy', // comment texts
    'Why doesn’t WordPress have some kind of certification system',
    'Were you volunteering to help design the tests',
  ],
};

/** Ghost 3.99 post: no blog-engine classes; JSON-LD, Open Graph and a .post-content element that ends with a tag list and share bar. */
const PUBLIKUM = 'https://publikum.net/japan-und-die-hpv-impfungen/';
const GHOST_PUBLIKUM: HtmlPage = {
  file: 'html/ghost-post-de-publikum.html',
  encoding: 'utf-8',
  base: PUBLIKUM, // canonical and og:url
  args: [],
  post: '.single-post-wrap',
  body: '.post-content',
  title: 'h1.title',
  chromeInBody: [
    { selector: '.tag-wrap', why: 'the post\'s tag list ("Impfen") repeated under the text by the theme' },
    { selector: '.share-wrap', why: 'share bar ("Teile diesen Artikel auf:" Facebook, Twitter, Linkedin, Whatsapp)' },
  ],
  posts: [
    {
      title: 'Japan und die HPV-Impfungen',
      // article:published_time and JSON-LD datePublished (the header shows "30. Juli 2023, 18:55 Uhr", Berlin summer time: the same instant).
      date: '2023-07-30T16:55:45Z',
      author: 'Der Spendenteddy',
      tags: ['Impfen'],
      excerpt: false,
      url: PUBLIKUM,
    },
  ],
  chrome: [
    'Digitalisierung', // nav menu
    'Literarisches',
    'Dein Dashboard',
    'Nutzungsbedingungen', // footer
    'Impressum',
    'Teile diesen Artikel auf', // share bar inside .post-content
    'Kommentare', // comments section
    'Werde teil der Community', // call to action
    'Schreibe jetzt einen Artikel',
  ],
};

/** Tumblr text post: a bare theme (tables, no entry classes); the date only in JSON-LD. */
const MCUPDATE = 'http://mcupdate.tumblr.com/post/96439224994/minecraft-18-the-bountiful-update';
const TUMBLR_MCUPDATE: HtmlPage = {
  file: 'html/tumblr-post-en-readability.html',
  encoding: 'utf-8',
  base: MCUPDATE, // canonical and og:url
  args: [],
  post: '#posts > .post',
  body: '',
  title: 'h3',
  link: 'h3 a',
  chromeInBody: [{ selector: 'h3', why: 'the post\'s title heading, first in the post element: it is the title, not body text' }],
  posts: [
    {
      title: 'Minecraft 1.8 - The Bountiful Update',
      date: '2014-09-02T08:35:27-04:00', // JSON-LD datePublished; the theme shows no date
      // The page shows no author; its JSON-LD says "mcupdate" (the blog's name): either is fine.
      tags: [],
      excerpt: false,
      url: MCUPDATE,
    },
  ],
  chrome: [
    'Minecraft News', // blog title heading
    'Powered by Tumblr',
    'Official links:', // sidebar
    'Try our other games!',
    'Community links:',
    'Account Support',
    'Mojang on Twitter',
  ],
};

/** 1C-Bitrix blog listing, windows-1251: 20 summaries with day blocks ("17 / февраля / 2016"), tags, share and comment links. */
const STREETSTORM = 'http://www.streetstorm.ru/blog/';
const STREETSTORM_LISTING: HtmlPage = {
  file: 'html/blog-index-ru-cp1251-streetstorm.html',
  encoding: 'windows-1251',
  base: STREETSTORM, // the page names no URL of its own: given with --base-url
  args: ['--base-url', STREETSTORM],
  post: '.post-block',
  body: '.text-box',
  title: '.title-post h2',
  link: '.title-post a',
  chromeInBody: [],
  posts: (
    [
      ['Докажи, что ты мужик и выиграй видеорегистратор!', '2016-02-17', 'dokazhi_chto_ty_muzhik_i_vyigray_videoregistrator', ['Новости', 'Акции']],
      ['Обновление ПО для CVR-A78710-G и CVR-A7810-G PRO (7.0.1)', '2016-02-03', 'obnovlenie_po_dlya_cvr_a78710_g_i_cvr_a7810_g_pro_7_0_1', ['Новости', 'Обновление ПО', 'Видеорегистраторы']],
      ['Новогодний конкурс: выиграйте лучшие модели Street Storm за репост!', '2015-12-18', 'novogodniy_konkurs_vyigrayte_luchshie_modeli_street_storm_za_repost', ['Новости', 'Акции', 'Радар-детекторы', 'Видеорегистраторы']],
      ['Две камеры в одном корпусе', '2015-12-09', 'dve_kamery_v_odnom_korpuse', ['Новости', 'Видеорегистраторы']],
      ['Обновление ПО для детекторов с модулем ГЛОНАСС', '2015-12-09', 'obnovlenie_po_dlya_detektorov_s_modulem_glonass', ['Новости', 'Радар-детекторы', 'Обновление ПО']],
      ['Новый флагман «N» серии с сенсором SONY', '2015-12-08', 'novyy_flagman_n_serii_s_sensorom_sony', ['Новости', 'Видеорегистраторы']],
      ['Обновление ПО для STR-9350EX', '2015-11-24', 'obnovlenie_po_dlya_str_9350ex', ['Новости', 'Радар-детекторы', 'Обновление ПО']],
      ['Обновление ПО для STR-GP One и STR-GPS UNI', '2015-11-23', 'obnovlenie_po_dlya_str_gp_one_i_str_gps_uni', ['Новости', 'Радар-детекторы', 'Обновление ПО']],
      // The page's title has two spaces before "уже".
      ['STR-GP One BT уже в продаже!', '2015-11-17', 'str_gp_one_bt_uzhe_v_prodazhe', ['Новости', 'Радар-детекторы']],
      ['«Как я провожу время в пробке» (конкурс)', '2015-11-02', 'kak_ya_provozhu_vremya_v_probke_konkurs', ['Новости', 'Акции']],
      ['Новая версия ПО для обновления радар-детекторов', '2015-10-30', 'novaya_versiya_po_dlya_obnovleniya_radar_detektorov', ['Новости', 'Радар-детекторы', 'Обновление ПО']],
      // Written "и&#774;" (и + combining breve) in the page: the same "й" once normalised (NFC).
      ['Двухкамерный флагман с матрицами SONY', '2015-10-13', 'dvukhkamernyi_flagman_s_matritsami_sony', ['Новости', 'Видеорегистраторы']],
      ['Выиграйте видеорегистратор за репост!', '2015-09-14', 'vyigrayte_videoregistrator_za_repost', ['Новости', 'Видеорегистраторы', 'Акции']],
      ['STR-9540EX GL с ГЛОНАСС', '2015-09-10', 'str_9540ex_gl_s_glonass', ['Новости', 'Радар-детекторы']],
      // The page's title has a raw control byte 0x03 before " STR": invisible, not part of the title.
      ['Отличный и технологичный STR-7100EXT', '2015-09-09', 'otlichnyy_i_tekhnologichnyy_str_7100ext', ['Новости', 'Радар-детекторы']],
      ['Какой способ получить радар-детектор — самый простой? (конкурс)', '2015-09-01', 'kakoy_sposob_poluchit_radar_detektor_samyy_prostoy', ['Новости', 'Радар-детекторы', 'Видеорегистраторы', 'Акции']],
      ['Высокое качество по доступной цене', '2015-09-01', 'vysokoe_kachestvo_po_dostupnoy_tsene', ['Новости', 'Видеорегистраторы']],
      ['Street Storm на «Интеравто-2015»', '2015-08-19', 'street_storm_na_interavto_2015', ['Новости', 'Видеорегистраторы', 'Радар-детекторы']],
      ['Премиум комбо от Street Storm', '2015-05-25', 'premium_kombo_ot_street_storm', ['Новости', 'Радар-детекторы', 'Видеорегистраторы', 'Комбо-устройства']],
      ['«Шторм с Wi-Fi»', '2015-05-18', 'shtorm_s_wi_fi', ['Новости', 'Видеорегистраторы']],
    ] as const
  ).map(([title, date, slug, tags]) => ({ title, date, author: null, tags: [...tags], excerpt: true, url: `${STREETSTORM}${slug}/` })),
  chrome: [
    'Корпоративный блог StreetStorm', // heading
    'Подписаться на новости компании StreetStorm', // header forms
    'Забыли пароль?',
    'Читать комментарии', // per-post comment links
    'Tags:', // per-post tag boxes
    'Все записи', // tag filter sidebar
    'Обзоры прессы',
    'Начало | Пред.', // pagination
    'Мы в социальных сетях', // footer
    'Стать нашим дилером',
    'Сделано в ITserW',
  ],
};

export const HTML_PAGES: readonly HtmlPage[] = [MIKEAUSTIN, SILICON_EXPOSED, JORGE_2013, WP_TAVERN, GHOST_PUBLIKUM, TUMBLR_MCUPDATE, STREETSTORM_LISTING];

/** The 13 comments shown under the WP Tavern post: comment number, author, when (as shown, local), the comment it answers (by nesting). */
export const WP_TAVERN_COMMENTS: readonly { id: string; author: string; date: string; replyTo?: string }[] = [
  { id: '215101', author: 'Sallie Goetsch (rhymes with sketch)', date: '2017-03-10T00:20' },
  { id: '215114', author: 'Rarst', date: '2017-03-10T01:26' },
  { id: '215125', author: 'Barry Kooij', date: '2017-03-10T02:56', replyTo: '215114' },
  { id: '215173', author: 'Ahmad Awais', date: '2017-03-10T11:55', replyTo: '215125' },
  { id: '215254', author: 'Barry Kooij', date: '2017-03-13T06:30', replyTo: '215173' },
  // No website: the name is plain text beside the avatar, not a link.
  { id: '215219', author: 'Ammon', date: '2017-03-11T20:41', replyTo: '215114' },
  { id: '215302', author: 'Ashiquzzaman', date: '2017-03-14T07:36', replyTo: '215114' },
  { id: '215128', author: 'djsteveb', date: '2017-03-10T03:19' },
  { id: '215138', author: 'Slava Abakumov', date: '2017-03-10T04:51', replyTo: '215128' },
  { id: '215176', author: 'Rick Rottman', date: '2017-03-10T14:18' },
  { id: '215180', author: 'Sallie Goetsch', date: '2017-03-10T15:50', replyTo: '215176' },
  { id: '215186', author: 'Rick Rottman', date: '2017-03-10T18:16', replyTo: '215180' },
  { id: '215190', author: 'Sallie Goetsch (rhymes with sketch)', date: '2017-03-10T23:43', replyTo: '215186' },
];
/** Words of the second comment (Rarst's), to find in the comments data file. */
export const WP_TAVERN_COMMENT_TEXT = 'many people who self–identify themselves as WordPress “developers” might be in “site builder” segment';

// ------------------------------------------------------------------------------------------------
// Reading a page the suite's way.

/** A title as a reader sees it: Unicode NFC, control characters dropped, white space collapsed. */
export function visibleTitle(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
}

export interface SourcePost {
  /** The body element's HTML, page chrome inside it removed. */
  html: string;
  /** Its visible text, white space collapsed. */
  text: string;
  /** The title element's text (visibleTitle), '' when the container has none. */
  title: string;
  /** The permalink the container gives (resolved against the page's base), else the base itself. */
  url?: string;
}

export interface SourcePage {
  spec: HtmlPage;
  $: CheerioAPI;
  posts: SourcePost[];
  /** Visible text of the whole page outside every post body element (chrome), collapsed. */
  chromeText: string;
}

export function readSourcePage(corpus: string, spec: HtmlPage): SourcePage {
  const $ = load(iconv.decode(readFileSync(join(corpus, spec.file)), spec.encoding));
  const containers = $(spec.post).toArray() as Element[];
  const posts: SourcePost[] = containers.map((container) => {
    const bodyEl = spec.body ? $(container).find(spec.body).first() : $(container);
    const body = bodyEl.clone();
    for (const { selector } of spec.chromeInBody) body.find(selector).remove();
    const html = body.html() ?? '';
    const href = spec.link ? $(container).find(spec.link).first().attr('href') : undefined;
    const url = href ? new URL(href, spec.base ?? 'http://base.invalid/').href : spec.base;
    return {
      html,
      text: sourceText(html).replace(/\s+/g, ' ').trim(),
      title: spec.title ? visibleTitle($(container).find(spec.title).first().text()) : '',
      ...(url ? { url } : {}),
    };
  });
  // The chrome: the page without its post body elements.
  const rest = load($.html());
  rest('script, style, noscript, template').remove();
  rest(spec.body ? `${spec.post} ${spec.body}` : spec.post).each((_, el) => {
    const kept = rest(el);
    // The body element minus its chrome goes; the chrome inside it stays (it is chrome).
    const chrome = spec.chromeInBody.map(({ selector }) => kept.find(selector).clone());
    kept.empty();
    for (const c of chrome) kept.append(c);
  });
  const chromeText = sourceText(rest('body').html() ?? '').replace(/\s+/g, ' ');
  return { spec, $, posts, chromeText };
}
