import { syncSettingsSchema, type SyncSettings as OperatorSyncSettings } from '../../../shared/domain';
import type { ProfileParts } from '../compose';
import type { Meta } from '../store/meta';
import type { SyncEngine, SyncSettings } from '../sync/sync-engine';
import { auditOperator, requireMayConfirm } from './session';
import { writeTransaction } from '../store/database';

/** The operator's sync settings, kept in the profile's database and applied to the engine. */

const SETTINGS_KEY = 'sync-settings';

export function readSettings(meta: Meta, engine: SyncEngine): OperatorSyncSettings {
  const current = engine.currentSettings();
  const defaults: OperatorSyncSettings = { parallelism: current.parallelism, maxRetryHours: current.maxElapsedMs / 3_600_000 };
  return { ...defaults, ...(meta.get(SETTINGS_KEY, syncSettingsSchema.partial()) ?? {}) };
}

export function engineSettings(settings: OperatorSyncSettings): Partial<SyncSettings> {
  return { parallelism: settings.parallelism, maxElapsedMs: settings.maxRetryHours * 3_600_000 };
}

export function createSettingsFeature(p: Pick<ProfileParts, 'meta' | 'engine' | 'db' | 'audit' | 'clock' | 'signIn' | 'profile' | 'connectivity' | 'customers' | 'locale'>) {
  return {
    getSettings: () => readSettings(p.meta, p.engine),
    updateSettings: (change: Partial<OperatorSyncSettings>) => {
      requireMayConfirm(p);
      const next = { ...readSettings(p.meta, p.engine), ...change };
      writeTransaction(p.db, () => {
        p.meta.set(SETTINGS_KEY, next);
        auditOperator(p, 'operator.settings', change);
      });
      p.engine.updateSettings(engineSettings(next));
      p.engine.kick();
      return next;
    },
  };
}
