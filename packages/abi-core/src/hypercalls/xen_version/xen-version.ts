import { argAddr, argIsNull, unmodelled, type HypercallCall } from "../../machine/call.js";
import { EFAULT, EINVAL, ENOBUFS, ENOSYS, EPERM } from "../../machine/errno.js";
import { PAGE_SIZE, getU32, putU32 } from "../../machine/memory.js";
import { releaseMinor } from "../../machine/release.js";
import { structOffsetsByMode } from "../../table/struct-offsets.js";
import { failCheck } from "../../machine/trace.js";
import { featureSubmap0, platformVirtStart } from "./features.js";

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
export const XENVER_build_id = 10;
export const XENVER_extraversion2 = 11;
export const XENVER_capabilities2 = 12;
export const XENVER_changeset2 = 13;
export const XENVER_commandline2 = 14;

/** Sizes of the fixed string buffers (public/version.h typedefs). */
const EXTRAVERSION_LEN = 16;
const CAPABILITIES_LEN = 1024;
const CHANGESET_LEN = 64;
const COMMANDLINE_LEN = 1024;
const DOMAIN_HANDLE_LEN = 16;

/** The structs the sub-ops copy in and out, by field name per guest mode (public/version.h). */
const COMPILE_INFO = structOffsetsByMode("xen_compile_info_t", [
  "compiler",
  "compile_by",
  "compile_domain",
  "compile_date",
]);
const FEATURE_INFO = structOffsetsByMode("xen_feature_info_t", ["submap_idx", "submap"]);
const VARBUF = structOffsetsByMode("xen_varbuf_t", ["len", "buf"]);

/** xen_deny() (common/version.c): what a denied string sub-op reads. */
export const XEN_DENY = "<denied>";

const encoder = new TextEncoder();

/** copy_to_guest of `bytes`: 0, or the sub-op's failed copy_out check. */
function copyOut(call: HypercallCall, addr: number, bytes: Uint8Array, id: string): number {
  return call.domain.memory.write(addr, bytes) ? 0 : failCheck(call.xen.trace, id, EFAULT);
}

/** safe_strcpy into a zeroed `len`-byte array, then copy_to_guest of all `len` bytes. */
function copyString(call: HypercallCall, addr: number, s: string, len: number, id: string): number {
  const buf = new Uint8Array(len);
  buf.set(encoder.encode(s).subarray(0, len - 1));
  return copyOut(call, addr, buf, id);
}

/**
 * xen_cap_info (arch_get_xen_caps in arch/arm/setup.c, arch/x86/setup.c; init_xen_cap_info
 * from 4.20). x86 lists `xen-3.0-x86_32p` when 32-bit PV guests can run: always up to 4.13,
 * and from 4.14 when CONFIG_PV32 built it (opt_pv32, on by default). The model's HVM is on.
 */
function capabilities(call: HypercallCall): string {
  switch (call.xen.arch) {
    case "arm64":
      return "xen-3.0-aarch64 xen-3.0-armv7l ";
    case "arm32":
      return "xen-3.0-armv7l ";
    case "x86_64":
      return (
        "xen-3.0-x86_64 " +
        (call.xen.config?.PV32 === false ? "" : "xen-3.0-x86_32p ") +
        "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 "
      );
  }
}

/** The model's build strings: the point release as extraversion, its tag as the changeset. */
function extraVersion(call: HypercallCall): string {
  return `.${call.xen.profile.patch}`;
}
function changeset(call: HypercallCall): string {
  return `RELEASE-${call.xen.profile.release}`;
}

/**
 * do_xen_version(int cmd, void *arg) (xen/common/kernel.c). `deny` is xsm_xen_version's
 * answer, asked before the switch for every sub-op; denied string sub-ops still answer 0
 * with "<denied>" in place of the data. The `*2` sub-ops exist from 4.20
 * (xenver_varbuf_op); before, 11-14 fall to the switch's -ENOSYS.
 */
