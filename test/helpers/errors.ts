import { expect } from 'vitest';
import { AppCredentialError } from '../../src/main/core/auth/app-credential';
import { translate } from '../../src/shared/i18n';

/** What `p` rejected with; fails the test when it resolved. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The AppCredentialError `p` rejected with (anything else fails the test). */
export async function credentialFailure(p: Promise<unknown>): Promise<AppCredentialError> {
  const error = await rejection(p);
  expect(error).toBeInstanceOf(AppCredentialError);
  return error as AppCredentialError;
}

/**
 * Every text of an error a person or a log could see: message, stack, params (and their wording
 * in English and French), down the cause chain.
 */
export function visibleText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (e instanceof Error) {
      parts.push(e.message, e.stack ?? '', JSON.stringify(e));
      if (e instanceof AppCredentialError) parts.push(JSON.stringify(e.params), translate('en', e.message, e.params), translate('fr', e.message, e.params));
      e = e.cause;
    } else {
      parts.push(String(e));
      e = undefined;
    }
  }
  return parts.join('\n');
}
