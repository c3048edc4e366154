import { describe, expect, it } from "vitest";
import { LayoutEngine, type CRecordDecl } from "../abi/layout.js";
import { GuestMemory, PAGE_SIZE } from "./memory.js";
import {
  StructIoError,
  cString,
  decodeStruct,
  decodedLength,
  encodeStruct,
  encodedLength,
  readStruct,
  writeStruct,
} from "./structio.js";

// Declarations shaped like argo.h's, so this layer's tests need no struct table (table/ is not
// below machine/); table/structs.test.ts round-trips Xen's real table.
const DECLS: readonly CRecordDecl[] = [
  {
    name: "addr_t",
    fields: [
      { name: "aport", ctype: "uint32_t" },
      { name: "domain_id", ctype: "domid_t" },
      { name: "pad", ctype: "uint16_t" },
    ],
  },
  {
    name: "iov_t",
    fields: [
      { name: "iov_hnd", ctype: "XEN_GUEST_HANDLE(uint8)" },
      { name: "iov_len", ctype: "uint32_t" },
      { name: "pad", ctype: "uint32_t" },
    ],
  },
  {
    name: "ent_t",
    fields: [
      { name: "ring", ctype: "addr_t" },
      { name: "flags", ctype: "uint16_t" },
      { name: "pad", ctype: "uint16_t" },
      { name: "space_required", ctype: "uint32_t" },
      { name: "max_message_size", ctype: "uint32_t" },
    ],
  },
  {
    name: "ring_data_t",
    fields: [
      { name: "nent", ctype: "uint32_t" },
      { name: "pad", ctype: "uint32_t" },
      { name: "data", ctype: "ent_t", flexible: true },
    ],
  },
  {
    name: "ring_t",
    fields: [
      { name: "rx_ptr", ctype: "uint32_t" },
      { name: "tx_ptr", ctype: "uint32_t" },
      { name: "reserved", ctype: "uint8_t", count: 56 },
      { name: "ring", ctype: "uint8_t", flexible: true },
    ],
  },
  {
    name: "misc_t",
    fields: [
      { name: "state", ctype: "int" },
      { name: "when", ctype: "uint64_t" },
      { name: "times", ctype: "uint64_t", count: 2 },
      { name: "text", ctype: "char", count: 8 },
      { name: "delta", ctype: "int16_t" },
      { name: "word", ctype: "xen_ulong_t" },
    ],
  },
];
const byName = new Map(DECLS.map((d) => [d.name, d]));
const engine = new LayoutEngine((n) => byName.get(n));
const L = (name: string, mode: Parameters<LayoutEngine["layoutOf"]>[1] = "aarch64") =>
  engine.layoutOf(name, mode);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("encodeStruct", () => {
  it("writes little-endian fields at their offsets, missing fields as 0", () => {
    const b = encodeStruct(L("addr_t"), { aport: 0x01020304, domain_id: 0x7ff4 });
    expect(hex(b)).toBe("04030201" + "f47f" + "0000");
  });

  it("lays a guest handle out per mode: 8 bytes on aarch32, 4 on pv32", () => {
    expect(hex(encodeStruct(L("iov_t", "aarch32"), { iov_hnd: 0x3000, iov_len: 5 }))).toBe(
      "0030000000000000" + "05000000" + "00000000",
    );
    expect(hex(encodeStruct(L("iov_t", "pv32"), { iov_hnd: 0x3000, iov_len: 5 }))).toBe(
      "00300000" + "05000000" + "00000000",
    );
  });

  it("takes bigints for 64-bit fields and negatives as two's complement", () => {
    const l = L("misc_t", "i386");
    const b = encodeStruct(l, {
      state: -1,
      when: 0xfedcba9876543210n,
      delta: -2,
      word: 0xffffffff,
    });
    expect(b.length).toBe(l.size);
    expect(hex(b.subarray(0, 12))).toBe("ffffffff" + "1032547698badcfe");
    const d = decodeStruct(l, b);
    expect(d.state).toBe(-1n);
    expect(d.when).toBe(0xfedcba9876543210n);
    expect(d.delta).toBe(-2n);
    expect(d.word).toBe(0xffffffffn);
  });

  it("encodes nested structs, arrays, strings and byte arrays", () => {
    const l = L("misc_t", "aarch64");
    const b = encodeStruct(l, { times: [1, 2n], text: "hi" });
    const d = decodeStruct(l, b);
    expect(d.times).toEqual([1n, 2n]);
    expect(d.text).toEqual(new Uint8Array([0x68, 0x69, 0, 0, 0, 0, 0, 0]));
    expect(cString(d.text as Uint8Array)).toBe("hi");
    const r = decodeStruct(
      L("ring_t"),
      encodeStruct(L("ring_t"), { reserved: new Uint8Array([9, 8]) }),
    );
    expect((r.reserved as Uint8Array).subarray(0, 3)).toEqual(new Uint8Array([9, 8, 0]));
    expect(
      decodeStruct(L("ring_t"), encodeStruct(L("ring_t"), { reserved: [7] })).reserved,
    ).toHaveLength(56);
  });

  it("leaves the holes of a sparse array as it leaves a missing field", () => {
    const l = L("misc_t", "aarch64");
    const times: bigint[] = [];
    times[1] = 5n;
    expect(decodeStruct(l, encodeStruct(l, { times })).times).toEqual([0n, 5n]);
  });

  it("grows the bytes by the flexible member's elements", () => {
    const l = L("ring_data_t", "pv64");
    const fields = {
      nent: 2,
      data: [{ ring: { aport: 1, domain_id: 2 }, space_required: 48 }, { flags: 1 }],
    };
    expect(encodedLength(l, fields)).toBe(8 + 2 * 20);
    const b = encodeStruct(l, fields);
    expect(b.length).toBe(48);
    expect(hex(b.subarray(8, 28))).toBe(
      "01000000" + "0200" + "0000" + "0000" + "0000" + "30000000" + "00000000",
    );
    const d = decodeStruct(l, b, { flexCount: 2 });
    expect(d.data).toEqual([
      {
        ring: { aport: 1n, domain_id: 2n, pad: 0n },
        flags: 0n,
        pad: 0n,
        space_required: 48n,
        max_message_size: 0n,
      },
      {
        ring: { aport: 0n, domain_id: 0n, pad: 0n },
        flags: 1n,
        pad: 0n,
        space_required: 0n,
        max_message_size: 0n,
      },
    ]);
    expect(encodeStruct(L("ring_t"), { ring: "abc" }).length).toBe(67);
    expect(decodeStruct(l, b).data).toEqual([]);
  });

  it("rejects unknown fields with a path a caller can prefix", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error("did not throw");
    };
    const e = err(() => encodeStruct(L("ring_t"), { foo: 1 })) as StructIoError;
    expect(e).toBeInstanceOf(StructIoError);
    expect(e.path).toBe("foo");
    expect(e.detail).toBe("unknown field of ring_t");
    expect(e.message).toBe("foo: unknown field of ring_t");
    expect(() => encodeStruct(L("ring_data_t"), { data: [{}, { ring: { port: 1 } }] })).toThrow(
      "data[1].ring.port: unknown field of addr_t",
    );
  });

  it("rejects values that do not fit", () => {
    expect(() => encodeStruct(L("addr_t"), { domain_id: 0x10000 })).toThrow(
      "domain_id: 65536 does not fit domid_t (2 bytes)",
    );
    expect(() => encodeStruct(L("addr_t"), { domain_id: -0x8001 })).toThrow(/does not fit/);
    expect(() => encodeStruct(L("addr_t"), { aport: 1.5 })).toThrow(
      "aport: 1.5 is not a safe integer",
    );
    expect(() => encodeStruct(L("addr_t"), { aport: "1" })).toThrow(
      "aport: expected an integer for uint32_t",
    );
    expect(() => encodeStruct(L("misc_t"), { text: "123456789" })).toThrow(
      "text: 9 elements do not fit char text[8]",
    );
    expect(() => encodeStruct(L("misc_t"), { times: 3 })).toThrow(
      "times: expected an array for uint64_t times[]",
    );
    expect(() => encodeStruct(L("ent_t"), { ring: 5 })).toThrow(
      "ring: expected the fields of addr_t",
    );
    expect(() => encodeStruct(L("iov_t", "pv32"), { iov_hnd: 0x1_0000_0000 })).toThrow(
      /does not fit/,
    );
  });
});

