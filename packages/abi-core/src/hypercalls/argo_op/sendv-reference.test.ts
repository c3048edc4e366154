import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GuestMode, XenArch } from "../../abi/modes.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import type { Release } from "../../machine/release.js";
import { writeStruct } from "../../machine/structio.js";
import { layoutOf } from "../../table/structs/index.js";
import {
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_MSG_SLOT_SIZE,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  npagesRing,
} from "./constants.js";
import { RING } from "./layouts.js";
import { sendvReference } from "./sendv-reference.js";
import { argoOf, findRingInfo } from "./state.js";
import { argoHarness, type ArgoHarness } from "./testing.js";
import { putGfns, putReg } from "./test-guest.js";

const MEM = 48 * PAGE_SIZE;
const REG = 0x1000;
const GFNS = 0x1100;
const SEND_ADDR = 0x2000;
const IOVS = 0x2100;
const RING_GFN = 8;
const DATA = 24 * PAGE_SIZE;

/** Sender mode, Xen's architecture and the receiver's mode. */
const SETUPS: readonly [GuestMode, XenArch, GuestMode][] = [
  ["aarch64", "arm64", "aarch64"],
  ["aarch32", "arm64", "aarch64"],
  ["aarch32", "arm32", "aarch32"],
  ["pv64", "x86_64", "pv64"],
  ["pv32", "x86_64", "hvm64"],
  ["hvm64", "x86_64", "hvm64"],
];

const caseArb = fc.record({
  setup: fc.constantFrom(...SETUPS),
  release: fc.constantFrom<Release>("4.12.0", "4.22.0"),
  wildcard: fc.boolean(),
  slots: fc.integer({ min: 3, max: (2 * PAGE_SIZE) / XEN_ARGO_MSG_SLOT_SIZE }),
  txSeed: fc.nat(),
  rx: fc.oneof(fc.constant(0), fc.nat({ max: 0xffffffff })),
  srcDomid: fc.constantFrom(1, 1, XEN_ARGO_DOMID_ANY, 2),
  srcPad: fc.constantFrom(0, 0, 0, 1),
  dstDomid: fc.constantFrom(2, 2, 2, 3),
  dstAport: fc.constantFrom(7, 7, 7, 8),
  dstPad: fc.constantFrom(0, 0, 0, 0x100),
  sendAddrAt: fc.constantFrom(SEND_ADDR, SEND_ADDR, SEND_ADDR, 16),
  iovsAt: fc.constantFrom(IOVS, IOVS, IOVS, MEM - 20),
  niov: fc.integer({ min: 0, max: 9 }),
  iovs: fc.array(
    fc.record({
      addr: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: DATA, max: MEM - 1 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: PAGE_SIZE + 16 }) },
      ),
      hi: fc.constantFrom(0, 0, 0, 0, 1, 0xffff8800),
      len: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 400 }) },
        { weight: 1, arbitrary: fc.constantFrom(0x20000, 0x10000000) },
      ),
      pad: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 1),
    }),
    { minLength: 9, maxLength: 9 },
  ),
  type: fc.nat({ max: 0xffffffff }),
  noise: fc.uint8Array({ minLength: 211, maxLength: 211 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** A machine in the case's state: the receiver's ring, the sender's structs and data. */
function build(c: Case): ArgoHarness {
  const [srcMode, arch, dstMode] = c.setup;
  const h = argoHarness({ arch, release: c.release, trace: true });
  const src = h.addDomain({ id: 1, mode: srcMode, memory: MEM });
  const dst = h.addDomain({ id: 2, mode: dstMode, memory: MEM });
  const len = c.slots * XEN_ARGO_MSG_SLOT_SIZE;
  const npages = npagesRing(len);
  putReg(dst, REG, 7, c.wildcard ? XEN_ARGO_DOMID_ANY : 1, len);
  putGfns(
    dst,
    GFNS,
    Array.from({ length: npages }, (_, i) => RING_GFN + i),
  );
  expect(h.op(dst, XEN_ARGO_OP_register_ring, REG, GFNS, npages, 0)).toBe(0);
  const ring = findRingInfo(argoOf(dst)!, 7, 2, c.wildcard ? XEN_ARGO_DOMID_ANY : 1)!;
  ring.txPtr = (c.txSeed % c.slots) * XEN_ARGO_MSG_SLOT_SIZE;
  new DataView(ring.map.frames[0]!.buffer, ring.map.frames[0]!.byteOffset).setUint32(
    RING.at.rx_ptr,
    c.rx >>> 0,
    true,
  );
  for (let a = DATA; a < MEM; a += c.noise.length) src.memory.write(a, c.noise);
  writeStruct(src.memory, SEND_ADDR, layoutOf("xen_argo_send_addr_t", srcMode), {
    src: { aport: 5, domain_id: c.srcDomid, pad: c.srcPad },
    dst: { aport: c.dstAport, domain_id: c.dstDomid, pad: c.dstPad },
  });
  const iovLayout = layoutOf("xen_argo_iov_t", srcMode);
  const wide = iovLayout.size === 16;
  c.iovs.forEach((v, i) =>
    writeStruct(src.memory, IOVS + i * iovLayout.size, iovLayout, {
      iov_hnd: (BigInt(wide ? v.hi : 0) << 32n) | BigInt(v.addr),
      iov_len: v.len,
      pad: v.pad,
    }),
  );
  return h;
}

function memoryOf(h: ArgoHarness, id: number): Uint8Array {
  return h.xen.domains.get(id)!.memory.readBytes(PAGE_SIZE, MEM - PAGE_SIZE)!;
}

/** Where two guests' memories first differ (-1: nowhere); cheaper than a deep equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return PAGE_SIZE + i;
  return -1;
}

describe("sendv against its reference path", () => {
  it("answers, fails the same check and writes the same bytes on random sends", () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(caseArb, (c) => {
        const fast = build(c);
        const ref = build(c);
        const src = fast.xen.domains.get(1)!;
        const rc = fast.op(src, XEN_ARGO_OP_sendv, c.sendAddrAt, c.iovsAt, c.niov, c.type);
        ref.xen.trace!.begin();
        const want = sendvReference({
          xen: ref.xen,
          source: ref.xen.domains.get(1)!,
          sendAddrAt: c.sendAddrAt,
          iovsAt: c.iovsAt,
          niov: c.niov,
          messageType: c.type,
        });
        expect(rc).toBe(want.rc);
        expect(fast.lastCheck()).toBe(want.check);
        outcomes.add(want.check ?? "sent");
        for (const id of [1, 2])
          expect(firstDifference(memoryOf(fast, id), memoryOf(ref, id)), `domain ${id}`).toBe(-1);
        const rings = [fast, ref].map((h) => {
          const a = argoOf(h.xen.domains.get(2)!)!;
          const r = findRingInfo(a, 7, 2, c.wildcard ? XEN_ARGO_DOMID_ANY : 1)!;
          return { tx: r.txPtr, pending: r.pending.map((p) => [p.domainId, p.len]) };
        });
        expect(rings[0]).toEqual(rings[1]);
      }),
      { numRuns: 300 },
    );
    // The random cases reach sends and most of sendv's checks, not only early failures.
    expect(outcomes).toContain("sent");
    expect(outcomes.size).toBeGreaterThanOrEqual(12);
  });
});
