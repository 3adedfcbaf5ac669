const MAX_WORDS = 64;

/**
 * A `to_tsquery` text that matches any of the words of `text` (`printer | offline | queue`).
 * Only letters and digits survive, so nothing the user typed can reach the tsquery syntax
 * (`&`, `!`, `:*`, quotes...); returns undefined when no word is left.
 */
export function anyWordQuery(text: string): string | undefined {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2 && word.length <= 40);
  const distinct = [...new Set(words)].slice(0, MAX_WORDS);
  return distinct.length > 0 ? distinct.join(' | ') : undefined;
}
