import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { Deadlines } from "../../src/deadlines.js";

// The client's timeout bookkeeping, on a fake clock: which attempts share an abort signal, and
// that a shared deadline only ever aborts attempts that are still open, never early.
describe("Deadlines", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test("attempts started together share one signal, ten at most", () => {
    const deadlines = new Deadlines();
    const groups = Array.from({ length: 11 }, () => deadlines.join(60_000, true));
    expect(new Set(groups.slice(0, 10)).size).toBe(1);
    expect(groups[10]).not.toBe(groups[0]);
  });

  test("an attempt with a caller signal, another timeout or a later start gets a new group", () => {
    const deadlines = new Deadlines();
    const first = deadlines.join(60_000, true);
    expect(deadlines.join(60_000, false)).not.toBe(first);
    expect(deadlines.join(30_000, true)).not.toBe(first);
    const second = deadlines.join(30_000, true);
    vi.advanceTimersByTime(301); // past the sharing window: 1 % of 30 s
    expect(deadlines.join(30_000, true)).not.toBe(second);
  });

  test("a shared deadline aborts the open attempts, after at least timeoutMs for the last to join", () => {
    const deadlines = new Deadlines();
    const group = deadlines.join(1_000, true);
    vi.advanceTimersByTime(10); // the last moment to join this group
    expect(deadlines.join(1_000, true)).toBe(group);
    vi.advanceTimersByTime(999);
    expect(group.controller.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(group.controller.signal.aborted).toBe(true);
    expect(group.timedOut).toBe(true);
  });

  test("a group whose attempts have all finished is never aborted", () => {
    const deadlines = new Deadlines();
    const group = deadlines.join(1_000, true);
    deadlines.leave(group);
    vi.advanceTimersByTime(5_000);
    expect(group.controller.signal.aborted).toBe(false);
    expect(group.timedOut).toBe(false);
  });
});
