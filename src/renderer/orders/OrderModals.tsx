import { Alert, Button, Group, Modal, NumberInput, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { calls } from '../../shared/contract';
import type { CustomerDetail, OfferSummary, SubscriptionSummary } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/ApiContext';
import { useDescribeError, useNotifyError } from '../api/useNotifyError';
import { ErrorDetails, hasSupportFacts } from '../common/ErrorDetails';
import { zodResolver } from '../confirm/zodResolver';
import { fieldErrorsOf } from '../forms/fieldErrors';
import { useFormat, useT, useTranslateAny } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { openRequest } from '../request/requestRules';
import { McaRequiredAlert } from './McaRequiredAlert';

const quantitySchema = calls.placeOrder.input.pick({ quantity: true });

type Common = {
  customer: CustomerDetail;
  onClose: () => void;
  onDone: () => void;
  /** Partner Center wants the acceptance first (13605): open the confirmation, then come back. */
  onMcaRequired: () => void;
};

/** What stopped the last try: 13605 with its way out, offline, or any other error with support facts. */
function SendError({ error, onMcaRequired }: { error: AppError; onMcaRequired: () => void }) {
  const t = useT();
  const describe = useDescribeError();
  const { session } = useSession();
  if (error.code === 'mca-required') return <McaRequiredAlert onConfirm={onMcaRequired} canConfirm={session.canConfirm} />;
  if (error.code === 'offline')
    return (
      <Alert color="orange" variant="light" icon={<IconPlugConnectedX size={18} />} p="sm">
        <Text size="sm">{t('ui.orders.needsConnection')}</Text>
      </Alert>
    );
  return (
    <Alert color="red" variant="light" p="sm" data-testid="order-error">
      <Text size="sm">{describe(error)}</Text>
      {hasSupportFacts(error.details) && error.details && <ErrorDetails facts={error.details} />}
    </Alert>
  );
}

function PendingFirst({ customer }: { customer: CustomerDetail }) {
  const t = useT();
  // An acceptance request (saved or waiting) is not sent before the order: the customer accepts first.
  if (customer.mca.status === 'waiting-for-customer' || openRequest(customer)) {
    return (
      <Alert color="violet" variant="light" icon={<IconInfoCircle size={18} />} p="sm" data-testid="order-waits-for-customer">
        <Text size="sm">{t('ui.orders.waitingFirst')}</Text>
      </Alert>
    );
  }
  if (customer.mca.status !== 'pending-sync') return null;
  return (
    <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} p="sm">
      <Text size="sm">{t('ui.orders.pendingFirst')}</Text>
    </Alert>
  );
}

/** "Change quantity" of a license-based subscription. */
export function ChangeQuantityModal({ opened, subscription, ...rest }: Common & { opened: boolean; subscription: SubscriptionSummary | null }) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={rest.onClose} title={subscription ? t('ui.orders.changeQuantityOf', { name: subscription.name }) : ''} size="md" padding="xl">
      {opened && subscription && <ChangeQuantityForm subscription={subscription} {...rest} />}
    </Modal>
  );
}

function ChangeQuantityForm({ customer, subscription, onClose, onDone, onMcaRequired }: Common & { subscription: SubscriptionSummary }) {
  const t = useT();
  const tr = useTranslateAny();
  const api = useApi();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const form = useForm<{ quantity: number | string }>({
    mode: 'controlled',
    initialValues: { quantity: subscription.quantity },
    validate: zodResolver<{ quantity: number | string }>(quantitySchema, tr),
  });

  const submit = async ({ quantity }: { quantity: number | string }) => {
    if (saving) return;
    setSaving(true);
    setError(null);
    const result = await api.changeQuantity({ customerId: customer.id, subscriptionId: subscription.id, quantity: Number(quantity) });
    setSaving(false);
    if (!result.ok) {
      const errors = fieldErrorsOf(result.error, tr, { only: ['quantity'] });
      if (errors.quantity) form.setFieldError('quantity', errors.quantity);
      else setError(result.error);
      return;
    }
    onDone();
    onClose();
    notifications.show({
      color: 'teal',
      message: result.value.pending
        ? t('ui.orders.changePending', { quantity: Number(quantity) })
        : t('ui.orders.changed', { name: subscription.name, quantity: result.value.subscription?.quantity ?? Number(quantity) }),
    });
  };

  return (
    <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('ui.orders.quantityIntro')}
        </Text>
        <PendingFirst customer={customer} />
        <NumberInput
          label={t('ui.orders.quantity')}
          description={t('ui.orders.currentQuantity', { count: subscription.quantity })}
          withAsterisk
          data-autofocus
          min={1}
          max={10_000}
          allowDecimal={false}
          allowNegative={false}
          maw={240}
          {...form.getInputProps('quantity')}
        />
        {error && <SendError error={error} onMcaRequired={onMcaRequired} />}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} disabled={saving}>
            {t('ui.orders.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('ui.orders.saveQuantity')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "New order": an offer from the catalogue and a quantity. */
export function NewOrderModal({ opened, ...rest }: Common & { opened: boolean }) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={rest.onClose} title={t('ui.orders.newOrder')} size="md" padding="xl">
      {opened && <NewOrderForm {...rest} />}
    </Modal>
  );
}

