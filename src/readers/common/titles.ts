/** How many words a derived title keeps: enough to recognise the post, short enough for a slug. */
const TITLE_WORDS = 8;
const TITLE_CHARS = 70;

/**
 * A title for a post that has none, from its first words. The post is flagged `titleDerived`
 * so the user can find and fix these; "Untitled" only when there are no words at all.
 */
export function deriveTitle(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  let title = '';
  for (const word of words.slice(0, TITLE_WORDS)) {
    const next = title ? `${title} ${word}` : word;
    if (next.length > TITLE_CHARS) break;
    title = next;
  }
  if (!title && words[0]) title = words[0].slice(0, TITLE_CHARS);
  title = title.replace(/[\s,;:–—-]+$/u, '');
  if (!title) return 'Untitled';
  return title.length < words.join(' ').length ? `${title}…` : title;
}
