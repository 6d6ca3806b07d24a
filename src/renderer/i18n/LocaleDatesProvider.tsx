import { DatesProvider } from '@mantine/dates';
import 'dayjs/locale/fr';
import type { ReactNode } from 'react';
import { useLocale } from './useT';

/**
 * Date pickers in the session's language: month and day names, and the "D MMM YYYY" value of a
 * picked date ("5 mars 2026" in French). Day.js has English built in and French imported above;
 * another language shows English, as the text does.
 */
export function LocaleDatesProvider({ children }: { children: ReactNode }) {
  const language = (useLocale().split(/[-_]/)[0] ?? 'en').toLowerCase();
  return <DatesProvider settings={{ consistentWeeks: true, locale: language }}>{children}</DatesProvider>;
}
