import { cli } from './en/cli';
import { activityLog } from './en/activity-log';
import { coverage } from './en/coverage';
import { errors } from './en/errors';
import { importMessages } from './en/import';
import { ui } from './en/ui';
import { validation } from './en/validation';

/** The English catalogue: every user-facing string of the app, by key. */
export const en = { ...validation, ...errors, ...ui, ...cli, ...activityLog, ...importMessages, ...coverage } as const;
export type MessageKey = keyof typeof en;
