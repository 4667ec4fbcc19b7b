/** Longest delay setTimeout supports; a longer one fires at once (with a warning). */
export const MAX_TIMER_MS = 2_147_483_647;

/** Attempts that start within this share of the timeout (capped) share one deadline. */
const SPAN_SHARE = 0.01;
const MAX_SPAN_MS = 100;
/**
 * At most this many attempts share one abort signal: a fetch adds an abort listener per request
 * (undici drops it only when the request is garbage-collected), and Node warns above 10.
 */
const GROUP_SIZE = 10;

/**
 * Attempts that started at about the same time and abort together when their shared deadline
 * passes. Creating an AbortController costs more than the rest of an attempt's bookkeeping, so
 * attempts without a caller signal share one, ten at a time; an attempt with a caller signal
 * gets a group of its own, aborted by that signal too.
 */
export class TimeoutGroup {
  readonly controller = new AbortController();
  /** Attempts in the group whose response is still being read. */
  open = 0;
  joined = 0;
  timedOut = false;
  readonly deadline: number;
  readonly joinUntil: number;

  constructor(
    now: number,
    readonly timeoutMs: number,
  ) {
    const span = Math.min(timeoutMs * SPAN_SHARE, MAX_SPAN_MS);
    // A member joins at most `span` after the group began, so each gets at least `timeoutMs`.
    this.joinUntil = now + span;
    this.deadline = now + timeoutMs + span;
  }

  /** Only attempts still open time out; the ones that finished never notice. */
  expire(): void {
    if (this.open === 0) return;
    this.timedOut = true;
    this.controller.abort();
  }
}

/**
 * One timer per client for the deadlines of all its attempts, instead of a timer per attempt:
 * arming and clearing a timer costs more than the rest of a call's bookkeeping. The timer is
 * unref'd, so it never keeps the process alive, and when no attempt is left it is not cleared
 * (that would cost every call what sharing saves) but lapses at its next tick, at most one
 * timeout after the last call. Each attempt's timeout is `timeoutMs` plus at most 1 % (≤ 100 ms).
 */
export class Deadlines {
  private readonly pending = new Set<TimeoutGroup>();
  /** The group new attempts without a caller signal join while it takes members. */
  private joinable: TimeoutGroup | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  /** The group an attempt starting now belongs to; `shared: false` for one of its own. */
  join(timeoutMs: number, shared: boolean): TimeoutGroup {
    const now = performance.now();
    let group = shared ? this.joinable : undefined;
    if (
      group === undefined ||
      group.timeoutMs !== timeoutMs ||
      group.joined >= GROUP_SIZE ||
      now > group.joinUntil
    ) {
      group = new TimeoutGroup(now, timeoutMs);
      if (shared) {
        const previous = this.joinable;
        this.joinable = group;
        if (previous?.open === 0) this.pending.delete(previous);
      }
      this.pending.add(group);
      if (group.deadline < this.armedFor) this.arm(group.deadline);
    }
    group.open++;
    group.joined++;
    return group;
  }

  /** An attempt of `group` is over: its response is read, or it failed. */
  leave(group: TimeoutGroup): void {
    if (--group.open === 0 && group !== this.joinable) this.pending.delete(group);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedFor = at;
    // A deadline past the timer's range (timeoutMs near MAX_TIMER_MS plus the sharing span) is
    // reached in more than one step: tick() re-arms for what is left.
    const delay = Math.min(Math.max(0, at - performance.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.tick(), delay);
    // Not in every runtime's timer type (browsers return a number).
    (this.timer as { unref?: () => void }).unref?.();
  }

  private tick(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const group of this.pending) {
      if (group.deadline <= now) {
        this.pending.delete(group);
        if (group === this.joinable) this.joinable = undefined;
        group.expire();
      } else {
        next = Math.min(next, group.deadline);
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  }
}
