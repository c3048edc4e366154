/**
 * Property tests of grant_table_op: random and hostile calls from two guests, and after every
 * call (1) Xen wrote guest memory only where the call says it may (the op structs it was
 * given, setup_table's frame list, the flags of grant entries in the granter's table frames,
 * whole entries of the caller's own table for swap_grant_ref and set_version,
 * a copy's destination, frames a map or unmap adds or removes), (2) an entry is marked
 * GTF_reading exactly while it is pinned, and (3) a 32-bit guest (compat_grant_table_op) and a
 * 64-bit guest get the same results for the same logical requests.
 */
import { describe, expect, it } from "vitest";
import type { GuestMode, XenArch } from "../abi/modes.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { layoutOf } from "../table/structs.js";
import { Xen } from "../xen.js";
import { Rng } from "../fuzz/rng.js";
import { TestGuest } from "./test-guest.testing.js";
import {
  GTF_permit_access,
  GTF_reading,
  GTF_readonly,
  GTF_writing,
} from "../hypercalls/grant_table_op/constants.js";

const SELF = 0x7ff0;
const OPS = 0x2000;
const LIST = 0x4000;
const GT_GFN = 0x90;
const MEM = 1 << 20;

interface Snapshot {
  readonly mapped: boolean[];
  readonly bytes: (Uint8Array | null)[];
}

function snapshot(xen: Xen, id: number): Snapshot {
  const m = xen.domain(id).memory;
  const mapped: boolean[] = [];
  const bytes: (Uint8Array | null)[] = [];
  for (let gfn = 0; gfn < m.nrFrames; gfn++) {
    const on = m.isMapped(gfn);
    mapped.push(on);
    bytes.push(on ? m.frame(gfn).slice() : null);
  }
  return { mapped, bytes };
}

/** Byte ranges [from, to) of guest-physical addresses a call may change. */
type Ranges = [number, number][];

/**
 * Frames of domain `other` that are the same page as a frame of `caller` inside the caller's
 * allowed ranges (a grant one of them mapped from the other): a write there is allowed too.
 */
function sharedInto(xen: Xen, caller: number, other: number, allowed: Ranges): Set<number> {
  const cm = xen.domain(caller).memory;
  const om = xen.domain(other).memory;
  const pages = new Set<Uint8Array>();
  for (const [from, to] of allowed)
    for (let gfn = Math.floor(from / PAGE_SIZE); gfn * PAGE_SIZE < to && gfn < cm.nrFrames; gfn++)
      if (cm.isMapped(gfn)) pages.add(cm.frame(gfn));
  const out = new Set<number>();
  for (let gfn = 0; gfn < om.nrFrames; gfn++)
    if (om.isMapped(gfn) && pages.has(om.frame(gfn))) out.add(gfn);
  return out;
}

