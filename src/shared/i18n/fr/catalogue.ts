/**
 * The shape a French file must have: exactly the keys of its English file, each a string. Used as
 * `{ … } satisfies CatalogueOf<typeof en>`, a key missing in French or one English does not have
 * is a type error in the French file that lacks or has it.
 */
export type CatalogueOf<T> = { readonly [K in keyof T]: string };
