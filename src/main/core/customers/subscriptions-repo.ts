import type { Database } from 'better-sqlite3';
import type { SubscriptionSummary } from '../../../shared/domain';

/** The last list of each customer's subscriptions, shown read-only while offline. */
export class SubscriptionsRepo {
  constructor(private readonly db: Database) {}

  get(customerId: string): { items: SubscriptionSummary[]; readAt: string } | null {
    const row = this.db.prepare('SELECT items_json, read_at FROM subscriptions_cache WHERE customer_id = ?').get(customerId) as { items_json: string; read_at: string } | undefined;
    return row ? { items: JSON.parse(row.items_json) as SubscriptionSummary[], readAt: row.read_at } : null;
  }

  save(customerId: string, items: SubscriptionSummary[], readAt: string): void {
    this.db
      .prepare(`INSERT INTO subscriptions_cache (customer_id, items_json, read_at) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO UPDATE SET items_json = excluded.items_json, read_at = excluded.read_at`)
      .run(customerId, JSON.stringify(items), readAt);
  }
}
