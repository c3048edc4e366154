import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { showCommand } from "./show.js";
import { exportCommand } from "./export.js";

const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

describe("xen-abi show: finding a hypercall", () => {
  it("takes the number in decimal or hex and the __HYPERVISOR_ macro", () => {
    for (const q of ["argo_op", "39", "0x27", "__HYPERVISOR_argo_op"]) {
      const out = showCommand(q);
      expect(out.status).toBe(0);
      expect(out.stdout.split("\n")[0]).toBe("argo_op (__HYPERVISOR_argo_op = 39 (0x27))  stable");
    }
  });

  it("lists sub-op numbers in decimal and hex", () => {
    expect(showCommand("argo_op").stdout).toMatch(/ 3 \(0x3\) XEN_ARGO_OP_sendv:/);
  });

  it("shows one sub-op by header name, short name or number", () => {
    for (const [h, s] of [
      ["XEN_ARGO_OP_sendv", undefined],
      ["argo_op", "sendv"],
      ["argo_op", "3"],
    ] as const) {
      const out = showCommand(h, {}, s);
      expect(out.stdout.split("\n")[0]).toBe(
        "XEN_ARGO_OP_sendv = 3 (0x3)  (argo_op, __HYPERVISOR_argo_op = 39 (0x27))",
      );
    }
  });

  it("suggests the nearest hypercall, sub-op and release", () => {
    expect(showCommand("argo_opp")).toMatchObject({
      status: 2,
      stderr: "xen-abi show: no hypercall 'argo_opp' in public/xen.h; did you mean argo_op?\n",
    });
    expect(showCommand("argo_op", {}, "regster_ring").stderr).toContain(
      "did you mean XEN_ARGO_OP_register_ring",
    );
    expect(showCommand("XEN_ARGO_OP_sendvv").stderr).toContain("did you mean XEN_ARGO_OP_sendv?");
    const r = showCommand("argo_op", { release: "4.2" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown release '4\.2'; did you mean [^?]*4\.20/);
  });

  it("lists the modelled releases when the release is unknown", () => {
    for (const out of [
      showCommand("argo_op", { release: "banana" }),
      exportCommand({ release: "4.11" }),
    ]) {
      expect(out.status).toBe(2);
      expect(out.stderr).toContain("Modelled releases: 4.12.0-4.12.4, 4.13.0-4.13.5,");
      expect(out.stderr).toContain("4.22.0");
    }
  });

  it("lists only the errors the release makes, with --release", () => {
    const at = (release: string) => showCommand("vcpu_op", { release }, "register_vcpu_info");
    expect(at("4.15").stdout).not.toContain("-EBUSY");
    expect(at("4.18").stdout).toContain("-EBUSY");
    const json = (release: string) =>
      (
        JSON.parse(showCommand("vcpu_op", { release, json: true }).stdout) as {
          subops: { name: string; errors: { errno: string }[] }[];
        }
      ).subops
        .find((s) => s.name === "VCPUOP_set_singleshot_timer")!
        .errors.map((e) => e.errno);
    expect(json("4.17.2")).toContain("ETIME");
    expect(json("4.17.3")).not.toContain("ETIME");
  });

  it("gives the export's entry with --json", () => {
    const j = JSON.parse(showCommand("0x27", { json: true }).stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ name: "argo_op", number: 39, status: "stable" });
    const s = JSON.parse(showCommand("argo_op", { json: true }, "notify").stdout) as {
      subop: { name: string; value: number };
    };
    expect(s.subop).toMatchObject({ name: "XEN_ARGO_OP_notify", value: 4 });
  });
});

describe("xen-abi as a process", () => {
  it("prints its version", () => {
    const r = spawnSync(process.execPath, [BIN, "--version"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("ends quietly when the reader closes the pipe (export | head)", async () => {
    const child = spawn(process.execPath, [BIN, "export"], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Read one chunk, then close our end, as `head -1` does.
    await new Promise<void>((done) => child.stdout.once("data", () => done()));
    child.stdout.destroy();
    const status = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });
});
