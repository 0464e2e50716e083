// Content collections for blogport's output: the blog starter's `blog` schema plus the fields
// blogport adds (author, tags, draft, redirect_from), its `pages`, and comments as data.
import { existsSync, readdirSync } from 'node:fs';
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const entry = z.object({
  title: z.string(),
  description: z.string(),
  pubDate: z.coerce.date(),
  updatedDate: z.coerce.date().optional(),
  heroImage: z.string().optional(),
  author: z.string().optional(),
  tags: z.array(z.string()).default([]),
  draft: z.boolean().default(false),
  redirect_from: z.array(z.string()).default([]),
});

const comment = z.object({
  id: z.string(),
  author: z.string().optional(),
  author_url: z.string().optional(),
  date: z.coerce.date().optional(),
  reply_to: z.string().optional(),
  body: z.string(),
});

// Astro warns about a collection whose folder is missing or empty (a blog without pages or
// comments), so those two are defined only when blogport wrote files for them.
const hasFiles = (folder, extension) =>
  existsSync(folder) && readdirSync(folder, { recursive: true }).some((name) => String(name).endsWith(extension));

export const collections = {
  blog: defineCollection({ loader: glob({ base: './src/content/blog', pattern: '**/*.md' }), schema: entry }),
  ...(hasFiles('./src/content/pages', '.md') && {
    pages: defineCollection({ loader: glob({ base: './src/content/pages', pattern: '**/*.md' }), schema: entry }),
  }),
  ...(hasFiles('./src/content/comments', '.json') && {
    comments: defineCollection({ loader: glob({ base: './src/content/comments', pattern: '**/*.json' }), schema: z.array(comment) }),
  }),
};