/** Whether two frames hold the same bytes (a word at a time). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  const x = new Uint32Array(a.buffer, a.byteOffset, PAGE_SIZE / 4);
  const y = new Uint32Array(b.buffer, b.byteOffset, PAGE_SIZE / 4);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function changes(
  xen: Xen,
  id: number,
  before: Snapshot,
  allowed: Ranges,
  remapOk: Set<number>,
  sharedOk: Set<number> = new Set(),
) {
  const m = xen.domain(id).memory;
  const bad: string[] = [];
  for (let gfn = 0; gfn < m.nrFrames; gfn++) {
    if (sharedOk.has(gfn)) continue;
    const on = m.isMapped(gfn);
    if (on !== before.mapped[gfn] || (on && m.isForeign(gfn) && remapOk.has(gfn))) {
      if (!remapOk.has(gfn)) bad.push(`d${id} gfn 0x${gfn.toString(16)} mapping changed`);
      continue;
    }
    if (!on) continue;
    const now = m.frame(gfn);
    const was = before.bytes[gfn]!;
    if (same(now, was)) continue;
    for (let o = 0; o < PAGE_SIZE; o++) {
      if (now[o] === was[o]) continue;
      const a = gfn * PAGE_SIZE + o;
      if (!allowed.some(([f, t]) => a >= f && a < t))
        bad.push(`d${id} byte 0x${a.toString(16)} changed`);
    }
  }
  return bad;
}

function world(mode: GuestMode, arch: XenArch) {
  const xen = new Xen({ arch, preemptBudget: 3 });
  xen.createDomain({ id: 1, mode, memory: MEM });
  xen.createDomain({ id: 2, mode, memory: MEM });
  const g1 = new TestGuest(xen, 1);
  const g2 = new TestGuest(xen, 2);
  // dom1's table at GT_GFN, entries 8-15 granted to dom2 (some read-only, some to dom1).
  g1.put(0x1000, "xen_add_to_physmap_t", {
    domid: SELF,
    space: 1,
    idx: 0,
    gpfn: GT_GFN,
  });
  expect(g1.call(12, [7, 0x1000])).toBe(0);
  // Distinct bytes in the granted frames and the copy target, so a stray byte shows.
  const fill = (g: TestGuest, gfn: number, seed: number) =>
    g.domain.memory.write(
      gfn * PAGE_SIZE,
      Uint8Array.from({ length: PAGE_SIZE }, (_, i) => (i * seed + 1) & 0xff),
    );
  for (let f = 0x40; f < 0x44; f++) fill(g1, f, f);
  fill(g2, 0x60, 7);
  return { xen, g1, g2 };
}

/** One random grant_table_op from g; returns what it may write. */
function randomCall(rng: Rng, xen: Xen, g: TestGuest, other: TestGuest) {
  const mode = g.domain.mode;
  const cmd = rng.pick([0, 0, 0, 1, 1, 2, 5, 6, 7, 8, 10, 11, rng.int(16), rng.u32()]);
  const count = rng.pick([0, 1, 1, 2, 3, 5, rng.u32()]);
  // Grant entries' flags words in dom1's table frame (mapped at GT_GFN): Xen's to change.
  const entries: Ranges = [];
  for (let r = 0; r < 512; r++)
    entries.push([GT_GFN * PAGE_SIZE + r * 8, GT_GFN * PAGE_SIZE + r * 8 + 2]);
  const allowed: Ranges = g.id === 1 ? [...entries] : [];
  const allowedOther: Ranges = g.id === 1 ? [] : [...entries];
  const remap = new Set<number>();
  const dom = rng.pick([other.id, g.id, SELF, 9]);
  const ref = rng.pick([8, 9, 10, 11, rng.int(600)]);
  const hostGfn = 0x50 + rng.int(8);
  const n = Math.min(count >>> 0, 5);
  // Xen may write back any of the count structs it is given.
  const array = (name: string) =>
    [OPS, Math.min(OPS + (count >>> 0) * struct(name), MEM)] as [number, number];
  const struct = (name: string) => layoutOf(name, mode).size;
  switch (cmd) {
    case 0:
      for (let i = 0; i < n; i++)
        g.put(OPS + i * struct("gnttab_map_grant_ref_t"), "gnttab_map_grant_ref_t", {
          host_addr: hostGfn * PAGE_SIZE,
          flags: rng.pick([2, 2, 6, 1, 3, 0, rng.int(32)]),
          ref,
          dom,
        });
      allowed.push(array("gnttab_map_grant_ref_t"));
      for (let i = 0; i < 8; i++) remap.add(0x50 + i);
      break;
    case 1:
      for (let i = 0; i < n; i++)
        g.put(OPS + i * struct("gnttab_unmap_grant_ref_t"), "gnttab_unmap_grant_ref_t", {
          host_addr: rng.pick([hostGfn * PAGE_SIZE, 0]),
          handle: rng.int(6),
        });
      allowed.push(array("gnttab_unmap_grant_ref_t"));
      for (let i = 0; i < 8; i++) remap.add(0x50 + i);
      break;
    case 2:
      g.put(OPS, "gnttab_setup_table_t", {
        dom: rng.pick([SELF, other.id]),
        nr_frames: rng.pick([0, 1, 2, 70]),
        frame_list: LIST,
      });
      allowed.push([OPS, OPS + struct("gnttab_setup_table_t")], [LIST, LIST + 70 * 8]);
      break;
    case 5: {
      // Every op of the batch is written here (no stale bytes read as ops), so the exact
      // destination of each is known: the caller's frame 0x60, or the granted frame of ref.
      for (let i = 0; i < n; i++) {
        const flags = rng.pick([1, 0, 2, 3]);
        const dref = rng.pick([8, 9, 10, 11, 12, 13]);
        const off = rng.int(4096);
        const len = rng.pick([0, 1, 16, 4096 - off, 4097 - off]);
        g.put(OPS + i * struct("gnttab_copy_t"), "gnttab_copy_t", {
          source: {
            u: rng.pick([ref, 0x40]),
            domid: rng.pick([dom, SELF]),
            offset: rng.int(4096),
          },
          dest:
            flags & 2
              ? { u: dref, domid: other.id, offset: off }
              : { u: 0x60, domid: SELF, offset: off },
          len,
          flags,
        });
        const to = Math.min(off + len, 4096);
        if (flags & 2)
          allowedOther.push([
            (0x40 + (dref % 4)) * PAGE_SIZE + off,
            (0x40 + (dref % 4)) * PAGE_SIZE + to,
          ]);
        else allowed.push([0x60000 + off, 0x60000 + to]);
      }
      allowed.push(array("gnttab_copy_t"));
      return { cmd, count: n, allowed, allowedOther, remap };
    }
    case 7:
      // unmap_and_replace: unmap_grant_ref's writes, with or without a new_addr.
      for (let i = 0; i < n; i++)
        g.put(OPS + i * struct("gnttab_unmap_and_replace_t"), "gnttab_unmap_and_replace_t", {
          host_addr: rng.pick([hostGfn * PAGE_SIZE, 0]),
          new_addr: rng.pick([0, 0, hostGfn * PAGE_SIZE]),
          handle: rng.int(6),
        });
      allowed.push(array("gnttab_unmap_and_replace_t"));
      for (let i = 0; i < 8; i++) remap.add(0x50 + i);
      break;
    case 11:
      // swap_grant_ref: the op's status, and whole entries of the caller's own table frame.
      for (let i = 0; i < n; i++)
        g.put(OPS + i * struct("gnttab_swap_grant_ref_t"), "gnttab_swap_grant_ref_t", {
          ref_a: rng.pick([ref, 8, rng.int(520)]),
          ref_b: rng.pick([ref, 9, rng.int(520)]),
        });
      allowed.push(array("gnttab_swap_grant_ref_t"));
      if (g.id === 1) allowed.push([GT_GFN * PAGE_SIZE, (GT_GFN + 1) * PAGE_SIZE]);
      return { cmd, count: n, allowed, allowedOther, remap };
    default:
      g.put(OPS, "gnttab_query_size_t", { dom: rng.pick([SELF, other.id, 9]) });
      allowed.push([OPS, OPS + 16]);
      // set_version (its version read from dom: 2 when other is dom2) clears the caller's
      // table frames when the version changes (gnttab_set_version's clear_page).
      if (cmd === 8 && g.id === 1) allowed.push([GT_GFN * PAGE_SIZE, (GT_GFN + 1) * PAGE_SIZE]);
  }
  return { cmd, count, allowed, allowedOther, remap };
}

