import type { z } from 'zod';
import { issueFieldErrors } from '../forms/fieldErrors';

/**
 * A @mantine/form validator from a zod schema whose messages are translation keys: the first
 * problem of each field, translated, at the field's path ("firstName", "contact.email"), mapped
 * like the core's own issues (src/renderer/forms/fieldErrors.ts).
 */
export function zodResolver<Values>(schema: z.ZodType, translate: (key: string) => string) {
  return (values: Values): Record<string, string> => {
    const result = schema.safeParse(values);
    return result.success ? {} : issueFieldErrors(result.error.issues, translate);
  };
}
