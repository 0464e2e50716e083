// Redirect pages at the old URLs listed in front matter `redirect_from`. An endpoint, so that
// `/2019/05/post.html` is written as that very file rather than as a folder.
import { entries } from '../lib/entries.js';

export async function getStaticPaths() {
  const posts = (await entries('blog')).map((entry) => ({ entry, url: `/blog/${entry.id}/` }));
  const pages = (await entries('pages')).map((entry) => ({ entry, url: `/${entry.id}/` }));
  return [...posts, ...pages].flatMap(({ entry, url }) =>
    entry.data.redirect_from.map((from) => ({
      params: { old: from.replace(/^\/+/, '').replace(/\/$/, '/index.html') },
      props: { to: url },
    })),
  );
}

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function GET({ props }) {
  const to = escapeHtml(props.to);
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Redirecting…</title><link rel="canonical" href="${to}"><meta http-equiv="refresh" content="0; url=${to}"></head><body><a href="${to}">${to}</a></body></html>`;
  return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}
