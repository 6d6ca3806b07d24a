import type { z } from 'zod';

/**
 * A @mantine/form validator from a zod schema whose messages are translation keys: the first
 * problem of each field, translated, at the field's path ("firstName", "contact.email").
 */
export function zodResolver<Values>(schema: z.ZodType, translate: (key: string) => string) {
  return (values: Values): Record<string, string> => {
    const result = schema.safeParse(values);
    if (result.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      errors[path] ??= translate(issue.message);
    }
    return errors;
  };
}