describe("decodeStruct", () => {
  it("returns every field, integers as bigint, signed per type", () => {
    const b = new Uint8Array(L("iov_t", "pv64").size).fill(0xff);
    expect(decodeStruct(L("iov_t", "pv64"), b)).toEqual({
      iov_hnd: 0xffffffffffffffffn,
      iov_len: 0xffffffffn,
      pad: 0xffffffffn,
    });
  });

  it("reads from a subarray's own offset", () => {
    const big = new Uint8Array(16);
    big.set([1, 0, 0, 0, 2, 0, 3, 0], 8);
    expect(decodeStruct(L("addr_t"), big.subarray(8))).toEqual({
      aport: 1n,
      domain_id: 2n,
      pad: 3n,
    });
  });

  it("refuses too few bytes and bad flexible counts", () => {
    expect(() => decodeStruct(L("addr_t"), new Uint8Array(7))).toThrow(
      "addr_t: 7 bytes are too few, it needs 8",
    );
    expect(() => decodeStruct(L("ring_data_t"), new Uint8Array(8), { flexCount: 1 })).toThrow(
      /too few/,
    );
    expect(() => decodedLength(L("addr_t"), { flexCount: 1 })).toThrow(
      "addr_t has no flexible array member",
    );
    expect(() => decodedLength(L("ring_t"), { flexCount: -1 })).toThrow(/is not a count/);
    expect(decodedLength(L("ring_t"), { flexCount: 16 })).toBe(80);
  });
});

