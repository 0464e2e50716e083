// The least an Eleventy site needs to build blogport's output (layout `eleventy`).
export default function (eleventyConfig) {
  // Every page gets the one layout (a real site sets it per folder in a directory data file).
  eleventyConfig.addGlobalData('layout', 'base.liquid');
  eleventyConfig.addFilter('isoDate', (date) => new Date(date).toISOString());
  // Old URLs (front matter `aliases`) of every published page, for redirects.liquid.
  eleventyConfig.addCollection('redirects', (collectionApi) =>
    collectionApi
      .getAll()
      .filter((item) => item.url)
      .flatMap((item) => (item.data.aliases ?? []).map((from) => ({ from, to: item.url }))),
  );
}
