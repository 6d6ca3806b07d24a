import { memo } from 'react';
import type { CustomerSummary } from '../../shared/domain';
import { StatusBadgeSmall } from '../common/StatusBadge';
import classes from './customers.module.css';

type Props = {
  customer: CustomerSummary;
  optionId: string;
  /** 1-based place in the whole result list (only some rows are rendered). */
  position: number;
  setSize: number;
  active: boolean;
  open: boolean;
  /** Outside the public cloud there is no agreement status to show. */
  showStatus: boolean;
  onSelect: (customerId: string) => void;
};

/** New results arrive as new objects: a row re-renders only when what it shows has changed. */
function sameRow(a: Props, b: Props): boolean {
  return (
    a.customer.id === b.customer.id &&
    a.customer.companyName === b.customer.companyName &&
    a.customer.domain === b.customer.domain &&
    a.customer.mcaStatus === b.customer.mcaStatus &&
    a.optionId === b.optionId &&
    a.position === b.position &&
    a.setSize === b.setSize &&
    a.active === b.active &&
    a.open === b.open &&
    a.showStatus === b.showStatus &&
    a.onSelect === b.onSelect
  );
}

/** One result: company name over domain, status badge on the right. `dir="auto"` keeps RTL names readable. */
export const CustomerRow = memo(function CustomerRow({ customer, optionId, position, setSize, active, open, showStatus, onSelect }: Props) {
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
      onClick={() => onSelect(customer.id)}
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
      {showStatus && <StatusBadgeSmall status={customer.mcaStatus} />}
    </li>
  );
}, sameRow);
