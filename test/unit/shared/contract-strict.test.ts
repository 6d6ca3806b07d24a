import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callNames, calls } from '../../../src/shared/contract';

/**
 * Every object a call takes must be strict, however deep: an unknown key is refused, never
 * dropped unsaid (`acceptance.role` passed while a top-level extra key was refused). zod 4 keeps a
 * schema's definition in `_zod.def`: an object's `catchall` is a ZodNever when it is strict
 * (z.strictObject, .strict()), undefined when it strips unknown keys, ZodUnknown when it passes them.
 */
type Def = { type: string; catchall?: unknown; shape?: Record<string, unknown>; getter?: () => unknown } & Record<string, unknown>;
const defOf = (schema: unknown): Def | null =>
  typeof schema === 'object' && schema !== null && '_zod' in schema ? (schema as { _zod: { def: Def } })._zod.def : null;

/** The objects inside a schema (by path) and which of them let unknown keys through. */
function walk(schema: unknown, path: string, found = { objects: [] as string[], loose: [] as string[] }, seen = new Set<unknown>()) {
  const def = defOf(schema);
  if (!def || seen.has(schema)) return found;
  seen.add(schema);
  if (def.type === 'object') {
    found.objects.push(path);
    if (defOf(def.catchall)?.type !== 'never') found.loose.push(path);
    for (const [key, child] of Object.entries(def.shape ?? {})) walk(child, `${path}.${key}`, found, seen);
  }
  if (def.type === 'lazy' && def.getter) walk(def.getter(), path, found, seen);
  // Everything else that holds schemas: optional/nullable/default (innerType), array (element),
  // union (options), pipe (in, out), record (keyType, valueType), intersection (left, right), tuple…
  for (const [key, child] of Object.entries(def)) {
    if (key === 'shape' || key === 'catchall' || key === 'checks') continue;
    for (const item of Array.isArray(child) ? child : [child]) walk(item, key === 'element' ? `${path}[]` : path, found, seen);
  }
  return found;
}

describe('the contract takes strict objects only', () => {
  it('finds a loose object however deep it sits (the check itself)', () => {
    const sample = z.strictObject({
      a: z.array(z.strictObject({ b: z.object({ c: z.string() }).optional() })),
      d: z.union([z.strictObject({ e: z.literal(1) }), z.object({ e: z.literal(2) }).passthrough()]),
      f: z.string().transform((v) => v.length).pipe(z.number()),
      g: z.discriminatedUnion('k', [z.strictObject({ k: z.literal('x'), h: z.object({}).strict().nullable() })]).default({ k: 'x', h: null }),
    });
    expect(walk(sample, 'sample').loose.sort()).toEqual(['sample.a[].b', 'sample.d']);
  });

  it('every call\u2019s input, nested objects included', () => {
    const all = callNames.map((name) => ({ name, ...walk(calls[name].input, name) }));
    // The walk reaches the nested ones (acceptance, the new customer's company, contact, mca, …).
    const objects = all.flatMap((c) => c.objects);
    expect(objects).toEqual(expect.arrayContaining(['confirmAcceptance.acceptance', 'createCustomer.company', 'createCustomer.mca', 'editNewCustomer.customer.mca.request', 'importQueue.rows[]']));
    expect(all.flatMap((c) => c.loose)).toEqual([]);
  });
});