export function do_xen_version(call: HypercallCall): number {
  const cmd = call.argLo[0]! | 0;
  const arg = argAddr(call, 1);
  const { profile } = call.xen;
  const deny = call.xen.xsm.xenVersion(call.domain, cmd) !== 0;
  switch (cmd) {
    case XENVER_version:
      return (profile.major << 16) | profile.minor;
    case XENVER_extraversion:
      return copyString(
        call,
        arg,
        deny ? XEN_DENY : extraVersion(call),
        EXTRAVERSION_LEN,
        "xen_version.extraversion.copy_out",
      );
    case XENVER_compile_info:
      return compileInfo(call, arg, deny);
    case XENVER_capabilities:
      // Denied: the zeroed array, not "<denied>".
      return copyString(
        call,
        arg,
        deny ? "" : capabilities(call),
        CAPABILITIES_LEN,
        "xen_version.capabilities.copy_out",
      );
    case XENVER_platform_parameters: {
      const { value, bytes } = platformVirtStart(call);
      const out = new Uint8Array(bytes);
      putU32(out, 0, Number(value & 0xffffffffn));
      if (bytes === 8) putU32(out, 4, Number(value >> 32n));
      return copyOut(call, arg, out, "xen_version.platform_parameters.copy_out");
    }
    case XENVER_changeset:
      return copyString(
        call,
        arg,
        deny ? XEN_DENY : changeset(call),
        CHANGESET_LEN,
        "xen_version.changeset.copy_out",
      );
    case XENVER_get_features: {
      // xen_feature_info_t: copy in, then out.
      const F = FEATURE_INFO[call.domain.mode];
      const fi = call.domain.memory.readBytes(arg, F.size);
      if (fi === undefined)
        return failCheck(call.xen.trace, "xen_version.get_features.copy_in", EFAULT);
      // XENFEAT_NR_SUBMAPS is 1.
      const idx = getU32(fi, F.at.submap_idx);
      if (idx !== 0)
        return failCheck(
          call.xen.trace,
          "xen_version.get_features.submap_idx",
          EINVAL,
          "submap_idx",
          idx,
        );
      putU32(fi, F.at.submap, featureSubmap0(call));
      return copyOut(call, arg, fi, "xen_version.get_features.copy_out");
    }
    case XENVER_pagesize:
      if (deny) return 0;
      // The sub-op takes no buffer: a non-NULL one is refused.
      return argIsNull(call, 1)
        ? PAGE_SIZE
        : failCheck(call.xen.trace, "xen_version.pagesize.handle_not_null", EINVAL);
    case XENVER_guest_handle:
      // The toolstack gives the model's domains no handle: all zeroes, denied or not.
      return copyOut(
        call,
        arg,
        new Uint8Array(DOMAIN_HANDLE_LEN),
        "xen_version.guest_handle.copy_out",
      );
    case XENVER_commandline: {
      // Denied: strlen("<denied>") + 1 = 9 bytes, not the 1024 of xen_commandline_t.
      const id = "xen_version.commandline.copy_out";
      if (deny) return copyOut(call, arg, encoder.encode(`${XEN_DENY}\0`), id);
      return copyString(call, arg, call.xen.cmdline, COMMANDLINE_LEN, id);
    }
    case XENVER_build_id:
      if (deny) return failCheck(call.xen.trace, "xen_version.build_id.xsm", EPERM);
      // Before 4.20 a buffer is read and checked first: its len (xen_build_id_t) must be set.
      if (profile.minor < 20 && !argIsNull(call, 1)) {
        const b = call.domain.memory.readBytes(arg, 4);
        if (b === undefined)
          return failCheck(call.xen.trace, "xen_version.build_id.copy_in", EFAULT);
        if (getU32(b, 0) === 0)
          return failCheck(call.xen.trace, "xen_version.build_id.len_zero", EINVAL);
      }
      // The build id is the linker's hash of one particular build (or none: -ENODATA), and
      // what follows depends on its size: no value to model.
      return unmodelled(call, "xen_version/XENVER_build_id");
    case XENVER_extraversion2:
    case XENVER_capabilities2:
    case XENVER_changeset2:
    case XENVER_commandline2:
      if (releaseMinor(profile.release) < 20) return cmdUnknown(call, cmd);
      if (deny)
        return failCheck(call.xen.trace, VARBUF_IDS[cmd - XENVER_extraversion2]!.xsm, EPERM);
      return varbufOp(call, cmd, arg);
    default:
      return cmdUnknown(call, cmd);
  }
}

function compileInfo(call: HypercallCall, arg: number, deny: boolean): number {
  const C = COMPILE_INFO[call.domain.mode];
  const buf = new Uint8Array(C.size);
  const put = (s: string, field: keyof typeof C.at) =>
    buf.set(encoder.encode(deny ? XEN_DENY : s).subarray(0, C.len[field] - 1), C.at[field]);
  put("xen-abi reference machine", "compiler");
  put("xen-abi", "compile_by");
  put("localdomain", "compile_domain");
  put("reference", "compile_date");
  return copyOut(call, arg, buf, "xen_version.compile_info.copy_out");
}

function cmdUnknown(call: HypercallCall, cmd: number): number {
  return failCheck(call.xen.trace, "xen_version.entry.cmd_unknown", ENOSYS, "cmd", cmd >>> 0);
}

function varbufIds(key: string) {
  const p = `xen_version.${key}`;
  return {
    xsm: `${p}.xsm`,
    copyIn: `${p}.copy_in`,
    bufferSmall: `${p}.buffer_small`,
    copyOut: `${p}.copy_out`,
  };
}

/** The check ids of xenver_varbuf_op, by cmd - XENVER_extraversion2. */
const VARBUF_IDS = Object.freeze([
  varbufIds("extraversion2"),
  varbufIds("capabilities2"),
  varbufIds("changeset2"),
  varbufIds("commandline2"),
]);

/**
 * xenver_varbuf_op (kernel.c, 4.20+): a NULL handle asks for the length; otherwise read
 * xen_varbuf_t.len, -ENOBUFS when the string does not fit, copy it after `len` (no NUL).
 */
function varbufOp(call: HypercallCall, cmd: number, arg: number): number {
  const str =
    cmd === XENVER_extraversion2
      ? extraVersion(call)
      : cmd === XENVER_changeset2
        ? changeset(call)
        : cmd === XENVER_commandline2
          ? call.xen.cmdline
          : capabilities(call);
  const bytes = encoder.encode(str);
  const sz = bytes.length;
  if (argIsNull(call, 1)) return sz;
  const ids = VARBUF_IDS[cmd - XENVER_extraversion2]!;
  const trace = call.xen.trace;
  const V = VARBUF[call.domain.mode];
  const len = call.domain.memory.readBytes(arg + V.at.len, V.len.len);
  if (len === undefined) return failCheck(trace, ids.copyIn, EFAULT);
  const have = getU32(len, 0);
  if (sz > have) return failCheck(trace, ids.bufferSmall, ENOBUFS, "len", have);
  return call.domain.memory.write(arg + V.at.buf, bytes)
    ? sz
    : failCheck(trace, ids.copyOut, EFAULT);
}
