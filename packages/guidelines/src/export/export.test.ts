import { describe, expect, it } from "vitest";
import { exportDocument } from "./export.js";

describe("exportDocument", () => {
  const doc = exportDocument("4.22");

  it("has the issue's shape for argo_op", () => {
    expect(doc.schemaVersion).toBe(1);
    expect(doc.release).toBe("4.22.0");
    const argo = doc.hypercalls.find((h) => h.name === "argo_op")!;
    expect(argo.number).toBe(39);
    expect(argo.availability).toEqual({
      pv32: "compat",
      pv64: "do",
      hvm32: "compat",
      hvm64: "do",
      arm: "do",
    });
    expect(argo.args[0]).toMatchObject({
      name: "cmd",
      type: "unsigned int",
      registers: {
        aarch64: "x0",
        aarch32: "r0",
        pv64: "rdi",
        hvm64: "rdi",
        pv32: "ebx",
        hvm32: "ebx",
      },
      bits: { aarch64: 32, aarch32: 32, pv64: 32, hvm64: 32, pv32: 32, hvm32: 32 },
    });
    expect(argo.args[3]!.bits).toEqual({
      aarch64: 64,
      aarch32: 32,
      pv64: 64,
      hvm64: 64,
      pv32: 32,
      hvm32: 32,
    });
    expect(argo.args[4]!.registers).toEqual({
      aarch64: "x4",
      aarch32: "r4",
      pv64: "r8",
      hvm64: "r8",
      pv32: "edi",
      hvm32: "edi",
    });
  });

  it("lays out structs per guest mode", () => {
    const iov = doc.structs["xen_argo_iov_t"]!;
    expect(iov.aarch64).toEqual({
      size: 16,
      align: 8,
      fields: [
        { name: "iov_hnd", offset: 0, size: 8 },
        { name: "iov_len", offset: 8, size: 4 },
        { name: "pad", offset: 12, size: 4 },
      ],
    });
    expect(iov.aarch32.size).toBe(16);
    expect(iov.pv32).toMatchObject({
      size: 12,
      fields: [{ offset: 0, size: 4 }, { offset: 4 }, { offset: 8 }],
    });
    expect(doc.structs["multicall_entry_t"]!.hvm32.size).toBe(32);
    expect(Object.keys(doc.structs)).toContain("xen_argo_ring_message_header");
  });

  it("uses xen.h names and the table's prefixes, null where there is no handler", () => {
    expect(doc.hypercalls.map((h) => h.number)).toEqual(
      [...doc.hypercalls.map((h) => h.number)].sort((a, b) => a - b),
    );
    expect(doc.hypercalls.find((h) => h.name === "physdev_op")!.availability.arm).toBe("do_arm");
    expect(doc.hypercalls.find((h) => h.name === "sched_op_compat")!.availability.arm).toBe("dep");
    expect(doc.hypercalls.find((h) => h.name === "xenoprof_op")!.availability.pv64).toBeNull();
    expect(
      exportDocument("4.21").hypercalls.find((h) => h.name === "xenoprof_op")!.availability.pv64,
    ).toBe("do");
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
