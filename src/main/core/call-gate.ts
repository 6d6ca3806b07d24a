/**
 * Calls and profile switches taking turns over the open profile. A call runs against the profile
 * that is open when it starts, and a switch closes that profile only once such calls are done; a
 * call that arrives during a switch waits until the new profile is open and runs against it.
 * Switches (and the core's close) run one at a time, in the order they were asked for.
 */
export class CallGate {
  private running = 0;
  private whenIdle: (() => void)[] = [];
  /** Set while a switch runs: calls wait for it. */
  private held: Promise<void> | null = null;
  private turns: Promise<unknown> = Promise.resolve();

  /** One call against the open profile. */
  async call<T>(work: () => Promise<T>): Promise<T> {
    while (this.held) await this.held;
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      if (this.running === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
    }
  }

  /**
   * Runs `work` alone: after the switches asked before it, with calls arriving meanwhile held
   * until it is done. Calls already running keep running: `work` waits for them with `drained`
   * before it closes what they use.
   */
  hold<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.turns.then(async () => {
      let release!: () => void;
      this.held = new Promise<void>((resolve) => (release = resolve));
      try {
        return await work();
      } finally {
        this.held = null;
        release();
      }
    });
    this.turns = turn.catch(() => undefined);
    return turn;
  }

  /** Resolves once no call is running (inside `hold`, no new one starts). */
  drained(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenIdle.push(resolve));
  }
}
