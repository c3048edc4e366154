/**
 * XENMEM_exchange's argument checks (xen/common/memory.c do_memory_op, memory_exchange), each
 * made to fail once and named in the trace; the exchange itself is not modelled.
 */
import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import type { ReleaseRef } from "../machine/release.js";
import { MEMOP_EXTENT_SHIFT } from "../hypercalls/memory_op/constants.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const MEMORY_OP = 12;
const EXCHANGE = 11;
const SELF = 0x7ff0;
const A = 0x2000;
const HOLE = 0;

function world(mode: GuestMode = "pv64", arch: XenArch = "x86_64", release?: ReleaseRef) {
  const xen = new Xen({ arch, trace: true, ...(release !== undefined && { release }) });
  for (const id of [0, 1, 2]) xen.createDomain({ id, mode, memory: 1 << 20 });
  const g = new TestGuest(xen, 1);
  type Side = Record<string, number | bigint>;
  const exchange = (inSide: Side = {}, outSide: Side = {}, more: Side = {}, guest = g) => {
    const side = (s: Side, list: number) => ({
      extent_start: list,
      nr_extents: 2,
      extent_order: 0,
      mem_flags: 0,
      domid: SELF,
      ...s,
    });
    const f = { nr_exchanged: 0, ...more, in: side(inSide, 0x3000), out: side(outSide, 0x3800) };
    guest.put(A, "xen_memory_exchange_t", f);
    return guest.exec(MEMORY_OP, [EXCHANGE, A]);
  };
  return { xen, g, exchange, dom0: new TestGuest(xen, 0) };
}

describe("XENMEM_exchange", () => {
  it("resume bits, copy_in, the extent order, the sanity checks, the lists, the node, domid, XSM", () => {
    const { xen, g, exchange } = world();
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [EXCHANGE + (1 << MEMOP_EXTENT_SHIFT), HOLE]),
      "memory_op.exchange.resume_bits",
    );
    expectCheck(xen, g.exec(MEMORY_OP, [EXCHANGE, HOLE]), "memory_op.exchange.copy_in");
    expectCheck(
      xen,
      exchange({ extent_order: 10 }, {}, { nr_exchanged: 9 }),
      "memory_op.exchange.extent_order",
    );
    expectCheck(xen, exchange({}, {}, { nr_exchanged: 3 }), "memory_op.exchange.sanity");
    expectCheck(xen, exchange({}, { domid: 2 }), "memory_op.exchange.sanity");
    // 2 extents of order 1 are 4 pages, 2 of order 0 are 2.
    expectCheck(xen, exchange({ extent_order: 1 }), "memory_op.exchange.sanity");
    expect(exchange({ extent_order: 1 }, { nr_extents: 4 }).unmodelled).toMatch(/exchanging/);
    expectCheck(
      xen,
      exchange({ extent_start: 0xffff800000000000n }),
      "memory_op.exchange.in_handle",
    );
    expectCheck(
      xen,
      exchange({}, { extent_start: 0xffff800000000000n }),
      "memory_op.exchange.out_handle",
    );
    // Node 0, exactly: a domU may not insist (XENMEMF_exact_node_request).
    expectCheck(
      xen,
      exchange({}, { mem_flags: (1 << 8) | (1 << 17) }),
      "memory_op.exchange.exact_node",
    );
    expectCheck(xen, exchange({ domid: 9 }, { domid: 9 }), "memory_op.exchange.domid");
    expectCheck(xen, exchange({ domid: 2 }, { domid: 2 }), "memory_op.exchange.xsm");
  });

  it("what passes: the exchange itself is not modelled; a node without the exact flag is fine", () => {
    const { exchange } = world();
    expect(exchange().unmodelled).toMatch(/exchanging the extents/);
    expect(exchange({}, { mem_flags: 1 << 8 }).unmodelled).toMatch(/exchanging the extents/);
  });

  it("nr_exchanged == in.nr_extents: 0 at once from 4.13; 4.12 checks the domain first", () => {
    const now = world("aarch64", "arm64");
    now.exchange({ domid: 9 }, { domid: 9 }, { nr_exchanged: 2 });
    expect(now.xen.result(1, 0)).toBe(0n);
    const old = world("aarch64", "arm64", "4.12");
    expectCheck(
      old.xen,
      old.exchange({ domid: 9 }, { domid: 9 }, { nr_exchanged: 2 }),
      "memory_op.exchange.domid",
    );
    old.exchange({}, {}, { nr_exchanged: 2 });
    expect(old.xen.result(1, 0)).toBe(0n);
  });

  it("Arm and x86 HVM do not check the lists' addresses; a 32-bit guest is translated (not modelled)", () => {
    const arm = world("aarch64", "arm64");
    expect(arm.exchange({ extent_start: 0xffff800000000000n }).unmodelled).toMatch(/exchanging/);
    const pv32 = world("pv32");
    expectCheck(pv32.xen, pv32.g.exec(MEMORY_OP, [EXCHANGE, HOLE]), "memory_op.exchange.copy_in");
    expect(pv32.exchange().unmodelled).toMatch(/compat/);
  });
});
