/**
 * grant_table_op's structs in guest memory, by field name through the layout engine for the
 * caller's mode (a 32-bit x86 guest's compat layout is its mode's layout), and the small
 * pieces of Xen every op shares: domain lookup, the XSM hooks it asks, the grant table.
 */
import { fieldOf } from "../../abi/layout.js";
import type { HypercallCall } from "../../machine/call.js";
import type { Domain } from "../../machine/domain.js";
import { EPERM } from "../../machine/errno.js";
import { newGrantTable, type GrantTable } from "../../machine/grant-table.js";
import { readStruct } from "../../machine/structio.js";
import type { XenState } from "../../machine/state.js";
import { layoutOf } from "../../table/structs.js";
import { flaskGrant, type GrantPerm } from "../../xsm/flask.js";
import { siloModeDomCheck } from "../../xsm/silo.js";
import { xsmTarget as dummyXsmTarget } from "../../xsm/dummy.js";

export type Op = Record<string, number>;

/** sizeof the struct `name` in the caller's ABI. */
export function opSize(call: HypercallCall, name: string): number {
  return layoutOf(name, call.domain.mode).size;
}

/** copy_from_guest of one struct: its integer fields as numbers, or null (fault). */
export function copyIn(call: HypercallCall, name: string, addr: number): Op | null {
  const raw = readStruct(call.domain.memory, addr, layoutOf(name, call.domain.mode));
  if (raw === undefined) return null;
  const out: Op = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "bigint") out[k] = Number(v);
  return out;
}

/**
 * __copy_to_guest of the whole struct, after Xen changed `fields` of it: the other fields go
 * back as they came, so only the changed ones are written (a 64-bit field the guest filled
 * need not survive a trip through a JS number).
 */
export function copyOut(
  call: HypercallCall,
  name: string,
  addr: number,
  op: Op,
  fields: readonly string[],
): boolean {
  const layout = layoutOf(name, call.domain.mode);
  if (!call.domain.memory.contains(addr, layout.size)) return false;
  for (const f of fields) if (!copyField(call, name, addr, f, op[f]!)) return false;
  return true;
}

/** __copy_field_to_guest: only the one field's bytes. */
export function copyField(
  call: HypercallCall,
  name: string,
  addr: number,
  field: string,
  value: number,
): boolean {
  const f = fieldOf(layoutOf(name, call.domain.mode), field)!;
  const b = new Uint8Array(f.size);
  let v = BigInt.asUintN(f.size * 8, BigInt(value));
  for (let i = 0; i < f.size; i++, v >>= 8n) b[i] = Number(v & 0xffn);
  return call.domain.memory.write(addr + f.offset, b);
}

/** Write `value` at element `i` of a guest array of `size`-byte integers. */
export function copyElement(d: Domain, addr: number, i: number, size: number, value: bigint) {
  const b = new Uint8Array(size);
  let v = BigInt.asUintN(size * 8, value);
  for (let j = 0; j < size; j++, v >>= 8n) b[j] = Number(v & 0xffn);
  return d.memory.write(addr + i * size, b);
}

/** rcu_lock_domain_by_id: DOMID_SELF names no domain here. */
export function domainById(xen: XenState, domid: number): Domain | undefined {
  return xen.domains.get(domid);
}

/**
 * xsm_grant_setup / xsm_grant_query_size (`perm` setup or query): XSM_TARGET under the dummy
 * module and SILO, itself or the control domain on any (-EPERM); FLASK asks the policy
 * (flaskGrant, -EACCES).
 */
export function xsmTarget(
  xen: XenState,
  perm: "setup" | "query",
  src: Domain,
  target: Domain,
): number {
  if (xen.xsm.module === "flask") return flaskGrant(perm, src, target);
  return dummyXsmTarget(src, target);
}

/**
 * xsm_grant_mapref / xsm_grant_copy: XSM_HOOK (allowed) under the dummy module; SILO's
 * silo_grant_mapref / silo_grant_copy deny a pair of which neither is the control domain;
 * FLASK asks the policy for map_read (and map_write for a writable map) or copy.
 */
export function xsmGrantPair(
  xen: XenState,
  d1: Domain,
  d2: Domain,
  perms: readonly GrantPerm[],
): number {
  if (xen.xsm.module === "silo" && !siloModeDomCheck(d1, d1, d2)) return -EPERM;
  if (xen.xsm.module === "flask")
    for (const p of perms) {
      const rc = flaskGrant(p, d1, d2);
      if (rc !== 0) return rc;
    }
  return 0;
}

/** d->grant_table (grant_table_init ran at domain creation; the model builds it on first use). */
export function gnttabOf(xen: XenState, d: Domain): GrantTable {
  if (d.gnttab === null) d.gnttab = newGrantTable(gnttabMaxVersion(xen), d.vcpus.length);
  return d.gnttab;
}

/** GNTTAB_MAX_VERSION: 1 on Arm (9a5c16a3e7, before every modelled release), 2 on x86. */
export function gnttabMaxVersion(xen: XenState): number {
  return xen.arch === "x86_64" ? 2 : 1;
}

/**
 * The model's machine frame numbers, for what Xen reports as one (setup_table's frame list to
 * a PV guest, map_grant_ref's dev_bus_addr): Xen's heap pages (grant frames) sit low, and a
 * domain's RAM frame gfn at ((domid + 16) << 20) + gfn, so no two pages share one.
 */
export function heapMfn(d: Domain, status: boolean, i: number): number {
  return 0x1000 + d.id * 128 + (status ? 64 : 0) + i;
}
export function ramMfn(d: Domain, gfn: number): number {
  return (d.id + 16) * 2 ** 20 + gfn;
}