type OrderValues = { offerId: string | null; quantity: number | string };

function NewOrderForm({ customer, onClose, onDone, onMcaRequired }: Common) {
  const t = useT();
  const tr = useTranslateAny();
  const api = useApi();
  const format = useFormat();
  const notifyError = useNotifyError();
  const [offers, setOffers] = useState<OfferSummary[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let live = true;
    void api.listOffers({ customerId: customer.id }).then((result) => {
      if (!live) return;
      if (result.ok) setOffers(result.value.items);
      else {
        setOffers([]);
        if (result.error.code === 'offline') setError(result.error);
        else notifyError('ui.orders.offersFailed', result.error);
      }
    });
    return () => {
      live = false;
    };
  }, [api, customer.id, notifyError]);

  const form = useForm<OrderValues>({
    mode: 'controlled',
    initialValues: { offerId: null, quantity: 1 },
    validate: (values) => {
      const errors = zodResolver<unknown>(quantitySchema, tr)({ quantity: values.quantity === '' ? undefined : Number(values.quantity) });
      if (!values.offerId) errors.offerId = t('ui.orders.offerRequired');
      const offer = offers?.find((o) => o.id === values.offerId);
      const q = Number(values.quantity);
      if (offer && !errors.quantity && (q < offer.minimumQuantity || q > offer.maximumQuantity)) {
        errors.quantity = t('ui.orders.quantityRange', { min: offer.minimumQuantity, max: offer.maximumQuantity });
      }
      return errors;
    },
  });
  const offer = offers?.find((o) => o.id === form.values.offerId) ?? null;

  const submit = async (values: OrderValues) => {
    if (saving || !values.offerId) return;
    setSaving(true);
    setError(null);
    const quantity = Number(values.quantity);
    const result = await api.placeOrder({ customerId: customer.id, offerId: values.offerId, quantity });
    setSaving(false);
    if (!result.ok) {
      const errors = fieldErrorsOf(result.error, tr, { only: ['quantity'] });
      if (errors.quantity) form.setFieldError('quantity', errors.quantity);
      else setError(result.error);
      return;
    }
    onDone();
    onClose();
    notifications.show({
      color: 'teal',
      message: t('ui.orders.placed', { company: customer.companyName, quantity: format.number(quantity), offer: offer?.name ?? values.offerId }),
    });
  };

  return (
    <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('ui.orders.orderIntro', { company: customer.companyName })}
        </Text>
        <PendingFirst customer={customer} />
        {offers === null ? (
          <Stack gap={6} aria-busy="true">
            <Skeleton h={12} w={80} radius="sm" />
            <Skeleton h={36} radius="md" />
            <Text size="xs" c="dimmed">
              {t('ui.orders.offersLoading')}
            </Text>
          </Stack>
        ) : (
          <Select
            label={t('ui.orders.offer')}
            placeholder={t('ui.orders.offerPlaceholder')}
            withAsterisk
            data-autofocus
            searchable
            allowDeselect={false}
            data={offers.map((o) => ({ value: o.id, label: o.name }))}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('offerId')}
          />
        )}
        <NumberInput
          label={t('ui.orders.quantity')}
          description={offer ? t('ui.orders.quantityRange', { min: offer.minimumQuantity, max: offer.maximumQuantity }) : undefined}
          withAsterisk
          min={offer?.minimumQuantity ?? 1}
          max={offer?.maximumQuantity ?? 10_000}
          allowDecimal={false}
          allowNegative={false}
          maw={240}
          {...form.getInputProps('quantity')}
        />
        {error && <SendError error={error} onMcaRequired={onMcaRequired} />}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} disabled={saving}>
            {t('ui.orders.cancel')}
          </Button>
          <Button type="submit" loading={saving} disabled={offers === null}>
            {t('ui.orders.place')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
