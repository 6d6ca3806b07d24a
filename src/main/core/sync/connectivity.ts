import type { Connectivity } from '../../../shared/domain';
import type { Clock } from '../clock';
import { iso } from '../clock';

export interface ConnectivityOptions {
  clock: Clock;
  /** Reachability probe of the Partner Center base URL: true when any HTTP answer came back. */
  probe: () => Promise<boolean>;
  /** The OS's view (Electron's net.isOnline); false means surely offline. */
  osOnline?: () => boolean;
  /** How often to probe while unreachable, and while reachable (to notice a drop when idle). */
  retryMs?: number;
  checkMs?: number;
  onChange: (state: Connectivity) => void;
}

/**
 * Online = the operator has not chosen "Work offline" and Partner Center answers. Requests that
 * fail at the network level report here; a probe loop notices when the connection returns.
 */
export class ConnectivityMonitor {
  private workOffline = false;
  private reachable = true;
  private lastCheckedAt: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private probing = false;
  private closed = false;

  constructor(private readonly options: ConnectivityOptions) {}

  state(): Connectivity {
    return { workOffline: this.workOffline, reachable: this.reachable, online: !this.workOffline && this.reachable, lastCheckedAt: this.lastCheckedAt };
  }

  get online(): boolean {
    return !this.workOffline && this.reachable;
  }

  start(): void {
    void this.check();
  }

  setWorkOffline(on: boolean): Connectivity {
    if (this.workOffline !== on) {
      this.workOffline = on;
      this.emit();
      if (!on) void this.check();
    }
    return this.state();
  }

  /**
   * One request failed at the network level. A single reset under load is not "offline": probe
   * now, and only a failed probe marks Partner Center unreachable.
   */
  reportNetworkFailure(): void {
    void this.check();
  }

  reportReachable(): void {
    this.setReachable(true);
  }

  /** Probes now; resolves with the new state. */
  async check(): Promise<Connectivity> {
    if (this.closed) return this.state();
    if (!this.probing) {
      this.probing = true;
      try {
        const osSaysOffline = this.options.osOnline ? !this.options.osOnline() : false;
        const ok = osSaysOffline ? false : await this.options.probe();
        this.lastCheckedAt = iso(this.options.clock.now());
        this.setReachable(ok);
      } finally {
        this.probing = false;
      }
    }
    this.schedule();
    return this.state();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private setReachable(ok: boolean): void {
    if (this.reachable !== ok) {
      this.reachable = ok;
      this.emit();
    }
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = this.reachable ? (this.options.checkMs ?? 15_000) : (this.options.retryMs ?? 2_000);
    this.timer = setTimeout(() => void this.check(), delay);
    this.timer.unref();
  }

  private emit(): void {
    if (this.closed) return;
    this.options.onChange(this.state());
  }
}
