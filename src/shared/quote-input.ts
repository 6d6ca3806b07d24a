/**
 * What the operator (or a caller) typed, quoted back in a message: at most `max` characters, cut
 * with an ellipsis, and with invisible, control and broken characters shown as "�" so a quoted id
 * cannot reorder or hide the sentence around it. The one way errors quote input: an unknown id of
 * 900 KB must not come back whole.
 */
export function quoteInput(text: string, max = 80): string {
  let cut = text.length > max ? text.slice(0, max - 1) : text;
  // Never end on the first half of a surrogate pair the cut split.
  if (cut.length < text.length && /[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const shown = cut.replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '\uFFFD');
  return cut.length < text.length ? `${shown}…` : shown;
}

/** A few items of a long list, and how many were left out (0: none). */
export function firstFew<T>(items: readonly T[], max = 5): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}
