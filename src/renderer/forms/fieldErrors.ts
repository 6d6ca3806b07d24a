import type { Params } from '../../shared/i18n';
import { refusedFields, REFUSED_FIELD } from '../../shared/partner-center-codes';
import type { AppError } from '../../shared/result';

/*
 * The one mapping of problems onto form fields: the core's validation issues and the fields
 * Partner Center refused (an AppError), and the form's own zod issues (zodResolver). Messages are
 * translation keys (or the core's words, which pass through `translate` unchanged).
 */

/** Field path (as @mantine/form names it: "contact.email") → the message shown under the field. */
export type FieldErrors = Record<string, string>;

export interface FieldErrorOptions {
  /** The call wraps the form's values in this key (`acceptance`, `customer`): stripped from paths. */
  prefix?: string;
  /** The form's own fields; problems anywhere else are left to the caller (e.g. a notification). */
  only?: readonly string[];
}

type Translate = (key: string, params?: Params) => string;
/** `params`: what fills the message (the core's issues may carry them: "a profile named {name}"). */
type IssueLike = { path: readonly PropertyKey[]; message: string; params?: Params | undefined };

/** The field an issue is about, as the form names it, with the call's wrapping key stripped. */
export function fieldOf(path: readonly PropertyKey[], prefix?: string): string {
  const inForm = prefix !== undefined && path[0] === prefix ? path.slice(1) : path;
  return inForm.map(String).join('.');
}

/** Issues onto fields: the first issue of each field wins, its message translated. */
export function issueFieldErrors(issues: readonly IssueLike[], translate: Translate, options: FieldErrorOptions = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path, options.prefix);
    if (options.only && !options.only.includes(field)) continue;
    errors[field] ??= translate(issue.message, issue.params);
  }
  return errors;
}

/** What a field Partner Center refused says: the domain in words of its own, else Partner Center's message. */
function refusedFieldMessage(field: string, error: AppError, translate: Translate): string {
  return field === REFUSED_FIELD.domain ? translate('validation.domain.taken') : translate(error.message);
}

/**
 * Where a refused call's problems go on its form: each issue of `details.issues` at its field, then
 * each field Partner Center refused (`details.fields`) that has no issue of its own. Empty when none
 * is about the form's fields: the caller then shows the error as a whole.
 */
export function fieldErrorsOf(error: AppError, translate: Translate, options: FieldErrorOptions = {}): FieldErrors {
  const errors = issueFieldErrors(error.details?.issues ?? [], translate, options);
  for (const field of error.details?.fields ?? []) {
    if (options.only && !options.only.includes(field)) continue;
    errors[field] ??= refusedFieldMessage(field, error, translate);
  }
  return errors;
}

/** Every issue's message, translated, in order: for an error shown as one sentence. */
export function issueMessages(error: AppError, translate: Translate): string[] {
  return (error.details?.issues ?? []).map((issue) => translate(issue.message, issue.params));
}

/**
 * The new-customer fields a refused create-customer item is about: the ones the core named, else
 * the ones its Partner Center status and code stand for (items saved before the core named them).
 */
export function refusedFieldsOf(error: { fields?: string[] | undefined; partnerCenterCode?: string | undefined; httpStatus?: number | undefined } | null): string[] {
  if (!error) return [];
  if (error.fields?.length) return error.fields;
  return refusedFields(error.httpStatus, error.partnerCenterCode) ?? [];
}
