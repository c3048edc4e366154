import { describe, expect, it } from "vitest";
import { Domain } from "../machine/domain.js";
import { EACCES, EPERM } from "../machine/errno.js";
import { parseXsmCmdline, xsmPolicy } from "./index.js";

const dom0 = new Domain({ id: 0, mode: "aarch64" });
const d1 = new Domain({ id: 1, mode: "aarch64" });
const d2 = new Domain({ id: 2, mode: "aarch64" });
const noArgo = new Domain({ id: 3, mode: "aarch64", argo: false });

describe("XSM modules (xen/xsm)", () => {
  it("SILO denies domU-to-domU Argo with -EPERM from 4.16 (silo_argo_send, _register_single_source)", () => {
    const silo = xsmPolicy("silo", "4.16", false).argo;
    expect(silo.send(d1, d2)).toBe(-EPERM);
    expect(silo.registerSingleSource(d1, d2)).toBe(-EPERM);
    expect(silo.send(d1, d1)).toBe(0);
    expect(silo.send(d1, dom0)).toBe(0);
    expect(silo.send(dom0, d2)).toBe(0);
    expect(silo.enable(d1)).toBe(0);
    expect(silo.registerAnySource(d1)).toBe(0);
  });

  it("SILO before 4.16 has no Argo hooks: the dummy's answer", () => {
    const silo = xsmPolicy("silo", "4.15", false).argo;
    expect(silo.send(d1, d2)).toBe(0);
    expect(silo.registerSingleSource(d1, d2)).toBe(0);
  });

  it("FLASK denies argo: false domains with -EACCES; dummy allows", () => {
    const flask = xsmPolicy("flask", "4.22", false).argo;
    expect(flask.send(d1, noArgo)).toBe(-EACCES);
    expect(flask.enable(noArgo)).toBe(-EACCES);
    expect(flask.send(d1, d2)).toBe(0);
    expect(xsmPolicy("dummy", "4.22", false).argo.send(d1, noArgo)).toBe(0);
    expect(xsmPolicy(undefined, "4.22", false).argo.send(d1, noArgo)).toBe(-EACCES);
  });

  it("xen_version: dummy denies 9, 10 and 14 to a domU, FLASK's shipped policy the same", () => {
    for (const m of ["dummy", "silo", "flask"] as const) {
      const h = xsmPolicy(m, "4.22", false).hooks;
      const denied = [...Array(15).keys()].filter((op) => h.xenVersion(d1, op) !== 0);
      expect(denied, m).toEqual([9, 10, 14]);
      expect([...Array(15).keys()].filter((op) => h.xenVersion(dom0, op) !== 0)).toEqual([]);
    }
  });

  it("console_io: dummy lets a domU write only in a debug build; FLASK always, read never", () => {
    expect(xsmPolicy("dummy", "4.22", false).hooks.consoleIo(d1, 0)).toBe(-EPERM);
    expect(xsmPolicy("dummy", "4.22", true).hooks.consoleIo(d1, 0)).toBe(0);
    expect(xsmPolicy("flask", "4.22", false).hooks.consoleIo(d1, 0)).toBe(0);
    expect(xsmPolicy("flask", "4.22", false).hooks.consoleIo(d1, 1)).toBe(-EACCES);
    expect(xsmPolicy("dummy", "4.22", false).hooks.consoleIo(dom0, 1)).toBe(0);
  });

  it("hvm_param: XSM_TARGET; FLASK's shipped policy the same pairs, -EACCES; SILO the dummy's", () => {
    for (const [m, denied] of [
      ["dummy", -EPERM],
      ["silo", -EPERM],
      ["flask", -EACCES],
    ] as const) {
      const h = xsmPolicy(m, "4.22", false).hooks;
      expect(
        [h.hvmParam(d1, d1, 0), h.hvmParam(dom0, d1, 0), h.hvmParam(dom0, dom0, 1)],
        m,
      ).toEqual([0, 0, 0]);
      expect([h.hvmParam(d1, d2, 0), h.hvmParam(d1, dom0, 1)], m).toEqual([denied, denied]);
    }
  });

  it("xsm= on the command line: the last valid value wins, others are ignored", () => {
    expect(parseXsmCmdline("")).toBeUndefined();
    expect(parseXsmCmdline("xsm=silo argo=1")).toBe("silo");
    expect(parseXsmCmdline("xsm=flask xsm=bogus")).toBe("flask");
    expect(parseXsmCmdline("xsm=bogus")).toBeUndefined();
  });
});
