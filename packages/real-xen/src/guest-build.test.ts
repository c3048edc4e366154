import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STEPS_PLACEHOLDER } from "./guest-abi.js";
import { guestImage, guestWithSteps } from "./guest-build.js";

const has = (cc: string) => {
  try {
    execFileSync(cc, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

describe("the AArch32 test guest's image", () => {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.XEN_ABI_REAL_XEN_CACHE;
    process.env.XEN_ABI_REAL_XEN_CACHE = mkdtempSync(join(tmpdir(), "xen-abi-guest-"));
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.XEN_ABI_REAL_XEN_CACHE;
    else process.env.XEN_ABI_REAL_XEN_CACHE = saved;
  });

  // Built only where the cross compiler is installed (apt-get install gcc-arm-linux-gnueabihf).
  it.skipIf(!has("arm-linux-gnueabihf-gcc"))(
    "is a zImage Xen's arm64 loader takes as a 32-bit, position-independent kernel",
    () => {
      const file = guestImage("aarch32");
      const img = readFileSync(file);
      // xen/arch/arm/kernel.c kernel_zimage32_probe: magic at 0x24, start at 0x28, end at 0x2c.
      expect(img.readUInt32LE(0x24)).toBe(0x016f2818);
      expect(img.readUInt32LE(0x28)).toBe(0);
      expect(img.readUInt32LE(0x2c)).toBe(img.length);
      // A32 code: the first word is `mov r0, r0`, then a branch at 0x20.
      expect(img.readUInt32LE(0)).toBe(0xe1a00000);
      expect(img.readUInt32LE(0x20) >>> 24).toBe(0xea);
      // `hvc #0xea1` in A32 (0xe140ea71) is there, and the step list's placeholder.
      expect(img.includes(Buffer.from([0x71, 0xea, 0x40, 0xe1]))).toBe(true);
      const steps = guestWithSteps(file, new Uint8Array([1, 2, 3]));
      expect(steps.indexOf(STEPS_PLACEHOLDER)).toBe(-1);
      expect(steps.length).toBe(img.length);
    },
  );
});
