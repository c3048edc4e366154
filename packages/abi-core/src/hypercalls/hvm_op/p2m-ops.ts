/**
 * The x86 hvm_op sub-ops that ask about or act on a domain's p2m and paging:
 * HVMOP_pagetable_dying (do_hvm_op's case), HVMOP_get_mem_type (hvmop_get_mem_type) and
 * HVMOP_altp2m (do_altp2m_op / compat_altp2m_op), all in xen/arch/x86/hvm/hvm.c. A domU stops
 * at a check the machine can answer; past it lies p2m state the machine does not keep.
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { type Domain, isHvmDomain } from "../../machine/domain.js";
import { EFAULT, EINVAL, EOPNOTSUPP, ESRCH } from "../../machine/errno.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { domainByAnyId } from "../event_channel_op/ports.js";
import { parseBool } from "../argo_op/cmdline.js";

const ID = "hvm_op";
/** public/hvm/hvm_op.h HVMOP_get_mem_type. */
const HVMOP_get_mem_type = 15;

/** xsm_hvm_param(XSM_TARGET, d, op) for `name`: -EPERM (dummy) or -EACCES (FLASK: hvmctl). */
function xsmHvmParam(call: HypercallCall, name: string, d: Domain, op: number): number {
  const xsm = call.xen.xsm;
  const check = xsm.module === "flask" ? "flask" : "xsm";
  return passCheck(call.xen.trace, `${ID}.${name}.${check}`, xsm.hvmParam(call.domain, d, op));
}

/**
 * HVMOP_pagetable_dying (the same in 4.12.0-4.22.0): the xen_hvm_pagetable_dying_t unreadable
 * -EFAULT, domid not found -ESRCH, another domain than the caller -EOPNOTSUPP; then only an
 * HVM domain on shadow paging goes on (xsm_hvm_param, then the shadow code's
 * pagetable_dying, which unshadows the table: nothing a guest reads), every other caller gets
 * -EINVAL. A PV caller is therefore -EINVAL; for an HVM caller the answer depends on whether
 * Xen runs it with HAP (-EINVAL; the default wherever the CPU has EPT/NPT, and always for a
 * build without CONFIG_SHADOW_PAGING) or shadow paging (0), which the machine does not know.
 */
export function pagetableDying(call: HypercallCall): number {
  const t = call.xen.trace;
  const raw = readStruct(
    call.domain.memory,
    argAddr(call, 1),
    layoutOf("xen_hvm_pagetable_dying_t", call.domain.mode),
  );
  if (raw === undefined) return failCheck(t, `${ID}.pagetable_dying.copy_in`, EFAULT);
  const domid = Number(raw.domid);
  const d = domainByAnyId(call.xen, call.domain, domid);
  if (d === undefined) return failCheck(t, `${ID}.pagetable_dying.domid`, ESRCH, "domid", domid);
  if (d !== call.domain) return failCheck(t, `${ID}.pagetable_dying.other_domain`, EOPNOTSUPP);
  if (!isHvmDomain(d)) return failCheck(t, `${ID}.pagetable_dying.not_shadow`, EINVAL);
  return unmodelled(call, "hvm_op/pagetable_dying: HAP (-EINVAL) or shadow paging");
}

/**
 * HVMOP_get_mem_type (the same in 4.12.0-4.22.0): the xen_hvm_get_mem_type_t unreadable
 * -EFAULT, domid not found -ESRCH, xsm_hvm_param, not an HVM domain -EINVAL (after the XSM
 * check: a PV caller asking about itself gets -EINVAL under the dummy module). Then Xen maps
 * the pfn's p2m type to HVMMEM_ram_rw, ram_ro, mmio_dm or ioreq_server and writes the struct
 * back. The machine's p2m records only which frames its copies reach (frame 0 is a hole there
 * though real HVM guests have RAM at it; no MMIO, read-only or ioreq-server types), so the
 * answer is left unmodelled.
 */
export function getMemType(call: HypercallCall): number {
  const t = call.xen.trace;
  const raw = readStruct(
    call.domain.memory,
    argAddr(call, 1),
    layoutOf("xen_hvm_get_mem_type_t", call.domain.mode),
  );
  if (raw === undefined) return failCheck(t, `${ID}.get_mem_type.copy_in`, EFAULT);
  const domid = Number(raw.domid);
  const d = domainByAnyId(call.xen, call.domain, domid);
  if (d === undefined) return failCheck(t, `${ID}.get_mem_type.domid`, ESRCH, "domid", domid);
  const rc = xsmHvmParam(call, "get_mem_type", d, HVMOP_get_mem_type);
  if (rc !== 0) return rc;
  if (!isHvmDomain(d)) return failCheck(t, `${ID}.get_mem_type.not_hvm`, EINVAL);
  return unmodelled(call, "hvm_op/get_mem_type: the pfn's p2m type");
}

/**
 * HVMOP_altp2m: do_altp2m_op (compat_altp2m_op for a 32-bit caller starts with the same
 * checks) first asks hvm_altp2m_supported(): true only when Xen booted with `altp2m` (opt_altp2m_enabled,
 * default off, every release 4.12.0-4.22.0), on a VMX CPU with EPT (and, from 4.20, a build
 * with CONFIG_ALTP2M); otherwise -EOPNOTSUPP before the struct is read, whatever
 * HVM_PARAM_ALTP2M says. With `altp2m` on, what comes next depends on the CPU, which the
 * machine does not know.
 */
export function altp2m(call: HypercallCall): number {
  if (!call.xen.boot.altp2m)
    return failCheck(call.xen.trace, `${ID}.altp2m.not_supported`, EOPNOTSUPP);
  return unmodelled(call, "hvm_op/altp2m with altp2m on the command line: the CPU's VMX and EPT");
}

/**
 * `altp2m` on Xen's command line: boolean_param("altp2m", opt_altp2m_enabled) under kernel.c
 * parse_params' OPT_BOOL rule: `altp2m` is true, `altp2m=<bool>` the bool (a value that is no
 * boolean changes nothing), a `no-` prefix inverts; the last one wins. Default false.
 */
export function parseAltp2mCmdline(cmdline: string): boolean {
  let on = false;
  for (const opt of cmdline.split(" ")) {
    const eq = opt.indexOf("=");
    let key = eq < 0 ? opt : opt.slice(0, eq);
    const value = eq < 0 ? "" : opt.slice(eq + 1);
    const neg = key.startsWith("no-");
    if (neg) key = key.slice(3);
    if (key !== "altp2m") continue;
    const b = value === "" ? 1 : parseBool(value);
    if (b < 0) continue;
    on = neg ? b === 0 : b === 1;
  }
  return on;
}
