import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { realCommand } from "./real.js";

describe("xen-abi real: bad input", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.XEN_ABI_REAL_XEN_CACHE;
    // A cache with one (fake) arm64 release build: enough to get past loading it.
    const cache = mkdtempSync(join(tmpdir(), "xen-abi-real-test-"));
    const dir = join(cache, "xen", "4.20", "arm64-release");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "xen"), "");
    writeFileSync(join(dir, "config"), "CONFIG_XSM=y\n");
    writeFileSync(join(dir, "info"), "xen=4.20.4\norigin=test\n");
    process.env.XEN_ABI_REAL_XEN_CACHE = cache;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.XEN_ABI_REAL_XEN_CACHE;
    else process.env.XEN_ABI_REAL_XEN_CACHE = saved;
  });

  it("rejects an unknown build and release with one line, exit 2", async () => {
    const a = await realCommand(["x.yaml"], { xen: "riscv-debug" });
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/^xen-abi real: --xen takes x86_64-debug, .*not 'riscv-debug'\n$/);
    const b = await realCommand(["x.yaml"], { xen: "arm64-release", release: "4.18" });
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--release takes 4.17 or 4.20/);
  });

  it("names a build that is not set up", async () => {
    const r = await realCommand(["x.yaml"], { xen: "x86_64-debug", release: "4.17" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no real Xen 4.17 x86_64-debug build .*npm run real-xen:setup/);
  });

  it("exits 2 when the file's xen.arch is not the build's", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "xen-abi-real-file-")), "x86.yaml");
    writeFileSync(file, "xen: { arch: x86_64 }\ndomains: [{ id: 1, mode: pv64 }]\nsteps: []\n");
    const r = await realCommand([file], { xen: "arm64-release" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /x86\.yaml: xen\.arch: the file is for x86_64 Xen; --xen arm64-release is arm64/,
    );
  });

  it("takes --domain as a domain id the file declares, else exit 2", async () => {
    const bad = await realCommand(["x.yaml"], { xen: "arm64-release", domain: "two" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^xen-abi real: --domain takes a domain id .*not 'two'\n$/);
    const file = join(mkdtempSync(join(tmpdir(), "xen-abi-real-file-")), "a32.yaml");
    writeFileSync(
      file,
      "domains: [{ id: 1, mode: aarch64 }, { id: 2, mode: aarch32 }]\nsteps: []\n",
    );
    const r = await realCommand([file], { xen: "arm64-release", domain: "3" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a32\.yaml: domains: no domain 3 to run as dom0/);
  });
});
