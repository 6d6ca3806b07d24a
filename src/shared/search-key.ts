/** Letters that do not decompose into a base letter plus a mark, mapped as people type them. */
const FOLD: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th' };

/**
 * A name as an operator would type it: compatibility-normalised, accents removed, lower-case.
 * "Société Générale" → "societe generale", "Łódź" → "lodz". Used for both the stored key and the
 * query, so prefix matching is accent- and case-insensitive.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđħßæœıþ]/g, (c) => FOLD[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}