describe("guest memory", () => {
  it("round-trips a struct across a page boundary", () => {
    // Frame 0 is unmapped at boot: use frames 1 and 2.
    const mem = new GuestMemory(3 * PAGE_SIZE);
    const addr = 2 * PAGE_SIZE - 10;
    const l = L("misc_t", "aarch32");
    const fields = {
      state: 3,
      when: 1n << 40n,
      times: [5, 6],
      text: "xen",
      delta: -7,
      word: 0xfffffffffn,
    };
    expect(writeStruct(mem, addr, l, fields)).toBe(true);
    const d = readStruct(mem, addr, l)!;
    expect(d).toMatchObject({
      state: 3n,
      when: 1n << 40n,
      times: [5n, 6n],
      delta: -7n,
      word: 0xfffffffffn,
    });
    expect(cString(d.text as Uint8Array)).toBe("xen");
  });

  it("refuses writes and reads outside the guest, writing nothing", () => {
    const mem = new GuestMemory(2 * PAGE_SIZE);
    const l = L("ring_t");
    expect(writeStruct(mem, 2 * PAGE_SIZE - 63, l, { rx_ptr: 1 })).toBe(false);
    expect(writeStruct(mem, -1, l, {})).toBe(false);
    expect(mem.touchedFrames).toBe(0);
    expect(writeStruct(mem, 2 * PAGE_SIZE - 64, l, { rx_ptr: 1 })).toBe(true);
    expect(writeStruct(mem, 2 * PAGE_SIZE - 64, l, { ring: [1] })).toBe(false);
    expect(readStruct(mem, 2 * PAGE_SIZE - 64, l)).toMatchObject({ rx_ptr: 1n });
    expect(readStruct(mem, 2 * PAGE_SIZE - 64, l, { flexCount: 1 })).toBeUndefined();
    expect(readStruct(mem, 2 * PAGE_SIZE, L("addr_t"))).toBeUndefined();
  });
});
