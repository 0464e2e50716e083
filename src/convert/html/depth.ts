/**
 * A limit on how deep markup nests. Real pages stay within a few dozen levels; thousands of
 * unclosed `<div>`s or `<b>`s are a paste accident or an attack, and every recursive step
 * downstream (selectors, cleanup rules, the Markdown writer) would take seconds to minutes on
 * them or overflow the stack. Browsers stop nesting too (Blink at 512 levels) and show deeper
 * markup flattened; here, below the limit, elements that hold something are unwrapped: their
 * text, images and line breaks stay, in order, one level under the limit.
 */
import type { ChildNode, ParentNode } from 'domhandler';
import { isElement, noteElementEdit } from './dom.js';

/** Levels of nesting kept; deeper elements with content are unwrapped. */
export const MAX_NESTING = 256;

/**
 * Flatten everything nested deeper than `maxDepth` under `root` (iteratively: no recursion to
 * overflow). Returns how many elements were unwrapped (0 for any ordinary page).
 */
export function flattenDeepNesting(root: ParentNode, maxDepth = MAX_NESTING): number {
  let unwrapped = 0;
  const stack: [ParentNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth >= maxDepth) {
      if (node.children.some((child) => isElement(child) && child.children.length > 0)) {
        const flat: ChildNode[] = [];
        const pending: ChildNode[] = [...node.children].reverse();
        while (pending.length > 0) {
          const child = pending.pop()!;
          if (isElement(child) && child.children.length > 0) {
            unwrapped++;
            for (let i = child.children.length - 1; i >= 0; i--) pending.push(child.children[i]!);
          } else {
            flat.push(child);
          }
        }
        // The unwrapped elements are dropped with their old links; what they held moves up.
        node.children = flat;
        noteElementEdit();
        flat.forEach((child, i) => {
          child.parent = node;
          child.prev = flat[i - 1] ?? null;
          child.next = flat[i + 1] ?? null;
        });
      }
      continue;
    }
    for (const child of node.children) {
      if (isElement(child) || child.type === 'root') stack.push([child as ParentNode, depth + 1]);
    }
  }
  return unwrapped;
}
