import { describe, expect, it } from "vitest";
import { GUEST_MODES } from "../../abi/modes.js";
import { layoutOf } from "../../table/structs/index.js";
import * as C from "./constants.js";
import { ARGO_OP_RECORD } from "./record.js";

/**
 * argo.c reads structs by fixed offsets (one layout on every ABI, public/argo.h); the model
 * names them as constants. They must equal what the layout engine computes for every mode,
 * except the compat iov, which is the pv32/hvm32 layout of xen_argo_iov_t.
 */
const STRUCTS: [string, string][] = [
  ["xen_argo_addr_t", "ARGO_ADDR"],
  ["xen_argo_send_addr_t", "ARGO_SEND_ADDR"],
  ["xen_argo_ring_t", "ARGO_RING"],
  ["xen_argo_register_ring_t", "ARGO_REGISTER_RING"],
  ["xen_argo_unregister_ring_t", "ARGO_UNREGISTER_RING"],
  ["xen_argo_ring_data_ent_t", "ARGO_RING_DATA_ENT"],
  ["xen_argo_ring_data_t", "ARGO_RING_DATA"],
];

const constants = C as unknown as Record<string, number>;

describe("Argo struct offsets agree with the layout engine", () => {
  for (const [struct, prefix] of STRUCTS) {
    it(`${struct} (${prefix}_*)`, () => {
      for (const mode of GUEST_MODES) {
        const l = layoutOf(struct, mode);
        expect(constants[`${prefix}_SIZE`], `${prefix}_SIZE in ${mode}`).toBe(l.size);
        for (const f of l.fields)
          expect(constants[`${prefix}_${f.name}`], `${prefix}_${f.name} in ${mode}`).toBe(f.offset);
      }
    });
  }

  it("xen_argo_iov_t: 16 bytes natively, 12 as the compat iov of 32-bit x86 guests", () => {
    for (const mode of GUEST_MODES) {
      const l = layoutOf("xen_argo_iov_t", mode);
      const prefix = mode === "pv32" || mode === "hvm32" ? "COMPAT_ARGO_IOV" : "ARGO_IOV";
      expect(constants[`${prefix}_SIZE`]).toBe(l.size);
      for (const f of l.fields)
        expect(constants[`${prefix}_${f.name}`], `${prefix}_${f.name}`).toBe(f.offset);
    }
  });

  it("the message header is one 16-byte slot", () => {
    expect(layoutOf("xen_argo_ring_message_header", "aarch64").size).toBe(C.ARGO_MSG_HDR_SIZE);
  });
});

describe("argo_op's record and the constants name each sub-op once", () => {
  it("each sub-op's header name is the constant of that name, with its number", () => {
    for (const s of ARGO_OP_RECORD.subops) expect(constants[s.name], s.name).toBe(s.number);
  });
  it("every XEN_ARGO_OP_* constant is a sub-op of the record", () => {
    const names = Object.keys(constants).filter((k) => k.startsWith("XEN_ARGO_OP_"));
    expect(names.sort()).toEqual(ARGO_OP_RECORD.subops.map((s) => s.name).sort());
  });
});
