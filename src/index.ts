// The public API of blogport. Re-exports only: every name here is a promise to library users,
// pinned by test/index.test.ts.
export { readArchive, readers, detectReader } from './readers/index.js';
export type { ReadArchiveOptions } from './readers/index.js';
export type { Reader, ReaderInput, ReadOptions, AlbumFiles, AlbumFile } from './readers/reader.js';
export { inputFromBytes } from './readers/input.js';
export { readPageBytes } from './readers/html/pageWork.js';
export type { PageJob, PageOutcome, PageSighting, PageNote } from './readers/html/pageWork.js';
export { textToMarkdown } from './convert/textToMarkdown.js';
export { toMarkdown } from './layouts/toMarkdown.js';
export type { ToMarkdownOptions } from './layouts/toMarkdown.js';
export { layouts, layoutNames } from './layouts/index.js';
export type { Layout, LayoutName } from './layouts/index.js';
export { convert } from './write/convert.js';
export { optionTable } from './options.js';
export type { ConvertOptions, Progress, AssetsMode, AssetNetworkOptions } from './options.js';
export type { AssetFetch, AssetRequestInit, AssetResponse } from './write/assets/http.js';
export type { LookupFunction } from './write/assets/guard.js';
export { BlogportError } from './model/errors.js';
export type { ErrorCode } from './model/errors.js';
export { exitCodeOf } from './model/report.js';
export type { Report, PostReport, InputReport, PostStatus, AssetReport, AssetCounts, AssetStatus, LinksReport, RedirectsReport } from './model/report.js';
export type { RedirectFormatName } from './write/redirects.js';
export type { Post, PostDate, PostBody, Comment, PostWarning, SourceRef } from './model/post.js';
