/** Small, fast, seeded PRNG (mulberry32) and helpers. Deterministic for a given seed. */
import { createHash } from 'node:crypto';
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with an index into an independent 32-bit seed (for lazily generated details). */
export function mixSeed(seed: number, index: number, salt = 0): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13) ^ salt, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from empty list');
  return item;
}

export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

const HEX = '0123456789abcdef';

const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const bh = (n: number) => BYTE_HEX[n & 0xff] as string;

/** A version-4-shaped GUID drawn from the PRNG (4 draws of 32 bits). */
export function guid(rng: Rng): string {
  const a = (rng() * 4294967296) >>> 0;
  const b = (rng() * 4294967296) >>> 0;
  const c = (rng() * 4294967296) >>> 0;
  const d = (rng() * 4294967296) >>> 0;
  return bh(a >>> 24) + bh(a >>> 16) + bh(a >>> 8) + bh(a) + '-' + bh(b >>> 24) + bh(b >>> 16) + '-'
    + bh(((b >>> 8) & 0x0f) | 0x40) + bh(b) + '-' + bh(((c >>> 24) & 0x3f) | 0x80) + bh(c >>> 16) + '-'
    + bh(c >>> 8) + bh(c) + bh(d >>> 24) + bh(d >>> 16) + bh(d >>> 8) + bh(d);
}

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ASCII slug: strips diacritics and a few letters NFD does not decompose. */
export function asciiSlug(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return text
    .replace(/[łŁ]/g, 'l')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[đĐ]/g, 'd')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** A stable version-4-shaped GUID derived from a text (SHA-256), for ids that must not change between runs. */
export function hashGuid(text: string, variant: '8' | 'a' = '8'): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
