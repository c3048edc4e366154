/**
 * A domain's E820 map: XENMEM_set_memory_map and XENMEM_memory_map, and the privilege check of
 * XENMEM_machine_memory_map (the host's map). x86 only: xen/arch/x86/mm.c arch_memory_op, and
 * for a 32-bit guest xen/arch/x86/x86_64/compat/mm.c compat_arch_memory_op, which copies and
 * translates the struct first. Arm's arch_memory_op (xen/arch/arm/mm.c) has none: -ENOSYS.
 * Identical in 4.12-4.22, except that HVM guests reach XENMEM_machine_memory_map only from 4.19.
 *
 * A domain has no E820 map until one is set: Xen builds one only for a PVH dom0
 * (xen/arch/x86/hvm/dom0_build.c); a toolstack sets a domU's with XENMEM_set_memory_map, which
 * a domain may also do for itself (XSM_TARGET). Without one, XENMEM_memory_map is -ENOSYS
 * ("backwards compatibility": the guest falls back to a map of its own).
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { isCompatDomain } from "../../machine/domain.js";
import { EFAULT, EINVAL, ENOSYS, ESRCH } from "../../machine/errno.js";
import { readStruct, type FieldsOutput } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { fieldOf } from "../../abi/layout.js";
import { layoutOf } from "../../table/structs.js";
import { isControlDomain } from "../../xsm/dummy.js";
import { EPERM } from "../../machine/errno.js";
import { domainByAnyId, xsmTarget } from "../event_channel_op/ports.js";
import {
  E820_ENTRY_SIZE,
  E820MAX,
  XENMEM_machine_memory_map,
  XENMEM_memory_map,
  XENMEM_set_memory_map,
} from "./constants.js";

const NAMES: Readonly<Record<number, string>> = {
  [XENMEM_memory_map]: "memory_map",
  [XENMEM_machine_memory_map]: "machine_memory_map",
  [XENMEM_set_memory_map]: "set_memory_map",
};

/** XENMEM_memory_map: copy min(nr_entries, nr_e820) entries out, write nr_entries back. */
function memoryMap(call: HypercallCall): number {
  const t = call.xen.trace;
  const cd = call.domain;
  const arg = argAddr(call, 1);
  const layout = layoutOf("xen_memory_map_t", cd.mode);
  const map = readStruct(cd.memory, arg, layout);
  if (map === undefined) return failCheck(t, "memory_op.memory_map.copy_in", EFAULT);
  const e820 = cd.e820;
  if (e820 === null || e820.length === 0)
    return failCheck(t, "memory_op.memory_map.no_e820", ENOSYS);
  const n = Math.min(Number(map.nr_entries as bigint), e820.length / E820_ENTRY_SIZE);
  // copy_to_guest(map.buffer, ...); a compat handle is zero-extended.
  if (!cd.memory.write(Number(map.buffer as bigint), e820, 0, n * E820_ENTRY_SIZE))
    return failCheck(t, "memory_op.memory_map.copy_out", EFAULT);
  // __copy_to_guest(arg, &map, 1): the struct back with nr_entries = n (the rest as read).
  const nr = new Uint8Array(4);
  new DataView(nr.buffer).setUint32(0, n, true);
  cd.memory.write(arg + fieldOf(layout, "nr_entries")!.offset, nr);
  return 0;
}

/** XENMEM_set_memory_map: the toolstack's (or the domain's own) E820 map for domid. */
function setMemoryMap(call: HypercallCall): number {
  const t = call.xen.trace;
  const op = "memory_op.set_memory_map";
  const cd = call.domain;
  const f = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_foreign_memory_map_t", cd.mode));
  if (f === undefined) return failCheck(t, `${op}.copy_in`, EFAULT);
  const map = f.map as FieldsOutput;
  const nr = Number(map.nr_entries as bigint);
  if (nr > E820MAX) return failCheck(t, `${op}.nr_entries_max`, EINVAL, "nr_entries", nr);
  const domid = Number(f.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${op}.domid`, ESRCH, "domid", domid);
  // xsm_domain_memory_map
  const rc = passCheck(t, `${op}.xsm`, xsmTarget(cd, d));
  if (rc !== 0) return rc;
  // (xmalloc_array of at most E820MAX entries; the model's allocations do not fail.)
  const e = cd.memory.readBytes(Number(map.buffer as bigint), nr * E820_ENTRY_SIZE);
  if (e === undefined) return failCheck(t, `${op}.buffer_copy`, EFAULT);
  d.e820 = e;
  return 0;
}

/** XENMEM_machine_memory_map: XSM_PRIV (after the compat copy for a 32-bit guest). */
function machineMemoryMap(call: HypercallCall): number {
  const t = call.xen.trace;
  const op = "memory_op.machine_memory_map";
  const cd = call.domain;
  if (isCompatDomain(cd)) {
    if (
      readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_memory_map_t", cd.mode)) === undefined
    )
      return failCheck(t, `${op}.copy_in`, EFAULT);
  }
  // xsm_machine_memory_map (XSM_PRIV)
  if (!isControlDomain(cd)) return failCheck(t, `${op}.xsm`, EPERM);
  return unmodelled(call, "memory_op/XENMEM_machine_memory_map (the host's E820 map)");
}

/**
 * arch_memory_op for these sub-ops: `cmd` is the whole cmd (resume bits included), so on x86
 * a cmd with bits above MEMOP_EXTENT_SHIFT matches no case and is -ENOSYS.
 */
export function memoryMapOp(call: HypercallCall, op: number, startExtent: number): number {
  const t = call.xen.trace;
  const name = NAMES[op]!;
  if (call.xen.arch !== "x86_64") return failCheck(t, `memory_op.${name}.arm`, ENOSYS);
  if (startExtent !== 0)
    return failCheck(t, `memory_op.${name}.resume_bits`, ENOSYS, "start_extent", startExtent);
  if (op === XENMEM_memory_map) return memoryMap(call);
  if (op === XENMEM_set_memory_map) return setMemoryMap(call);
  return machineMemoryMap(call);
}
