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
  expect(rc, id).toBe(argoResult(h, id, errno));
  expect(check!.errno, `${id}'s record`).toBe(ERRNO_NAMES[errno]);
  expect(h.lastCheck()).toBe(id);
}

/**
 * sendv's checks that return before its last line (do_argo_op's, then sendv's early returns);
 * every other sendv check leaves through `return (ret < 0) ? ret : len` (xen/common/argo.c).
 */
const SENDV_EARLY: ReadonlySet<string> = new Set([
  "argo_op.sendv.copy_send_addr",
  "argo_op.sendv.niov_max",
  "argo_op.sendv.copy_iovs",
  "argo_op.sendv.addr_pad",
  "argo_op.sendv.src_not_caller",
  "argo_op.sendv.dst_missing",
  "argo_op.sendv.xsm_send",
]);

/**
 * The `long` the handler returns when check `id` fails with `errno`: -errno, except a sendv
 * error through sendv's last line on a release whose unsigned int len zero-extends it.
 */
export function argoResult(h: ArgoHarness, id: string, errno: number): number {
  const late = id.startsWith("argo_op.sendv.") && !SENDV_EARLY.has(id);
  return late && h.xen.profile.argoSendvZeroExtends ? -errno >>> 0 : -errno;
}
