import { argAddr, type HypercallCall } from "../../machine/call.js";
import { EFAULT, EINVAL, ENOSYS } from "../../machine/errno.js";
import { PAGE_SIZE, getU32, putU32 } from "../../machine/memory.js";

/** XENVER_* sub-ops (public/version.h). */
export const XENVER_version = 0;
export const XENVER_extraversion = 1;
export const XENVER_compile_info = 2;
export const XENVER_capabilities = 3;
export const XENVER_changeset = 4;
export const XENVER_platform_parameters = 5;
export const XENVER_get_features = 6;
export const XENVER_pagesize = 7;
export const XENVER_guest_handle = 8;
export const XENVER_commandline = 9;

/** Sizes of the fixed string buffers (public/version.h typedefs). */
const EXTRAVERSION_LEN = 16;
const COMPILE_INFO_LEN = 64 + 16 + 32 + 32;
const CAPABILITIES_LEN = 1024;
const CHANGESET_LEN = 64;
const COMMANDLINE_LEN = 1024;
const DOMAIN_HANDLE_LEN = 16;

/** XENFEAT_* bits the model advertises in submap 0 (public/features.h). */
const XENFEAT_writable_page_tables = 0;
const XENFEAT_auto_translated_physmap = 2;
const XENFEAT_supervisor_mode_kernel = 3;
const XENFEAT_hvm_callback_vector = 8;
const XENFEAT_hvm_safe_pvclock = 9;
const XENFEAT_hvm_pirqs = 10;
const XENFEAT_dom0 = 11;
const XENFEAT_grant_map_identity = 12;

const encoder = new TextEncoder();

/** Write `s` NUL-padded into a `len`-byte buffer at `addr`: the fixed char arrays. */
function copyString(call: HypercallCall, addr: number, s: string, len: number): number {
  const buf = new Uint8Array(len);
  buf.set(encoder.encode(s).subarray(0, len - 1));
  return call.domain.memory.write(addr, buf) ? 0 : -EFAULT;
}

/**
 * xsm_xen_version (xsm/dummy.h): sub-ops 0-8 are open to every guest; the rest need the
 * control domain. A denied sub-op still answers, with "<denied>" in place of the data.
 */
function denied(call: HypercallCall, cmd: number): boolean {
  if (cmd <= XENVER_guest_handle) return false;
  return call.domain.id !== 0;
}

const DENIED = "<denied>";

function capabilities(call: HypercallCall): string {
  switch (call.xen.arch) {
    case "arm64":
      return "xen-3.0-aarch64 xen-3.0-armv7l ";
    case "arm32":
      return "xen-3.0-armv7l ";
    case "x86_64":
      return "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ";
  }
}

function featureSubmap(call: HypercallCall): number {
  const bit = (n: number) => 1 << n;
  let m = 0;
  if (call.xen.arch !== "x86_64") {
    // arch/arm: every Arm guest is auto-translated and uses the callback vector.
    m |= bit(XENFEAT_writable_page_tables) | bit(XENFEAT_auto_translated_physmap);
    m |= bit(XENFEAT_supervisor_mode_kernel) | bit(XENFEAT_hvm_callback_vector);
    m |= bit(XENFEAT_hvm_safe_pvclock);
    if (call.domain.id === 0) m |= bit(XENFEAT_dom0) | bit(XENFEAT_grant_map_identity);
  } else {
    m |= bit(XENFEAT_writable_page_tables);
    if (call.domain.mode.startsWith("hvm"))
      m |= bit(XENFEAT_auto_translated_physmap) | bit(XENFEAT_hvm_callback_vector);
    if (call.domain.mode.startsWith("hvm"))
      m |= bit(XENFEAT_hvm_safe_pvclock) | bit(XENFEAT_hvm_pirqs);
    if (call.domain.id === 0) m |= bit(XENFEAT_dom0);
  }
  return m >>> 0;
}

/**
 * do_xen_version(int cmd, void *arg) (common/kernel.c). XENVER_version answers the modelled
 * release as (major << 16) | minor; the string sub-ops copy fixed-size, NUL-padded buffers.
 */
export function do_xen_version(call: HypercallCall): number {
  const cmd = call.argLo[0]! | 0;
  const arg = argAddr(call, 1);
  const { profile } = call.xen;
  switch (cmd) {
    case XENVER_version:
      return (profile.major << 16) | profile.minor;
    case XENVER_extraversion:
      return copyString(call, arg, `.${profile.patch}`, EXTRAVERSION_LEN);
    case XENVER_compile_info: {
      const buf = new Uint8Array(COMPILE_INFO_LEN);
      buf.set(encoder.encode("xen-abi reference machine"), 0);
      buf.set(encoder.encode("xen-abi"), 64);
      buf.set(encoder.encode("localdomain"), 80);
      buf.set(encoder.encode("reference"), 112);
      return call.domain.memory.write(arg, buf) ? 0 : -EFAULT;
    }
    case XENVER_capabilities:
      return copyString(call, arg, capabilities(call), CAPABILITIES_LEN);
    case XENVER_changeset:
      return copyString(call, arg, `RELEASE-${profile.release}`, CHANGESET_LEN);
    case XENVER_get_features: {
      // xen_feature_info_t { unsigned int submap_idx; uint32_t submap; }: read idx, write map.
      const idx = new Uint8Array(4);
      if (!call.domain.memory.read(arg, idx)) return -EFAULT;
      const submapIdx = getU32(idx, 0);
      // Only submap 0 exists (XENFEAT_NR_SUBMAPS is 1).
      if (submapIdx !== 0) return -EINVAL;
      const out = new Uint8Array(4);
      putU32(out, 0, featureSubmap(call));
      return call.domain.memory.write(arg + 4, out) ? 0 : -EFAULT;
    }
    case XENVER_pagesize:
      // The sub-op takes no buffer: a non-NULL one is refused.
      return arg !== 0 ? -EINVAL : PAGE_SIZE;
    case XENVER_guest_handle:
      return call.domain.memory.write(arg, new Uint8Array(DOMAIN_HANDLE_LEN)) ? 0 : -EFAULT;
    case XENVER_commandline:
      return copyString(call, arg, denied(call, cmd) ? DENIED : call.xen.cmdline, COMMANDLINE_LEN);
    default:
      return -ENOSYS;
  }
}
