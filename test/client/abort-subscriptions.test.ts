import { getEventListeners } from "node:events";
import { describe, expect, test, vi } from "vitest";
import { onAbort } from "../../src/abort-subscriptions.js";

describe("onAbort", () => {
  test("many subscribers share one listener on the signal, removed with the last of them", () => {
    const controller = new AbortController();
    const unsubscribes = Array.from({ length: 50 }, () => onAbort(controller.signal, () => {}));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    for (const unsubscribe of unsubscribes.slice(1)) unsubscribe();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    unsubscribes[0]!();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("an abort reaches every subscriber still subscribed, with the reason", () => {
    const controller = new AbortController();
    const [kept, dropped] = [vi.fn(), vi.fn()];
    onAbort(controller.signal, kept);
    onAbort(controller.signal, dropped)();
    const reason = new Error("shutting down");
    controller.abort(reason);
    expect(kept).toHaveBeenCalledExactlyOnceWith(reason);
    expect(dropped).not.toHaveBeenCalled();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("an already aborted signal calls back at once", () => {
    const callback = vi.fn();
    onAbort(AbortSignal.abort("gone"), callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith("gone");
  });
});
