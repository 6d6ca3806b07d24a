import type { MessageKey } from './en';
import { cli } from './fr/cli';
import { activityLog } from './fr/activity-log';
import { coverage } from './fr/coverage';
import { errors } from './fr/errors';
import { importMessages } from './fr/import';
import { ui } from './fr/ui';
import { validation } from './fr/validation';

/**
 * The French catalogue: every key of the English one, in Partner Center's own French words. Each
 * file is checked against its English file; the merged object against every message key.
 */
export const fr = { ...validation, ...errors, ...ui, ...cli, ...activityLog, ...importMessages, ...coverage } satisfies Record<MessageKey, string>;
