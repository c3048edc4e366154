/**
 * Builds the test guests (guest/) with the machine's C compilers, once per source version,
 * into the cache. x86: an ELF the PV domain builder loads; arm64: a flat Image; aarch32: a
 * flat zImage, position independent (it relocates itself, see guest/aarch32/start.S).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "./builds.js";
import type { GuestArch } from "./guest-abi.js";

/** guest/ beside src/ and dist/. */
export const GUEST_SOURCES = join(dirname(fileURLToPath(import.meta.url)), "..", "guest");

const COMMON_FLAGS = [
  "-O2",
  "-Wall",
  "-Wextra",
  "-ffreestanding",
  "-mgeneral-regs-only",
  "-fno-stack-protector",
  "-fno-asynchronous-unwind-tables",
  "-nostdlib",
  "-Wl,--build-id=none",
];
/** Linked where it runs: every guest but the AArch32 one. */
const FIXED = ["-fno-pic", "-fno-pie", "-static", "-no-pie"];

const TOOLCHAIN = {
  x86_64: {
    cc: "gcc",
    pkg: "gcc",
    flags: [...FIXED, "-mcmodel=kernel", "-mno-red-zone", "-Wl,-z,max-page-size=0x1000"],
    objcopy: undefined,
  },
  x86_32: {
    cc: "gcc",
    pkg: "gcc",
    flags: [...FIXED, "-m32", "-Wl,-m,elf_i386", "-Wl,-z,max-page-size=0x1000"],
    objcopy: undefined,
  },
  arm64: {
    cc: "aarch64-linux-gnu-gcc",
    pkg: "gcc-aarch64-linux-gnu",
    flags: [...FIXED, "-mstrict-align", "-fno-jump-tables", "-Wl,--no-warn-rwx-segments"],
    objcopy: "aarch64-linux-gnu-objcopy",
  },
  /*
   * A32 (not Thumb: the trap is the A32 `hvc #0xea1`), v7 with the virtualization extension
   * for `hvc`, soft-float as no FPU is touched, aligned accesses only (the MMU is off, memory
   * is Device), and position independent: Xen chooses where a zImage with start 0 goes.
   */
  aarch32: {
    cc: "arm-linux-gnueabihf-gcc",
    pkg: "gcc-arm-linux-gnueabihf",
    flags: [
      ...["-marm", "-march=armv7ve", "-mfloat-abi=soft", "-mno-unaligned-access"],
      ...["-fno-jump-tables", "-fpie", "-pie", "-Wl,--no-dynamic-linker"],
      "-Wl,--no-warn-rwx-segments",
    ],
    objcopy: "arm-linux-gnueabihf-objcopy",
  },
} as const;

function sourceHash(): string {
  const h = createHash("sha256");
  for (const dir of ["common", "x86_64", "x86_32", "arm64", "aarch32"])
    for (const f of readdirSync(join(GUEST_SOURCES, dir)).sort())
      h.update(f).update(readFileSync(join(GUEST_SOURCES, dir, f)));
  return h.digest("hex").slice(0, 16);
}

/** Path of the built guest for `arch` (building it first if needed); throws one clear line. */
export function guestImage(arch: GuestArch): string {
  const dir = join(cacheDir(), "guests", sourceHash());
  const flat = TOOLCHAIN[arch].objcopy !== undefined;
  const out = join(dir, `dom0-${arch}.${flat ? "img" : "elf"}`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const tc = TOOLCHAIN[arch];
  const src = join(GUEST_SOURCES, arch);
  const elf = join(dir, `dom0-${arch}.elf.tmp`);
  try {
    execFileSync(
      tc.cc,
      [
        ...COMMON_FLAGS,
        ...tc.flags,
        `-Wl,-T,${join(src, "guest.lds")}`,
        "-o",
        elf,
        join(src, "start.S"),
        join(src, "arch.c"),
        join(GUEST_SOURCES, "common", "main.c"),
        join(GUEST_SOURCES, "common", "domains.c"),
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    if (tc.objcopy !== undefined) {
      execFileSync(tc.objcopy, ["-O", "binary", elf, `${out}.tmp`], { stdio: "ignore" });
      renameSync(`${out}.tmp`, out);
    } else renameSync(elf, out);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === "ENOENT")
      throw new Error(
        `missing '${tc.cc}' to build the ${arch} test guest: apt-get install -y ${tc.pkg}`,
      );
    throw new Error(
      `building the ${arch} test guest failed: ${String(err.stderr ?? err.message).trim()}`,
    );
  }
  return out;
}

/** The guest image with the step list written over its placeholder. */
export function guestWithSteps(image: string, steps: Uint8Array): Buffer {
  const data = readFileSync(image);
  const at = data.indexOf("XAAEMPTY");
  if (at < 0) throw new Error(`${image}: no step-list placeholder`);
  const out = Buffer.from(data);
  out.set(steps, at);
  return out;
}
