import { createContext, useCallback, useContext, useMemo } from 'react';
import { formatDate, formatDateTime, formatNumber, translate, type MessageKey, type Params } from '../../shared/i18n';

/** The operator's locale: the browser's until the session says otherwise. */
export const LocaleContext = createContext<string>(typeof navigator === 'undefined' ? 'en' : navigator.language || 'en');

export function useLocale(): string {
  return useContext(LocaleContext);
}

export type TFunction = (key: MessageKey, params?: Params) => string;

/** `t(key, params)` bound to the session's locale. */
export function useT(): TFunction {
  const locale = useLocale();
  return useCallback((key: MessageKey, params?: Params) => translate(locale, key, params), [locale]);
}

/** Translates a key that arrives at run time (validation messages, core messages). Unknown keys pass through. */
export function useTranslateAny(): (key: string, params?: Params) => string {
  const locale = useLocale();
  return useCallback((key: string, params?: Params) => translate(locale, key, params), [locale]);
}

/** Dates, times and numbers in the session's locale. */
export function useFormat() {
  const locale = useLocale();
  return useMemo(
    () => ({
      /** A calendar date, YYYY-MM-DD. */
      date: (isoDate: string) => formatDate(locale, isoDate),
      /** A point in time, ISO-8601. */
      dateTime: (iso: string) => formatDateTime(locale, iso),
      number: (value: number) => formatNumber(locale, value),
    }),
    [locale],
  );
}
