/**
 * Characters PostgreSQL cannot store in text or jsonb (NUL) and UTF-16 halves that JSON would
 * carry as an unpaired escape (which jsonb refuses too).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function isStorableText(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  return !UNSTORABLE.test(text);
}

/** The text without what cannot be stored (for input we accept as it comes, like email). */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '');
}

/** At most `max` UTF-16 units, never cutting a surrogate pair in half, ending with `marker`. */
export function truncateText(text: string, max: number, marker = ''): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - marker.length);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}${marker}`;
}
