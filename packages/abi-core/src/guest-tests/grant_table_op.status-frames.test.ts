/**
 * GNTTABOP_get_status_frames from a 32-bit PV guest (compat_grant_table_op's translation)
 * and the native call's release differences, on x86_64 (the only Xen with version 2).
 */
import { describe, expect, it } from "vitest";
import { layoutOf } from "../table/structs.js";
import { expectCheck, grantWorld, type GrantWorld } from "./grant_table_op.testing.js";
import type { TestGuest } from "./test-guest.testing.js";

const SELF = 0x7ff0;
const OP = 0x2000;
const LIST = 0x5000;
/** dom1's first status frame as a PV guest sees it: heapMfn(d1, status, 0). */
const STATUS0 = [0xc0, 0x10, 0, 0, 0, 0, 0, 0];

function world(mode: "pv32" | "pv64", release: string): GrantWorld {
  return grantWorld(mode, "x86_64", { release });
}

function setVersion2(w: GrantWorld, g: TestGuest): void {
  g.put(OP, "gnttab_set_version_t", { version: 2 });
  expect(w.op(g, 8, OP, 1)).toBe(0);
}

/** get_status_frames(dom, nr_frames, frame_list): the hypercall's result and the status. */
function gsf(w: GrantWorld, g: TestGuest, f: Record<string, number>): [number, number] {
  g.put(OP, "gnttab_get_status_frames_t", { dom: SELF, status: 0x5a5a, ...f });
  const rc = w.op(g, 9, OP, 1);
  return [rc, Number(g.get(OP, "gnttab_get_status_frames_t").status)];
}

