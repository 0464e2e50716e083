import { BlogportError } from '../model/errors.js';
import { astro } from './astro.js';
import { eleventy } from './eleventy.js';
import { hugo } from './hugo.js';
import { jekyll } from './jekyll.js';
import type { Layout, LayoutName } from './layout.js';
import { plain } from './plain.js';
import { SlugRegistry } from './slug.js';

export type { Field, FieldContext, Layout, LayoutName, LayoutOptions } from './layout.js';
export { FrontMatterDate, renderDocument, stringifyFrontMatter } from './frontMatter.js';
export { slugify, SlugRegistry } from './slug.js';

/** Every layout, by name. `plain` is the default. */
export const layouts: Record<LayoutName, Layout> = { plain, hugo, jekyll, eleventy, astro };

/** Layout names in the order shown in --help; the first is the default. */
export const layoutNames = ['plain', 'hugo', 'jekyll', 'eleventy', 'astro'] as const satisfies readonly LayoutName[];

export const DEFAULT_LAYOUT: LayoutName = 'plain';

export function isLayoutName(name: string): name is LayoutName {
  return Object.hasOwn(layouts, name);
}

/** The layout called `name`, or a BAD_OPTION error listing the choices. */
export function getLayout(name: string): Layout {
  if (!isLayoutName(name)) {
    throw new BlogportError('BAD_OPTION', `unknown layout ${JSON.stringify(name)}`, undefined, `use one of ${layoutNames.join(', ')}`);
  }
  return layouts[name];
}

/** A SlugRegistry with the layout's reserved names already taken. */
export function createSlugRegistry(layout: Layout, options: { maxLength?: number } = {}): SlugRegistry {
  const registry = new SlugRegistry(options);
  for (const [scope, slugs] of Object.entries(layout.reservedSlugs ?? {})) {
    for (const slug of slugs) registry.reserve(slug, scope);
  }
  return registry;
}
