/** The command line's messages (mca-desk). Identifiers the operator types stay as they are. */
export const cli = {
  'cli.usage': `Usage: mca-desk <command> [options]

Commands:
  queue add --customer ID --first-name NAME --last-name NAME --email EMAIL [--phone PHONE] --date YYYY-MM-DD
                         save a confirmation in the local queue (works offline). Online, the
                         customer's status is read first: records it shows are re-confirmed;
                         records found later that it did not show make the item "already-confirmed"
  queue list [--json] [--state STATE]
                         list queue items, newest first
  queue send-anyway ITEM send an already-confirmed item still (Partner Center held an acceptance
                         that was not known when it was saved)
  queue request --customer ID --first-name NAME --last-name NAME --email EMAIL [--phone PHONE]
                [--country CC] [--language LL]
                         save a request for the customer to accept the agreement on Microsoft's
                         page (country and language default to the customer's)
  queue link ITEM [--json]
                         the link the customer accepts on ({"url": …} with --json)
  queue check ITEM       check a request waiting for the customer at the next sync (now, not later)
  sync [--once]          send queued items to Partner Center; --once: one pass over what is due now,
                         otherwise until nothing is left to send but requests waiting for customers
  status CUSTOMER [--json]
                         the customer's MCA status from the local store
  refresh [--json]       read the customers and their MCA statuses from Partner Center (as the
                         app's Refresh); needs --emulator URL
  coverage [--json]      how many customers are confirmed, accepted by the customer, not
                         confirmed, pending sync, waiting for the customer, needing attention,
                         not yet verified (each counted once), and confirmed on an earlier
                         version of the agreement, from the local store
  import FILE [--dry-run] [--json]
                         queue the rows of a CSV file (the app's template; English or French
                         headers): confirmations, or acceptance requests when the profile asks
                         customers to accept. Every row is checked first; the valid ones are
                         queued unless --dry-run. Exit 1 when a row has errors, 2 when the file
                         cannot be read as an import file
  activity export --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                         the activity log as CSV (UTF-8, opens in Excel): time, operator, action,
                         customer, details, hash; whole days in UTC, both inclusive
  activity verify [--json]
                         check the activity log's hash chain: exit 0 when intact, 1 naming the
                         first entry that does not match

Options for every command:
  --data-dir DIR         MCA Desk's data folder (default ~/.mca-desk)
  --emulator URL         the Partner Center (emulator) to talk to; without it, local commands work
                         offline and sync refuses to run
  --lang fr|en           the language of the messages (default: Settings → Language, else English);
                         --json output is the same in every language
Sync settings: --parallelism N, --lease-ms MS, --timeout-ms MS, --backoff-base-ms MS, --backoff-cap-ms MS,
  --poll-first-ms MS, --poll-cap-ms MS (checking whether customers accepted: first, longest wait)`,
  'cli.seeHelp': 'Run "mca-desk --help" for usage.',
  'cli.usage.lang': '--lang must be en or fr (or a language tag in one of them, like fr-CA)',
  'cli.usage.wholeNumber': '--{name} must be a whole number',
  'cli.usage.aboveZero': '--{name} must be above 0',
  'cli.usage.emulator': '--emulator must be an http(s) URL like http://127.0.0.1:4100',
  'cli.usage.unknownCommand': 'unknown command "{command}"; commands: {commands}',
  'cli.usage.notAnItem': '"{value}" is not a queue item id',
  'cli.usage.needsItem': '{command} needs an ITEM id (see queue list)',
  'cli.usage.unexpected': 'unexpected argument "{value}"',
  'cli.usage.importNeedsFile': 'import needs a FILE (a CSV file like the app’s template)',
  'cli.usage.dryRunIsForImport': '--dry-run is for import',
  'cli.usage.refreshNeedsEmulator': 'refresh needs --emulator URL (the Partner Center to read from)',
  'cli.usage.syncNeedsEmulator': 'sync needs --emulator URL (the Partner Center to send to)',
  'cli.usage.state': '--state must be one of {states}',
  'cli.usage.customerRequired': '--customer ID is required',
  'cli.usage.statusNeedsCustomer': 'status needs a CUSTOMER id',
  'cli.usage.countryNeeded': '--country CC is needed: the country of {company} is not known yet',
  'cli.readFailed': 'mca-desk: the customer could not be read now ({message}); saving against what this computer read last.',
  'cli.saved': 'Saved {id}: queued for {company}.',
  'cli.requestSaved': 'Saved {id}: a request for {company} to accept, created at Partner Center by the next sync; "mca-desk queue link {id}" prints its link then.',
  'cli.noLinkYet': '{id} has no link yet: Partner Center creates the request when it is synced (state {state}).',
  'cli.notARequest': '{id} is not an acceptance request.',
  'cli.willCheck': '{id} will be checked at the next sync ("mca-desk sync --once").',
  'cli.sendAnyway': 'Queued {id} to be sent anyway ({company}); run "mca-desk sync" to send it.',
  'cli.status.mca': 'MCA status: {status}',
  'cli.status.lastVerified': 'MCA status: {status}, last verified {time}',
  'cli.status.record': '  confirmed: {name} <{email}> on {date}',
  'cli.status.local': '  local: {state}',
  'cli.status.localError': '  local: {state} ({message})',
  'cli.sync.summary': 'Queued {queued}, confirmed {confirmed}, already confirmed {alreadyConfirmed}, needs attention {needsAttention}.',
  'cli.sync.summaryWaiting': 'Queued {queued}, waiting for customer {waiting}, confirmed {confirmed}, already confirmed {alreadyConfirmed}, needs attention {needsAttention}.',
  'cli.sync.alreadyConfirmedNote': '"already confirmed": Partner Center held an acceptance that was not known when the item was saved; nothing was sent. "mca-desk queue send-anyway ITEM" sends it still.',
  'cli.queue.empty': 'The queue is empty.',
  'cli.queue.row': '{id}  {state}  attempts {attempts}  {company} — {who}, {date}',
  'cli.queue.lastError': '  last error: {message}',
  'cli.queue.lastErrorCode': '  last error: {message} (code {code})',
} as const;
