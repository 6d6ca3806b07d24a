import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { MessageKey } from '../../shared/i18n';
import type { Result } from '../../shared/result';
import { useNotifyError } from '../api/useNotifyError';
import { useT, useTranslateAny } from '../i18n/useT';
import { useLiveStatus } from '../status/LiveStatusProvider';
import { fieldErrorsOf, type FieldErrors } from './fieldErrors';

export type SaveMessages = {
  /** After saving while online: it is being sent. */
  savedOnline: MessageKey;
  /** After saving while offline: it is sent once online. */
  savedOffline: MessageKey;
  /** The title of the notification when saving failed and no field is to blame. */
  failed: MessageKey;
};

type Options<Input, T> = {
  save: (input: Input) => Promise<Result<T>>;
  onSaved: (value: T) => void;
  onClose: () => void;
  messages: SaveMessages;
  /** Placeholders of the messages (e.g. the company). */
  params?: Record<string, string>;
  /** The call wraps the form's values in this key (`acceptance`, `request`). */
  prefix?: string;
  /** The form's fields: the core's findings about them land there, anything else in a notification. */
  fields: readonly string[];
  setErrors: (errors: FieldErrors) => void;
};

/**
 * Saving a dialog's checked values to the queue: local and fast, so the dialog closes at once and
 * a notification says what happens next (online or offline); the core re-checks every field, and
 * its findings land at the fields.
 */
export function useSaveDialog<Input, T>({ save, onSaved, onClose, messages, params, prefix, fields, setErrors }: Options<Input, T>) {
  const t = useT();
  const tr = useTranslateAny();
  const notifyError = useNotifyError();
  const { connectivity } = useLiveStatus();
  const [saving, setSaving] = useState(false);

  const submit = async (input: Input) => {
    if (saving) return;
    setSaving(true);
    const result = await save(input);
    setSaving(false);
    if (result.ok) {
      onSaved(result.value);
      onClose();
      notifications.show({ color: 'teal', message: t(connectivity?.online ? messages.savedOnline : messages.savedOffline, params) });
      return;
    }
    const errors = fieldErrorsOf(result.error, tr, { ...(prefix === undefined ? {} : { prefix }), only: fields });
    if (Object.keys(errors).length > 0) setErrors(errors);
    else notifyError(messages.failed, result.error);
  };

  return { saving, submit };
}
