/** The tamper-evident activity log: the chain's state, "Export…", the CSV file and the CLI's activity commands. */
export const activityLog = {
  'ui.activity.chain.intact': 'Chain intact',
  'ui.activity.chain.entries': 'Entries checked: {count}',
  'ui.activity.chain.intactHint': 'Each entry carries a hash of its content and of the entry before it; none has changed since it was written.',
  'ui.activity.chain.checking': 'Checking the log…',
  'ui.activity.chain.brokenTitle': 'The activity log was changed after it was written',
  'ui.activity.chain.broken':
    'From entry #{seq} ({time}) on, entries do not match what was written: someone changed or removed entries outside MCA Desk. Keep this database as it is and tell whoever looks after security; an export made before shows the entries as they were.',
  'ui.activity.chain.checkFailed': 'The log could not be checked',
  'ui.activity.export.open': 'Export…',
  'ui.activity.export.title': 'Export activity',
  'ui.activity.export.intro': 'A CSV file (UTF-8, opens in Excel) with the time, operator, action, customer, details and hash of each entry, oldest first. Leave the dates empty to export everything.',
  'ui.activity.export.from': 'From',
  'ui.activity.export.to': 'To',
  'ui.activity.export.daysHint': 'Whole days in UTC, like the times in the file.',
  'ui.activity.export.submit': 'Export',
  'ui.activity.export.done': 'Saved {file} (entries: {count}).',
  'ui.activity.export.failed': 'The activity could not be exported',

  'activity.csv.time': 'Time (UTC)',
  'activity.csv.operator': 'Operator',
  'activity.csv.action': 'Action',
  'activity.csv.customer': 'Customer',
  'activity.csv.details': 'Details',
  'activity.csv.hash': 'Hash (SHA-256)',
  'activity.csv.detailSeparator': '; ',

  'cli.activity.exported': 'Exported to {file} (entries: {count}).',
  'cli.activity.intact': 'The activity log is intact (entries checked: {count}).',
  'cli.activity.broken': 'The activity log was changed after it was written: entry #{seq} ({time}) does not match, and no entry after it can be trusted (entries: {count}).',
  'cli.activity.outRequired': 'activity export needs --out FILE',
  'cli.activity.badDate': '--{option} must be a real date as YYYY-MM-DD',
  'cli.activity.fromAfterTo': '--from {from} is after --to {to}',
  'cli.activity.writeFailed': 'Could not write {file}: {message}',

  'validation.activityRange.date': 'Enter a real date as YYYY-MM-DD.',
  'validation.activityRange.order': 'The start date is after the end date.',
} as const;
