/** A guest mode's page: its registers, instruction, poison values and the hypercalls it can make. */
import { MODE_INFO, NEWEST_RELEASE, type GuestMode, type Release } from "@xen-abi/abi-core";
import {
  ARM_POISON,
  X86_POISON_32,
  X86_POISON_64_HI,
  X86_POISON_64_LO,
} from "@xen-abi/abi-core/dispatch";
import { dispatchTable } from "@xen-abi/abi-core/table";
import { behaviourFacts } from "./release-facts.js";
import { topHalfFacts } from "../catalog/top-halves.js";
import { smcccView } from "./smccc.js";
import type { ModePageData } from "./types.js";

/** __HYPERVISOR_xen_version: every mode has it, with a 32-bit cmd and a guest handle. */
const XEN_VERSION = 17;

function topHalves(mode: GuestMode): ModePageData["topHalves"] {
  const info = MODE_INFO[mode];
  return info.xenArches.map((xen) => {
    const entry = dispatchTable(NEWEST_RELEASE, xen, info.guestType)[XEN_VERSION];
    const params = entry?.prototype.params ?? [];
    return {
      xen,
      args: params.map((p, i) => ({
        param: p.name,
        ctype: p.type,
        facts: topHalfFacts(XEN_VERSION, i, mode, xen),
      })),
    };
  });
}

const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

function poisonOf(mode: GuestMode): ModePageData["poison"] {
  const info = MODE_INFO[mode];
  if (info.family === "arm")
    return {
      args: hex32(ARM_POISON),
      number: hex32(ARM_POISON),
      note: "arm/traps.c do_trap_hypercall: arguments 2..n and the number register; x0/r0 keeps the result",
    };
  if (info.bits === 64)
    return {
      args: `0x${X86_POISON_64_HI.toString(16)}${X86_POISON_64_LO.toString(16)}`,
      number: null,
      note: "x86 hypercall.h clobber_regs: each argument register the call takes; rax keeps the result",
    };
  return {
    args: hex32(X86_POISON_32),
    number: null,
    note: "x86 hypercall.h clobber_regs (compat): each argument register the call takes; eax keeps the result",
  };
}

/** A guest mode's page as of `release` (default: the newest). */
export function modePage(mode: GuestMode, release: Release = NEWEST_RELEASE): ModePageData {
  const info = MODE_INFO[mode];
  const table = dispatchTable(release, info.xenArches[0]!, info.guestType);
  return {
    mode,
    family: info.family,
    bits: info.bits,
    guestType: info.guestType,
    xenArches: info.xenArches,
    cTarget: info.cTarget,
    instruction: info.instruction,
    instructionBytes: info.instructionBytes,
    numberReg: info.numberReg,
    argRegs: info.argRegs,
    resultReg: info.resultReg,
    pcReg: info.pcReg,
    registers: info.registers.map((r) => ({ name: r.name, bits: r.bits })),
    poison: poisonOf(mode),
    handleParamBytes: info.handleParamBytes,
    handleStructBytes: info.handleStructBytes,
    hypercalls: table.flatMap((e) =>
      e === undefined ? [] : [{ number: e.number, name: e.name, nargs: e.nargs }],
    ),
    release,
    behaviour: behaviourFacts(release, { mode }),
    topHalves: topHalves(mode),
    smccc: info.family === "arm" ? smcccView() : null,
  };
}
