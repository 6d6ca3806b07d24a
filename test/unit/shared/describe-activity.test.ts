import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../src/shared/domain';
import { translate, type MessageKey, type Params } from '../../../src/shared/i18n';
import { describeActivity, fold } from '../../../src/shared/describe-activity';

const t = (key: MessageKey, params?: Params) => translate('en', key, params);
const tr = (key: string, params?: Params) => translate('en', key, params);
/** Formatting is the i18n module's job: here it only shows which value went where. */
const format = { date: (iso: string) => `date(${iso})`, dateTime: (iso: string) => `time(${iso})`, number: (n: number) => `number(${n})` };
const companies: Record<string, string> = { 'cust-1': 'Müller & Söhne GmbH', 'item-1': 'Café São João Ltda' };
const companyOf = (id: string) => companies[id];

let seq = 0;
const entry = (over: Partial<ActivityEntry>): ActivityEntry => ({ seq: ++seq, at: '2026-11-20T09:30:00.000Z', actor: 'operator:Ana Admin', action: 'operator.retry', subject: null, details: null, ...over });
const describeOne = (over: Partial<ActivityEntry>) => describeActivity(entry(over), t, tr, format, companyOf);

describe('describeActivity', () => {
  it('names the operator without the "operator:" prefix, and the sync as the sync', () => {
    expect(describeOne({ actor: 'operator:Ana Admin' })).toMatchObject({ actor: 'Ana Admin', isSync: false });
    expect(describeOne({ actor: 'sync', action: 'sync.confirmed' })).toMatchObject({ actor: t('ui.activity.actorSync'), isSync: true });
    expect(describeOne({ actor: 'cli' }).actor).toBe('cli');
  });

  it('words a known action, and shows an unknown one as it is', () => {
    expect(describeOne({ action: 'operator.discard' }).action).toBe(t('ui.activity.action.operator.discard'));
    expect(describeOne({ action: 'operator.something-new' }).action).toBe('operator.something-new');
  });

  it("names the company from the entry, else from its subject id, else from its item id; else shows the id", () => {
    expect(describeOne({ subject: 'cust-1', details: { company: 'Contoso Ltd' } })).toMatchObject({ subject: 'Contoso Ltd', subjectIsId: false });
    expect(describeOne({ subject: 'cust-1' })).toMatchObject({ subject: 'Müller & Söhne GmbH', subjectIsId: false });
    expect(describeOne({ subject: 'unknown', details: { itemId: 'item-1' } })).toMatchObject({ subject: 'Café São João Ltda', subjectIsId: false });
    expect(describeOne({ subject: 'unknown-id' })).toMatchObject({ subject: 'unknown-id', subjectIsId: true });
    expect(describeOne({ subject: null })).toMatchObject({ subject: '', subjectIsId: true });
  });

  it('gives the reason of a discard and the date of a saved confirmation', () => {
    expect(describeOne({ action: 'operator.discard', details: { reason: 'Customer asked to wait' } }).details).toEqual([
      { label: t('ui.activity.detail.reason'), value: 'Customer asked to wait' },
    ]);
    expect(describeOne({ action: 'confirmation.saved', details: { dateAgreed: '2026-11-19' } }).details).toEqual([
      { label: t('ui.activity.detail.dateAgreed'), value: 'date(2026-11-19)' },
    ]);
  });

  it('says how a confirmation went through, in words when the reason is known', () => {
    expect(describeOne({ actor: 'sync', action: 'sync.confirmed', details: { reason: 'created' } }).details).toEqual([
      { label: t('ui.activity.detail.how'), value: t('ui.history.reason.created') },
    ]);
    expect(describeOne({ actor: 'sync', action: 'sync.already-confirmed', details: { reason: 'some-new-reason' } }).details).toEqual([
      { label: t('ui.activity.detail.how'), value: 'some-new-reason' },
    ]);
  });

  it('names the record an "already confirmed" was about, and words older entries without it', () => {
    expect(describeOne({ actor: 'sync', action: 'sync.already-confirmed', details: { reason: 'partner-record-exists', person: 'Otto Elsewhere', dateAgreed: '2026-11-20' } }).details).toEqual([
      { label: t('ui.activity.detail.how'), value: t('ui.history.reason.partner-record-exists', { person: 'Otto Elsewhere', date: 'date(2026-11-20)' }) },
    ]);
    expect(describeOne({ actor: 'sync', action: 'sync.already-confirmed', details: { reason: 'partner-record-exists' } }).details).toEqual([
      { label: t('ui.activity.detail.how'), value: t('ui.history.reason.partner-record-exists.unnamed') },
    ]);
    expect(describeOne({ actor: 'sync', action: 'sync.record-appeared-meanwhile', details: { reason: 'record-appeared-meanwhile', person: 'Otto Elsewhere', dateAgreed: '2026-11-20' } }).details[0]?.value).toContain('Otto Elsewhere, date(2026-11-20)');
  });

  it("keeps Partner Center's facts of a refusal for support, says why unless it was a plain rejection, and when the next attempt is", () => {
    const needs = describeOne({
      actor: 'sync',
      action: 'sync.needs-attention',
      details: { reason: 'gave-up', message: 'Service unavailable', httpStatus: 503, partnerCenterCode: 'E503', correlationId: 'corr-1', requestId: 'req-1' },
    });
    expect(needs.error).toEqual({ message: 'Service unavailable', httpStatus: 503, partnerCenterCode: 'E503', correlationId: 'corr-1', requestId: 'req-1' });
    expect(needs.details).toEqual([
      { label: t('ui.activity.detail.why'), value: t('ui.history.reason.gave-up') },
      { label: t('ui.activity.detail.error'), value: 'Service unavailable' },
    ]);

    const rejected = describeOne({ actor: 'sync', action: 'sync.needs-attention', details: { reason: 'rejected', message: 'error.partnerCenter.rejected', partnerCenterCode: 600002 } });
    expect(rejected.error).toEqual({ message: 'error.partnerCenter.rejected', partnerCenterCode: '600002' });
    expect(rejected.details).toEqual([{ label: t('ui.activity.detail.error'), value: tr('error.partnerCenter.rejected') }]);

    const retry = describeOne({ actor: 'sync', action: 'sync.retry-scheduled', details: { reason: 'failed', message: 'socket hang up', nextAttemptAt: '2026-11-20T09:31:00.000Z' } });
    expect(retry.details).toEqual([
      { label: t('ui.activity.detail.error'), value: 'socket hang up' },
      { label: t('ui.activity.detail.nextAttempt'), value: 'time(2026-11-20T09:31:00.000Z)' },
    ]);
    expect(describeOne({ actor: 'sync', action: 'sync.retry-scheduled', details: { nextAttemptAt: '2026-11-20T09:31:00.000Z' } }).error).toBeNull();
  });

  it('lists only what an edit changed, before → after, and says when nothing did', () => {
    const before = { firstName: 'Jürgen', lastName: 'Müller', email: 'j.mueller@example.de', phone: '', dateAgreed: '2026-11-01' };
    const edited = describeOne({ action: 'operator.edit-and-retry', details: { before, after: { ...before, email: 'juergen.mueller@example.de', phone: '+49 30 1234' } } });
    expect(edited.details).toEqual([
      { label: t('ui.activity.detail.email'), value: t('ui.activity.detail.change', { before: 'j.mueller@example.de', after: 'juergen.mueller@example.de' }) },
      { label: t('ui.activity.detail.phone'), value: t('ui.activity.detail.change', { before: t('ui.common.none'), after: '+49 30 1234' }) },
    ]);
    const renamed = describeOne({ action: 'operator.edit-and-retry', details: { before, after: { ...before, firstName: 'Jörg', dateAgreed: '2026-11-02' } } });
    expect(renamed.details.map((d) => d.label)).toEqual([t('ui.activity.detail.person'), t('ui.activity.detail.dateAgreed')]);
    expect(renamed.details[1]!.value).toBe(t('ui.activity.detail.change', { before: 'date(2026-11-01)', after: 'date(2026-11-02)' }));
    expect(describeOne({ action: 'operator.edit-and-retry', details: { before, after: before } }).details).toEqual([
      { label: t('ui.activity.detail.edit'), value: t('ui.activity.detail.unchanged') },
    ]);
  });

  it('shows the settings that were set, as numbers', () => {
    expect(describeOne({ action: 'operator.settings', details: { parallelism: 8, maxRetryHours: 'x' } }).details).toEqual([
      { label: t('ui.settings.parallelism'), value: 'number(8)' },
    ]);
  });

  it('shows the plain details of any other action as they are, leaving out empty and nested values', () => {
    expect(describeOne({ action: 'operator.something-new', details: { note: 'hello', count: 3, empty: '', nested: { a: 1 }, list: ['x'] } }).details).toEqual([
      { label: 'note', value: 'hello' },
      { label: 'count', value: '3' },
    ]);
  });

  it('puts everything shown into one accent-free, lower-case string for the filter', () => {
    const line = describeOne({ actor: 'sync', action: 'sync.needs-attention', subject: 'cust-1', details: { message: 'Refusé', partnerCenterCode: '600050', correlationId: 'Corr-ABC' } });
    expect(line.haystack).toBe(fold(line.haystack));
    for (const part of ['muller & sohne gmbh', 'cust-1', 'refuse', '600050', 'corr-abc', fold(t('ui.activity.action.sync.needs-attention')), 'time(2026-11-20t09:30:00.000z)']) {
      expect(line.haystack).toContain(part);
    }
    expect(fold('Société Générale ÉLAN')).toBe('societe generale elan');
  });
});
