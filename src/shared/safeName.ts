// Bidi formatting characters (embeddings, overrides, isolates, marks): in a
// file name they reorder what is shown, so `invoice\u202Efdp.exe` reads
// "invoiceexe.pdf". Each becomes a visible U+FFFD, so the real order shows.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Invisible characters that hide or fake where a name breaks.
const INVISIBLE = /[\u00ad\u180e\u200b\u2060-\u2064\ufeff]/g;
// Joiners do real work between letters (Persian, Indic scripts) and inside
// emoji sequences; anywhere else they are invisible padding.
const STRAY_JOINER =
  /(?<![\p{L}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f])[\u200c\u200d]|[\u200c\u200d](?![\p{L}\p{M}\p{Extended_Pictographic}])/gu;

/**
 * A file name as it may be shown: bidi controls made visible (U+FFFD), zero-width
 * characters removed, so a name cannot disguise its extension. For display and
 * accessible names only; uploads and downloads keep the original.
 * @example
 * safeName('invoice\u202Efdp.exe'); // 'invoice\uFFFDfdp.exe'
 */
export const safeName = (name: string): string => name.replace(BIDI, '\ufffd').replace(INVISIBLE, '').replace(STRAY_JOINER, '');

/**
 * A ticket title as it may be shown: bidi controls and zero-width characters
 * removed (a title has `dir="auto"`, so it needs no marks of its own), so a
 * subject cannot reorder or hide part of itself.
 */
export const safeTitle = (title: string): string => title.replace(BIDI, '').replace(INVISIBLE, '').replace(STRAY_JOINER, '');
