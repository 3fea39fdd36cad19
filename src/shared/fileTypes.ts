/** Raster images: they run no script, so the kit shows them as thumbnails and opens them large. */
const RASTER = /^image\/(?:png|jpe?g|pjpeg|gif|webp|avif|bmp)$/;
/** Types a browser would run or render as a document with script (SVG, HTML, XML, JavaScript). */
const ACTIVE_TYPE = /svg|html|xml|script/;
const ACTIVE_NAME = /\.(?:svgz?|x?html?|xht|xml|xsl|m?js|mht(?:ml)?)$/i;

const mediaType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/**
 * True for a file the kit may show as an `<img>` thumbnail and open large:
 * a raster type whose name does not claim an active type.
 * @example isPreviewableImage('image/png', 'shot.png') // true
 * @example isPreviewableImage('image/svg+xml', 'logo.svg') // false
 */
export const isPreviewableImage = (contentType: string, filename = '') =>
  RASTER.test(mediaType(contentType)) && !ACTIVE_NAME.test(filename);

/**
 * True for a file that must only ever be downloaded, never opened in a tab:
 * SVG, HTML, XML, scripts (by type or by name).
 * @example isActiveFile('image/svg+xml', 'logo.svg') // true
 */
export const isActiveFile = (contentType: string, filename = '') =>
  ACTIVE_TYPE.test(mediaType(contentType)) || ACTIVE_NAME.test(filename);
