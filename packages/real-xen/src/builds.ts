/**
 * The real Xen builds `npm run real-xen:setup` leaves in its cache (outside the repository):
 * `xen/<release>/<build>/{xen,config,info}`.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const BUILD_NAMES = [
  "x86_64-debug",
  "x86_64-release",
  "arm64-debug",
  "arm64-release",
] as const;
export type BuildName = (typeof BUILD_NAMES)[number];
export const REAL_RELEASES = ["4.17", "4.20"] as const;
export type RealRelease = (typeof REAL_RELEASES)[number];

export interface RealBuild {
  readonly name: BuildName;
  readonly arch: "x86_64" | "arm64";
  readonly debug: boolean;
  readonly release: RealRelease;
  /** The exact point release the build is (`4.17.7`). */
  readonly xen: string;
  /** Debian's package version, when the build is Debian's binary. */
  readonly debianVersion?: string;
  /** Where it came from and how it was configured, in words. */
  readonly origin: string;
  /** The build's Kconfig options that set what a guest sees. */
  readonly config: Readonly<
    Record<"ARGO" | "PV32" | "XSM" | "XSM_SILO_DEFAULT" | "DEBUG", boolean>
  >;
  /** The hypervisor image QEMU boots. */
  readonly image: string;
}

export function cacheDir(): string {
  return process.env.XEN_ABI_REAL_XEN_CACHE ?? join(homedir(), ".cache", "xen-abi", "real-xen");
}

/** The build, or one line saying why it is not there. */
export function loadBuild(name: BuildName, release: RealRelease): RealBuild | string {
  const dir = join(cacheDir(), "xen", release, name);
  const infoFile = join(dir, "info");
  if (!existsSync(infoFile) || !existsSync(join(dir, "xen")))
    return `no real Xen ${release} ${name} build in ${cacheDir()}: run 'npm run real-xen:setup'${name.endsWith("debug") ? "" : " (or 'npm run real-xen:setup -- --only release')"}`;
  const info = Object.fromEntries(
    readFileSync(infoFile, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  const cfg = readFileSync(join(dir, "config"), "utf8");
  const on = (opt: string) => new RegExp(`^CONFIG_${opt}=y$`, "m").test(cfg);
  return {
    name,
    arch: name.startsWith("x86_64") ? "x86_64" : "arm64",
    debug: on("DEBUG"),
    release,
    xen: info.xen ?? release,
    ...(info.debian_version !== undefined && { debianVersion: info.debian_version }),
    origin: info.origin ?? "",
    config: {
      ARGO: on("ARGO"),
      PV32: on("PV32"),
      XSM: on("XSM"),
      XSM_SILO_DEFAULT: on("XSM_SILO_DEFAULT"),
      DEBUG: on("DEBUG"),
    },
    image: join(dir, "xen"),
  };
}
