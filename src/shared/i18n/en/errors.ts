/** Messages for typed errors answered by the core. */
export const errors = {
  'error.invalid-input': 'Some of the information is not valid: {issues}',
  'error.not-found': 'Customer {id} is not in the local cache. Refresh customers and try again.',
  'error.offline': 'You are offline. This needs a connection to Partner Center.',
  'error.forbidden': 'Your role ({role}) cannot confirm customer acceptance. Ask an Admin agent or a Sales agent.',
  'error.partner-center': 'Partner Center answered: {message}',
  'error.conflict': '{message}',
  'error.internal': 'Something went wrong inside MCA Desk: {message}',
  'error.unreachable': 'Partner Center could not be reached: {message}',
  'error.queue.not-found': 'There is no queue item {id}.',
  'error.queue.wrong-state.retry': 'Only items that need attention can be retried; this one is {state}.',
  'error.queue.wrong-state.edit': 'Only items that need attention can be edited; this one is {state}.',
  'error.queue.wrong-state.discard': 'Only items that have not reached Partner Center can be discarded; this one is {state}.',
  'error.store.newer': 'This database was written by a newer MCA Desk (schema {found}, this version knows up to {known}). Update MCA Desk to open it.',
  'error.store.locked': 'Another MCA Desk is using this profile\u2019s database. Close it and try again.',
} as const;
