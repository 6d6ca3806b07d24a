import fc from 'fast-check';
import { z } from 'zod';

/**
 * Inputs for a call of the contract, from its zod schema (through zod's JSON Schema): values that
 * fit the schema's shape, the same values with one place made hostile, and anything at all. A
 * property test then checks every one gets a valid answer or a typed error.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
};

/** Strings a careless user or an attacker sends: invisible, ill-formed, reversed, huge, markup. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  '\u200B\u200C\u200D',
  'Ana\u202Egpj.exe',
  'An\uD800a',
  '\uDC00',
  '\u0301',
  'e\u0301\u0301\u0301',
  '😀👩‍👩‍👧',
  'İıſK',
  "'; DROP TABLE customers; --",
  '"quoted" OR 1=1',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%ZZ%00',
  'NEAR(a b)* "',
  '1234',
  '////',
  '\r\n\t',
  'x'.repeat(10_000),
  'é'.repeat(300_000),
];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.constantFrom(null, true, false, 0, -1, -0, 1.5, 2 ** 53, -(2 ** 53), 1e308, [], {}, [[[[[]]]]], { a: { b: { c: {} } } }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Keys that are not in the contract, some of them special to JavaScript objects. */
const strangeKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'toString', '', 'ä'), fc.string({ maxLength: 12 }));

/** Values the store holds, by property name (customerId, itemId…): so fitting inputs also hit real things. */
export type Known = Record<string, readonly string[]>;

function fromSchema(s: JsonSchema, known: Known = {}): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, known)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const properties = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const model = Object.fromEntries(
        Object.entries(properties).map(([k, v]) => [k, known[k]?.length ? fc.oneof(fromSchema(v, known), fc.constantFrom(...known[k])) : fromSchema(v, known)]),
      );
      return fc.record(model, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
    }
    case 'array':
      return fc.array(s.items ? fromSchema(s.items, known) : fc.jsonValue({ maxDepth: 1 }), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, Math.max(4, s.minItems ?? 0)) });
    case 'string': {
      if (s.format === 'uuid') return fc.uuid();
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? Infinity) && v.length >= (s.minLength ?? 0));
      return fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) });
    }
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Replaces one place of a value (a field, an element, or the whole) with a hostile value, or adds a key. */
function mutate(value: unknown): fc.Arbitrary<unknown> {
  const places: (string | number)[][] = [[]];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (Array.isArray(v)) v.forEach((item, i) => (places.push([...path, i]), walk(item, [...path, i])));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) (places.push([...path, k]), walk(item, [...path, k]));
  };
  walk(value, []);
  return fc.tuple(fc.constantFrom(...places), hostileValue, fc.boolean(), strangeKey).map(([path, replacement, addKey, key]) => {
    const copy: unknown = structuredClone(value);
    if (path.length === 0) return addKey && copy && typeof copy === 'object' && !Array.isArray(copy) ? withKey(copy, key, replacement) : replacement;
    let parent = copy as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    const last = path.at(-1)!;
    const target = parent[last];
    if (addKey && target && typeof target === 'object' && !Array.isArray(target)) parent[last] = withKey(target, key, replacement);
    else parent[last] = replacement;
    return copy;
  });
}

/** A key set as an own property, `__proto__` included (as JSON.parse would). */
function withKey(target: object, key: string, value: unknown): object {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

/** Inputs for one call: fitting its schema, mutated, or anything; each as it arrives over the wire (JSON). */
export function inputsFor(schema: z.ZodType, known: Known = {}): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const fitting = fromSchema(json, known);
  return fc
    .oneof({ weight: 3, arbitrary: fitting }, { weight: 4, arbitrary: fitting.chain(mutate) }, { weight: 1, arbitrary: hostileValue })
    .map((v) => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as unknown)));
}