describe("grant_table_op: get_status_frames from a 32-bit PV guest", () => {
  for (const release of ["4.15", "4.17", "4.20"]) {
    it(`reports each check and writes 8-byte frames (${release})`, () => {
      const w = world("pv32", release);
      const g = w.g1;
      // The compat struct: nr_frames, dom, status, a 32-bit handle to uint64_t frames.
      expect(layoutOf("gnttab_get_status_frames_t", "pv32").size).toBe(12);
      // count 0: the translation loop never runs; the native call would say -EINVAL.
      expect(w.op(g, 9, OP, 0)).toBe(0);
      expect(w.checks()).toEqual([]);
      expectCheck(w, w.op(g, 9, OP, 2), "grant_table_op.get_status_frames.compat_count");
      expectCheck(w, w.op(g, 9, 0xfff00000, 1), "grant_table_op.get_status_frames.copy_in");
      // compat_handle_okay: the list's last byte must lie below hv_compat_vstart.
      let [rc] = gsf(w, g, { nr_frames: 1, frame_list: 0xf57ffff9 });
      expectCheck(w, rc, "grant_table_op.get_status_frames.compat_handle");
      [rc] = gsf(w, g, { nr_frames: 0, frame_list: 0xf5800000 });
      expectCheck(w, rc, "grant_table_op.get_status_frames.compat_handle");
      [rc] = gsf(w, g, { nr_frames: 0x1fffffff, frame_list: 0 });
      expectCheck(w, rc, "grant_table_op.get_status_frames.compat_handle");
      let st: number;
      [rc, st] = gsf(w, g, { dom: 9, nr_frames: 0, frame_list: LIST });
      expect(rc).toBe(0);
      expectCheck(w, st, "grant_table_op.get_status_frames.bad_domain");
      [, st] = gsf(w, g, { dom: 2, nr_frames: 0, frame_list: LIST });
      expectCheck(w, st, "grant_table_op.get_status_frames.xsm");
      // Version 1 has no status frames.
      [, st] = gsf(w, g, { nr_frames: 1, frame_list: LIST });
      expectCheck(w, st, "grant_table_op.get_status_frames.nr_frames");
      setVersion2(w, g);
      g.domain.memory.write(LIST, new Uint8Array(16).fill(0xee));
      [rc, st] = gsf(w, g, { nr_frames: 1, frame_list: LIST });
      expect([rc, st]).toEqual([0, 0]);
      expect(w.checks()).toEqual([]);
      expect(Array.from(g.domain.memory.readBytes(LIST, 16)!)).toEqual([
        ...STATUS0,
        ...new Array(8).fill(0xee),
      ]);
      // The struct's other fields come back as they went.
      expect(g.get(OP, "gnttab_get_status_frames_t")).toMatchObject({
        nr_frames: 1n,
        dom: BigInt(SELF),
        frame_list: BigInt(LIST),
      });
      // Below hv_compat_vstart but outside the guest's memory: the write faults, which a
      // 32-bit guest learns of only from 4.18 (before, status went back first).
      [rc, st] = gsf(w, g, { nr_frames: 1, frame_list: 0xf57ffff8 });
      expect(rc).toBe(0);
      if (release === "4.20") expectCheck(w, st, "grant_table_op.get_status_frames.frame_list");
      else expect([st, w.checks()]).toEqual([0, []]);
      expect(w.unmodelled()).toBeNull();
    });
  }

  it("a list longer than the translation area is compared with the table in every release", () => {
    // 4.16 and 4.17 run guest_handle_okay on the area's alias, which lies in the lower half:
    // it passes whatever the length (real 4.17.5 agrees).
    for (const release of ["4.15", "4.16", "4.17", "4.18"]) {
      const w = world("pv32", release);
      setVersion2(w, w.g1);
      const [rc, st] = gsf(w, w.g1, { nr_frames: 1023, frame_list: LIST });
      expect(rc).toBe(0);
      expectCheck(w, st, "grant_table_op.get_status_frames.nr_frames");
    }
  });

  it("before 4.18 a fault does not stop the frame loop; from 4.18 it does", () => {
    for (const [mode, release, later] of [
      ["pv32", "4.17", true],
      ["pv32", "4.18", false],
      ["pv64", "4.17", true],
      ["pv64", "4.20", false],
    ] as const) {
      const w = world(mode, release);
      const g = w.g1;
      setVersion2(w, g);
      // Nine grant frames need two status frames.
      g.put(OP, "gnttab_setup_table_t", { dom: SELF, nr_frames: 9, frame_list: 0x6000 });
      expect(w.op(g, 2, OP, 1)).toBe(0);
      expect(g.domain.gnttab!.status.length).toBe(2);
      // Frame 0 would go to an unmapped page, frame 1 to the next, mapped one.
      expect(g.domain.memory.unmap(0x7)).toBe(true);
      g.domain.memory.write(0x8000, new Uint8Array(8).fill(0xee));
      const [rc, st] = gsf(w, g, { nr_frames: 2, frame_list: 0x7ff8 });
      expect(rc).toBe(0);
      if (mode === "pv32" && later)
        expect(st).toBe(0); // status went back before the frames
      else expectCheck(w, st, "grant_table_op.get_status_frames.frame_list");
      const second = Array.from(g.domain.memory.readBytes(0x8000, 8)!);
      expect(second, `${mode} ${release}`).toEqual(
        later ? [0xc1, 0x10, 0, 0, 0, 0, 0, 0] : new Array(8).fill(0xee),
      );
    }
  });

  it("64-bit PV: from 4.16 a frame_list outside the guest's range is -EFAULT before the lookup", () => {
    for (const [release, failed] of [
      ["4.15", false],
      ["4.16", true],
      ["4.22", true],
    ] as const) {
      const w = world("pv64", release);
      const [rc, st] = gsf(w, w.g1, { dom: 9, nr_frames: 1, frame_list: 2 ** 47 });
      if (failed) expectCheck(w, rc, "grant_table_op.get_status_frames.handle");
      else {
        expect(rc).toBe(0);
        expectCheck(w, st, "grant_table_op.get_status_frames.bad_domain");
      }
    }
  });
});
