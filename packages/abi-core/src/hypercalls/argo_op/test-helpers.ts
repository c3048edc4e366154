/**
 * Test helper: a handler's result is the errno a check's record gives, and the trace names
 * that check. Asserting the id as well as the errno tells apart checks that share an errno
 * (register_ring's four -EINVALs), so a test fails when the wrong one answers.
 */
import { expect } from "vitest";
import { ERRNO_NAMES } from "../../machine/errno.js";
import { ARGO_OP_RECORD } from "./record.js";
import type { ArgoHarness } from "./testing.js";

export function expectCheck(h: ArgoHarness, rc: number, errno: number, id: string): void {
  const check = [ARGO_OP_RECORD, ...ARGO_OP_RECORD.subops]
    .flatMap((r) => r.checks)
    .find((c) => c.id === id);
  expect(check, `argo_op's record has no check ${id}`).toBeDefined();
  expect(rc, id).toBe(-errno);
  expect(check!.errno, `${id}'s record`).toBe(ERRNO_NAMES[errno]);
  expect(h.lastCheck()).toBe(id);
}
