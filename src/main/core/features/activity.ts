import type { ProfileParts } from '../compose';

/** The append-only activity log, newest first. */
export function createActivityFeature(p: Pick<ProfileParts, 'audit'>) {
  return {
    listActivity: ({ limit }: { limit: number }) => ({
      entries: p.audit.list(limit).map((e) => ({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject ?? null,
        details: e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : null,
      })),
    }),
  };
}
