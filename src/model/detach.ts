/**
 * A copy of `text` that shares no memory with the string it was cut from.
 *
 * V8 represents `slice`, `trim`, `split` and regex-group results as views into their parent
 * string. A title cut from a decoded 1 MB chunk would keep the whole chunk alive for as long as
 * the title lives — and titles live in the report until the end of the run, so memory would
 * grow with the size of the archive. Round-tripping through UTF-8 bytes gives a fresh string.
 */
export function detach(text: string): string {
  return text.length === 0 ? '' : Buffer.from(text, 'utf8').toString('utf8');
}
