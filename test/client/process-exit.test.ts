import { expect, test } from "vitest";
import { runTsFile } from "../helpers/run-script.js";

test("a process that used the client exits by itself: no timer or handle left behind", () => {
  // A leaked per-attempt timer (60 s by default) would keep the child alive past this timeout.
  const child = runTsFile("test/helpers/client-exit-child.ts", [], { timeoutMs: 20_000 });
  expect(child.error).toBeUndefined();
  expect(child.stderr).toBe("");
  expect(child.status).toBe(0);
  expect(JSON.parse(child.stdout)).not.toContain("Timeout");
});