function checkPins(xen: Xen): string[] {
  const d1 = xen.domain(1);
  const gt = d1.gnttab!;
  const out: string[] = [];
  const page = gt.shared[0]!;
  for (let ref = 0; ref < 512; ref++) {
    const flags = page[ref * 8]! | (page[ref * 8 + 1]! << 8);
    const act = gt.active.get(ref);
    const pinned = act !== undefined && act.pin !== 0;
    if (pinned !== ((flags & GTF_reading) !== 0))
      out.push(`ref ${ref}: pin ${act?.pin} flags ${flags}`);
  }
  return out;
}

describe("grant_table_op properties", () => {
  for (const [mode, arch] of [
    ["aarch64", "arm64"],
    ["hvm64", "x86_64"],
    ["hvm32", "x86_64"],
  ] as const) {
    it(`${mode}: writes only where allowed; GTF_reading exactly while pinned (seeded)`, () => {
      const rng = new Rng(20261206);
      const { xen, g1, g2 } = world(mode, arch);
      for (let r = 8; r < 16; r++)
        g1.put(GT_GFN * PAGE_SIZE + r * 8, "grant_entry_v1_t", {
          flags: GTF_permit_access | (r % 3 === 0 ? GTF_readonly : 0),
          domid: r === 12 ? 1 : 2,
          frame: 0x40 + (r % 4),
        });
      for (let step = 0; step < 200; step++) {
        const [g, other] = rng.chance(0.8) ? [g2, g1] : [g1, g2];
        const { cmd, count, allowed, allowedOther, remap } = randomCall(rng, xen, g, other);
        const before = [snapshot(xen, 1), snapshot(xen, 2)];
        const info = g.domain.info;
        xen.writeRegister(g.id, 0, info.numberReg, 20n);
        xen.writeRegister(g.id, 0, info.argRegs[0]!, BigInt(cmd >>> 0));
        xen.writeRegister(g.id, 0, info.argRegs[1]!, BigInt(OPS));
        xen.writeRegister(g.id, 0, info.argRegs[2]!, BigInt(count >>> 0));
        const res = xen.execute(g.id, 0);
        if (res.fault !== "none") break;
        const where = `step ${step}: d${g.id} cmd ${cmd} count ${count}`;
        const bad = [
          ...changes(xen, g.id, before[g.id - 1]!, allowed, remap),
          ...changes(
            xen,
            other.id,
            before[other.id - 1]!,
            allowedOther,
            new Set(),
            sharedInto(xen, g.id, other.id, allowed),
          ),
        ];
        expect(bad.slice(0, 3), where).toEqual([]);
        expect(checkPins(xen), where).toEqual([]);
        // GTF_writing only on entries pinned for writing.
        const gt = xen.domain(1).gnttab!;
        for (const [ref, act] of gt.active) {
          const flags = gt.shared[0]![ref * 8]!;
          if ((act.pin & 0x00ff00ff) === 0)
            expect(flags & GTF_writing, `${where} ref ${ref}`).toBe(0);
        }
      }
    });
  }

  it("a 32-bit HVM guest (compat) and a 64-bit one get the same answers to the same requests", () => {
    const rng = new Rng(7);
    const a = world("hvm32", "x86_64");
    const b = world("hvm64", "x86_64");
    for (const w of [a, b])
      for (let r = 8; r < 12; r++)
        w.g1.put(GT_GFN * PAGE_SIZE + r * 8, "grant_entry_v1_t", {
          flags: GTF_permit_access | (r === 9 ? GTF_readonly : 0),
          domid: 2,
          frame: 0x40 + r,
        });
    for (let step = 0; step < 200; step++) {
      const cmd = rng.pick([0, 1, 2, 6, 8, 10]);
      const fields: Record<string, number> = {
        ref: rng.pick([8, 9, 10, 11, 600]),
        dom: rng.pick([1, 2, SELF, 9]),
        flags: rng.pick([2, 6, 1, 0]),
        host_addr: (0x50 + rng.int(4)) * PAGE_SIZE,
        handle: rng.int(4),
        nr_frames: rng.pick([0, 1, 65]),
        version: rng.pick([1, 2, 3]),
      };
      const count = rng.pick([0, 1, 2]);
      const out = [a, b].map((w) => {
        const g = w.g2;
        const struct = {
          0: "gnttab_map_grant_ref_t",
          1: "gnttab_unmap_grant_ref_t",
          2: "gnttab_setup_table_t",
          6: "gnttab_query_size_t",
          8: "gnttab_set_version_t",
          10: "gnttab_get_version_t",
        }[cmd]!;
        const l = layoutOf(struct, g.domain.mode);
        const mine = Object.fromEntries(
          Object.entries(fields).filter(([k]) => l.fields.some((f) => f.name === k)),
        );
        if (cmd === 2) mine.frame_list = LIST;
        for (let i = 0; i < Math.max(count, 1); i++) g.put(OPS + i * l.size, struct, mine);
        const rc = g.call(20, [cmd, OPS, count]);
        const done = [0, 1].slice(0, cmd === 0 || cmd === 1 ? count : 1);
        const st = l.fields.some((f) => f.name === "status")
          ? done.map((i) => g.get(OPS + i * l.size, struct).status)
          : [];
        const h = cmd === 0 ? done.map((i) => g.get(OPS + i * l.size, struct).handle) : [];
        return {
          rc,
          st,
          h,
          mapped: [0x50, 0x51, 0x52, 0x53].map((x) => g.domain.memory.isMapped(x)),
        };
      });
      // setup_table with count 0 differs by design (compat does nothing, native -EINVAL); and a
      // 32-bit guest's frame list holds INVALID_GFN only as a 64-bit guest's does not.
      if (cmd === 2) continue;
      expect(out[0], `step ${step} cmd ${cmd} ${JSON.stringify(fields)} count ${count}`).toEqual(
        out[1],
      );
    }
  });
});
