/** Something with a deadline (ms, `performance.now()` clock) to be told when it passes. */
export interface Expiring {
  readonly deadline: number;
  expire(): void;
}

/**
 * One timer per client for the deadlines of all its attempts, instead of a timer per attempt:
 * arming and clearing a timer costs more than the rest of a call's bookkeeping. The timer is
 * unref'd, so it never keeps the process alive, and when no attempt is left it is not cleared
 * (that would cost every call what sharing saves) but lapses at its next tick, at most one
 * timeout after the last call.
 */
export class Deadlines {
  private readonly pending = new Set<Expiring>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  add(item: Expiring): void {
    this.pending.add(item);
    if (item.deadline < this.armedFor) this.arm(item.deadline);
  }

  delete(item: Expiring): void {
    this.pending.delete(item);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => this.tick(), Math.max(0, at - performance.now()));
    // Not in every runtime's timer type (browsers return a number).
    (this.timer as { unref?: () => void }).unref?.();
  }

  private tick(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const item of this.pending) {
      if (item.deadline <= now) {
        this.pending.delete(item);
        item.expire();
      } else {
        next = Math.min(next, item.deadline);
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  }
}
