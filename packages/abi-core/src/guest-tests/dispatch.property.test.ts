/**
 * Properties of every trap entry, over random registers, numbers, modes and releases:
 * nothing throws; pc moves past the instruction (or back to it for a continuation); argument
 * registers the hypercall does not use are never touched; in a debug build the used ones are
 * poisoned exactly when Xen's rule says so, and never otherwise.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GUEST_MODES,
  MODE_INFO,
  registersFor,
  type GuestMode,
  type XenArch,
} from "../abi/modes.js";
import { RELEASES, releaseProfile } from "../machine/release.js";
import { dispatchTable, legacyTableSize } from "../table/dispatch-table.js";
import { Xen } from "../xen.js";

const ARM_POISON = 0xdeadbeefn;
const X86_POISON_64 = 0xdeadbeefdeadf00dn;
const X86_POISON_32 = 0xdeadf00dn;
/** Hypercalls whose handlers touch no argument registers and no other vCPU state. */
const PLAIN = [17, 18, 29, 6, 16, 19, 60, 12, 20, 32]; // modelled, deprecated, unknown, unmodelled

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

function archFor(mode: GuestMode, pick: number): XenArch {
  const arches = MODE_INFO[mode].xenArches;
  return arches[pick % arches.length]!;
}

describe("trap entries (property)", () => {
  it("touch only what Xen's rules say, for any registers, number, mode and release", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...GUEST_MODES),
        fc.nat(),
        fc.constantFrom(...RELEASES),
        fc.boolean(),
        fc.constantFrom(...PLAIN),
        fc.array(u64, { minLength: 8, maxLength: 8 }),
        (mode, archPick, release, debug, nr, vals) => {
          const arch = archFor(mode, archPick);
          const info = MODE_INFO[mode];
          const xen = new Xen({ arch, release, debug });
          xen.createDomain({ id: 0, mode }); // the control domain: console_io is allowed
          const names = registersFor(mode, arch).filter(
            (r) => !r.name.startsWith("x") || mode === "aarch64",
          );
          const args = info.argRegs;
          const before = new Map<string, bigint>();
          args.forEach((r, i) => xen.writeRegister(0, 0, r, vals[i]!));
          xen.writeRegister(0, 0, info.pcReg, 0x1000n);
          xen.writeRegister(0, 0, info.numberReg, BigInt(nr));
          // console_io needs a short buffer in memory to stay a one-chunk call.
          if (nr === 18) {
            xen.writeRegister(0, 0, args[1]!, 3n);
            xen.writeRegister(0, 0, args[2]!, 0x100n);
          }
          for (const r of names) before.set(r.name, xen.readRegister(0, 0, r.name));

          const res = xen.execute(0, 0);
          expect(res.fault).toBe("none");
          expect(res.continuations).toBe(0);
          expect(xen.readRegister(0, 0, info.pcReg)).toBe(0x1000n + BigInt(info.instructionBytes));

          const entry = dispatchTable(release, arch, info.guestType)[nr];
          const ret = xen.result(0, 0);
          const legacy = !releaseProfile(release).generatedDispatch;
          const reached =
            entry !== undefined &&
            (!legacy || nr < (legacyTableSize(release, info.guestType) ?? 0));
          // An unmodelled handler or sub-op writes no result and poisons nothing.
          const poisoned = debug && reached && res.unmodelled === null && (legacy || ret !== -38n);
          const nargs = reached ? entry!.nargs : 0;
          const arm = info.family === "arm";
          args.forEach((r, i) => {
            if (arm && i === 0) return; // x0/r0 holds the result
            const used = i < nargs;
            const want = !(poisoned && used)
              ? before.get(r)!
              : arm
                ? ARM_POISON & (info.bits === 32 ? 0xffffffffn : (1n << 64n) - 1n)
                : info.bits === 64
                  ? X86_POISON_64
                  : X86_POISON_32;
            expect(xen.readRegister(0, 0, r), `${mode}/${arch} ${release} nr ${nr} ${r}`).toBe(
              want,
            );
          });
          // Registers that are neither arguments, number, result nor pc never change.
          const special = new Set<string>([...args, info.numberReg, info.resultReg, info.pcReg]);
          for (const r of names)
            if (!special.has(r.name) && !(arch === "arm64" && mode === "aarch32"))
              expect(xen.readRegister(0, 0, r.name), r.name).toBe(before.get(r.name));
        },
      ),
      { numRuns: 400 },
    );
  });
});
