import type { CustomerSummary } from '../../shared/domain';
import { StatusBadge } from '../common/StatusBadge';
import { useSession } from '../session/SessionProvider';
import classes from './customers.module.css';

type Props = {
  customer: CustomerSummary;
  optionId: string;
  /** 1-based place in the whole result list (only some rows are rendered). */
  position: number;
  setSize: number;
  active: boolean;
  open: boolean;
  onClick: () => void;
};

/** One result: company name over domain, status badge on the right. `dir="auto"` keeps RTL names readable. */
export function CustomerRow({ customer, optionId, position, setSize, active, open, onClick }: Props) {
  // Outside the public cloud there is no agreement status to show.
  const { session } = useSession();
  return (
    <li
      id={optionId}
      role="option"
      aria-selected={active}
      aria-posinset={position}
      aria-setsize={setSize}
      aria-current={open ? 'true' : undefined}
      className={classes.row}
      data-active={active || undefined}
      data-open={open || undefined}
      data-customer-id={customer.id}
      onClick={onClick}
      // Keep focus where it is (search box or list) when clicking a row.
      onMouseDown={(event) => event.preventDefault()}
    >
      <div className={classes.rowText}>
        <div className={classes.name} dir="auto" title={customer.companyName}>
          {customer.companyName}
        </div>
        <div className={classes.domain} title={customer.domain}>
          {customer.domain}
        </div>
      </div>
      {session.mcaAvailable && <StatusBadge status={customer.mcaStatus} size="sm" />}
    </li>
  );
}
