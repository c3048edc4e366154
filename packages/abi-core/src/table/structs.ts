/**
 * Structs that hypercalls read from and write to guest memory, as data: field names and C types
 * exactly as Xen's public headers declare them (xen-project/xen HEAD c447b7308b, checked back to
 * RELEASE-4.12.0 where noted), with a line on what each field means. Layouts are not written
 * here: the engine in abi/layout.ts computes them, and test/fixtures/layouts/ holds clang's
 * answer for every struct below on all four targets.
 */
import { GUEST_MODES, type CTarget, type GuestMode } from "../abi/modes.js";
import { C_TARGETS, type LayoutAbi } from "../abi/ctypes.js";
import {
  LayoutEngine,
  UnknownStructError,
  type CFieldDecl,
  type CRecordDecl,
  type StructLayout,
} from "../abi/layout.js";
import type { Release } from "../machine/release.js";

export interface StructFieldDef extends CFieldDecl {
  /** What the field holds, in one line. */
  readonly meaning: string;
}

export interface StructDef extends CRecordDecl {
  /** Public header declaring it, relative to xen/include (`public/argo.h`). */
  readonly header: string;
  readonly summary: string;
  readonly fields: readonly StructFieldDef[];
  /**
   * Xen declares this as an array typedef (`typedef char xen_extraversion_t[16]`); it is
   * modelled as a struct with that one array field, which has the same size and alignment.
   */
  readonly arrayTypedef?: boolean;
  /**
   * xen/include/xlat.lst for 32-bit x86 guests: "translate" ('!') when the compat layout differs
   * and Xen converts it, "check" ('?') when Xen asserts the compat layout is identical.
   */
  readonly xlat?: "translate" | "check";
  /** First release whose header has it (absent: every modelled release). */
  readonly since?: Release;
}

type Extra = Pick<CFieldDecl, "count" | "flexible">;

function f(name: string, ctype: string, meaning: string, extra: Extra = {}): StructFieldDef {
  return { name, ctype, meaning, ...extra };
}

const ARGO = "public/argo.h";
const VERSION = "public/version.h";
const SCHED = "public/sched.h";
const EVTCHN = "public/event_channel.h";
const VCPU = "public/vcpu.h";

export const STRUCTS: readonly StructDef[] = [
  // ---- public/argo.h -------------------------------------------------------------------
  {
    name: "xen_argo_addr_t",
    tag: "xen_argo_addr",
    header: ARGO,
    xlat: "check",
    summary: "An Argo address: a port on a domain.",
    fields: [
      f("aport", "xen_argo_port_t", "Argo port number."),
      f("domain_id", "domid_t", "Domain the port belongs to."),
      f("pad", "uint16_t", "Padding; Xen rejects nonzero with -EINVAL."),
    ],
  },
  {
    name: "xen_argo_send_addr_t",
    tag: "xen_argo_send_addr",
    header: ARGO,
    xlat: "check",
    summary: "Source and destination of a sendv.",
    fields: [
      f(
        "src",
        "xen_argo_addr_t",
        "Sender's address; domain_id may be XEN_ARGO_DOMID_ANY for the caller.",
      ),
      f("dst", "xen_argo_addr_t", "Destination ring's address."),
    ],
  },
  {
    name: "xen_argo_iov_t",
    tag: "xen_argo_iov",
    header: ARGO,
    xlat: "translate",
    summary: "One buffer of a sendv message.",
    fields: [
      f("iov_hnd", "XEN_GUEST_HANDLE(uint8)", "Guest address of the bytes."),
      f("iov_len", "uint32_t", "Number of bytes."),
      f("pad", "uint32_t", "Padding; Xen rejects nonzero with -EINVAL."),
    ],
  },
  {
    name: "xen_argo_ring_t",
    tag: "xen_argo_ring",
    header: ARGO,
    xlat: "check",
    summary: "Header of a receive ring in the guest's pages, followed by the ring's bytes.",
    fields: [
      f("rx_ptr", "uint32_t", "Receiver's read offset into ring; the guest advances it."),
      f("tx_ptr", "uint32_t", "Xen's write offset into ring; Xen advances it."),
      f("reserved", "uint8_t", "Reserved; makes ring start on a message-slot boundary.", {
        count: 56,
      }),
      f("ring", "uint8_t", "Message bytes, len of them, in 16-byte slots.", { flexible: true }),
    ],
  },
  {
    name: "xen_argo_register_ring_t",
    tag: "xen_argo_register_ring",
    header: ARGO,
    xlat: "check",
    summary: "Argument of XEN_ARGO_OP_register_ring.",
    fields: [
      f("aport", "xen_argo_port_t", "Port the ring receives on."),
      f(
        "partner_id",
        "domid_t",
        "Only domain allowed to send, or XEN_ARGO_DOMID_ANY for a wildcard ring.",
      ),
      f("pad", "uint16_t", "Padding; Xen rejects nonzero with -EINVAL."),
      f("len", "uint32_t", "Ring size in bytes, a multiple of 16."),
    ],
  },
  {
    name: "xen_argo_unregister_ring_t",
    tag: "xen_argo_unregister_ring",
    header: ARGO,
    xlat: "check",
    summary: "Argument of XEN_ARGO_OP_unregister_ring.",
    fields: [
      f("aport", "xen_argo_port_t", "Port of the ring."),
      f("partner_id", "domid_t", "Partner it was registered with."),
      f("pad", "uint16_t", "Padding; Xen rejects nonzero with -EINVAL."),
    ],
  },
  {
    name: "xen_argo_ring_data_ent_t",
    tag: "xen_argo_ring_data_ent",
    header: ARGO,
    xlat: "check",
    summary: "One ring queried by XEN_ARGO_OP_notify.",
    fields: [
      f("ring", "xen_argo_addr_t", "Address of the ring asked about."),
      f("flags", "uint16_t", "Out: XEN_ARGO_RING_* flags."),
      f("pad", "uint16_t", "Padding."),
      f("space_required", "uint32_t", "In: bytes the caller wants to send."),
      f("max_message_size", "uint32_t", "Out: largest message the ring can take."),
    ],
  },
  {
    name: "xen_argo_ring_data_t",
    tag: "xen_argo_ring_data",
    header: ARGO,
    xlat: "check",
    summary: "Argument of XEN_ARGO_OP_notify: a count and that many entries.",
    fields: [
      f("nent", "uint32_t", "Number of entries in data."),
      f("pad", "uint32_t", "Padding."),
      f("data", "xen_argo_ring_data_ent_t", "The entries.", { flexible: true }),
    ],
  },
  {
    name: "xen_argo_ring_message_header",
    header: ARGO,
    xlat: "check",
    summary: "Header Xen writes before each message in a ring (struct only, no typedef).",
    fields: [
      f("len", "uint32_t", "Header plus payload bytes."),
      f("source", "xen_argo_addr_t", "Sender's port and domain."),
      f("message_type", "uint32_t", "Type the sender passed to sendv."),
      f("data", "uint8_t", "Payload.", { flexible: true }),
    ],
  },
  // ---- public/xen.h --------------------------------------------------------------------
  {
    name: "multicall_entry_t",
    tag: "multicall_entry",
    header: "public/xen.h",
    summary: "One call of a multicall batch (the guest's view; Xen reads 5 args).",
    fields: [
      f("op", "xen_ulong_t", "Hypercall number."),
      f("result", "xen_ulong_t", "Out: the call's return value."),
      f("args", "xen_ulong_t", "Arguments; only the first 5 are used.", { count: 6 }),
    ],
  },
  // ---- public/version.h ----------------------------------------------------------------
  {
    name: "xen_extraversion_t",
    header: VERSION,
    arrayTypedef: true,
    summary: "XENVER_extraversion result: the version suffix, NUL-terminated.",
    fields: [f("extraversion", "char", 'Version suffix text (e.g. ".0").', { count: 16 })],
  },
  {
    name: "xen_compile_info_t",
    tag: "xen_compile_info",
    header: VERSION,
    xlat: "check",
    summary: "XENVER_compile_info result.",
    fields: [
      f("compiler", "char", "Compiler used to build Xen.", { count: 64 }),
      f("compile_by", "char", "User who built it.", { count: 16 }),
      f("compile_domain", "char", "Build host's domain.", { count: 32 }),
      f("compile_date", "char", "Build date.", { count: 32 }),
    ],
  },
  {
    name: "xen_capabilities_info_t",
    header: VERSION,
    arrayTypedef: true,
    summary: "XENVER_capabilities result: space-separated guest types Xen runs.",
    fields: [
      f("capabilities", "char", 'Capability text (e.g. "xen-3.0-aarch64 xen-3.0-armv7l").', {
        count: 1024,
      }),
    ],
  },
  {
    name: "xen_changeset_info_t",
    header: VERSION,
    arrayTypedef: true,
    summary: "XENVER_changeset result: the source revision Xen was built from.",
    fields: [f("changeset", "char", "Changeset text.", { count: 64 })],
  },
  {
    name: "xen_platform_parameters_t",
    tag: "xen_platform_parameters",
    header: VERSION,
    summary: "XENVER_platform_parameters result.",
    fields: [f("virt_start", "xen_ulong_t", "Start of the hypervisor's virtual address hole.")],
  },
  {
    name: "xen_feature_info_t",
    tag: "xen_feature_info",
    header: VERSION,
    xlat: "check",
    summary: "XENVER_get_features argument and result.",
    fields: [
      f("submap_idx", "uint32_t", "In: which 32-bit block of feature bits."),
      f("submap", "uint32_t", "Out: the feature bits of that block."),
    ],
  },
  {
    name: "xen_commandline_t",
    header: VERSION,
    arrayTypedef: true,
    summary: "XENVER_commandline result: Xen's boot command line.",
    fields: [f("commandline", "char", "Command line text.", { count: 1024 })],
  },
  {
    name: "xen_build_id_t",
    tag: "xen_build_id",
    header: VERSION,
    xlat: "check",
    summary: "XENVER_build_id argument: a buffer size, then the build id bytes.",
    fields: [
      f("len", "uint32_t", "In: size of buf."),
      f("buf", "unsigned char", "Out: the build id.", { flexible: true }),
    ],
  },
  {
    name: "xen_varbuf_t",
    tag: "xen_varbuf",
    header: VERSION,
    xlat: "check",
    since: "4.20",
    summary: "Argument of the XENVER_*2 ops: a buffer size, then the data.",
    fields: [
      f("len", "uint32_t", "In: size of buf."),
      f("buf", "unsigned char", "Out: the requested data.", { flexible: true }),
    ],
  },
  // ---- public/sched.h ------------------------------------------------------------------
  {
    name: "sched_shutdown_t",
    tag: "sched_shutdown",
    header: SCHED,
    xlat: "check",
    summary: "SCHEDOP_shutdown argument.",
    fields: [f("reason", "unsigned int", "SHUTDOWN_* reason.")],
  },
  {
    name: "sched_poll_t",
    tag: "sched_poll",
    header: SCHED,
    xlat: "translate",
    summary: "SCHEDOP_poll argument: block until an event channel is pending or a timeout.",
    fields: [
      f("ports", "XEN_GUEST_HANDLE(evtchn_port_t)", "Guest address of the array of ports."),
      f("nr_ports", "unsigned int", "Number of ports."),
      f("timeout", "uint64_t", "Absolute system time (ns) to give up at; 0 for none."),
    ],
  },
  {
    name: "sched_remote_shutdown_t",
    tag: "sched_remote_shutdown",
    header: SCHED,
    xlat: "check",
    summary: "SCHEDOP_remote_shutdown argument.",
    fields: [
      f("domain_id", "domid_t", "Domain to shut down."),
      f("reason", "unsigned int", "SHUTDOWN_* reason."),
    ],
  },
  {
    name: "sched_watchdog_t",
    tag: "sched_watchdog",
    header: SCHED,
    summary: "SCHEDOP_watchdog argument.",
    fields: [
      f("id", "uint32_t", "Watchdog id; 0 allocates one."),
      f("timeout", "uint32_t", "Timeout in seconds; 0 destroys the watchdog."),
    ],
  },
  // ---- public/event_channel.h ----------------------------------------------------------
  {
    name: "evtchn_alloc_unbound_t",
    tag: "evtchn_alloc_unbound",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_alloc_unbound argument.",
    fields: [
      f("dom", "domid_t", "Domain to allocate the port in."),
      f("remote_dom", "domid_t", "Domain allowed to bind to it."),
      f("port", "evtchn_port_t", "Out: the new port."),
    ],
  },
  {
    name: "evtchn_bind_interdomain_t",
    tag: "evtchn_bind_interdomain",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_bind_interdomain argument.",
    fields: [
      f("remote_dom", "domid_t", "Domain holding the unbound port."),
      f("remote_port", "evtchn_port_t", "That unbound port."),
      f("local_port", "evtchn_port_t", "Out: the caller's new port."),
    ],
  },
  {
    name: "evtchn_bind_virq_t",
    tag: "evtchn_bind_virq",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_bind_virq argument.",
    fields: [
      f("virq", "uint32_t", "VIRQ_* number."),
      f("vcpu", "uint32_t", "vCPU to deliver it to."),
      f("port", "evtchn_port_t", "Out: the new port."),
    ],
  },
  {
    name: "evtchn_bind_ipi_t",
    tag: "evtchn_bind_ipi",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_bind_ipi argument.",
    fields: [
      f("vcpu", "uint32_t", "vCPU to notify."),
      f("port", "evtchn_port_t", "Out: the new port."),
    ],
  },
  {
    name: "evtchn_close_t",
    tag: "evtchn_close",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_close argument.",
    fields: [f("port", "evtchn_port_t", "Port to close.")],
  },
  {
    name: "evtchn_send_t",
    tag: "evtchn_send",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_send argument.",
    fields: [f("port", "evtchn_port_t", "Local port whose remote end is signalled.")],
  },
  {
    name: "evtchn_unmask_t",
    tag: "evtchn_unmask",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_unmask argument.",
    fields: [f("port", "evtchn_port_t", "Port to unmask.")],
  },
  // ---- public/vcpu.h -------------------------------------------------------------------
  {
    name: "vcpu_runstate_info_t",
    tag: "vcpu_runstate_info",
    header: VCPU,
    xlat: "translate",
    summary: "VCPUOP_get_runstate_info result: time a vCPU spent in each state.",
    fields: [
      f("state", "int", "Current RUNSTATE_* state."),
      f("state_entry_time", "uint64_t", "System time (ns) the state was entered."),
      f("time", "uint64_t", "Nanoseconds spent in each RUNSTATE_*.", { count: 4 }),
    ],
  },
  {
    name: "vcpu_set_periodic_timer_t",
    tag: "vcpu_set_periodic_timer",
    header: VCPU,
    xlat: "check",
    summary: "VCPUOP_set_periodic_timer argument.",
    fields: [f("period_ns", "uint64_t", "Timer period in nanoseconds.")],
  },
  {
    name: "vcpu_set_singleshot_timer_t",
    tag: "vcpu_set_singleshot_timer",
    header: VCPU,
    xlat: "translate",
    summary: "VCPUOP_set_singleshot_timer argument.",
    fields: [
      f("timeout_abs_ns", "uint64_t", "Absolute system time (ns) to fire at."),
      f("flags", "uint32_t", "VCPU_SSHOTTMR_* flags."),
    ],
  },
  {
    name: "vcpu_register_vcpu_info_t",
    tag: "vcpu_register_vcpu_info",
    header: VCPU,
    xlat: "check",
    summary: "VCPUOP_register_vcpu_info argument: where to place the vcpu_info.",
    fields: [
      f("mfn", "uint64_t", "Frame holding the vcpu_info."),
      f("offset", "uint32_t", "Offset of the vcpu_info within that frame."),
      f("rsvd", "uint32_t", "Unused."),
    ],
  },
];

const BY_NAME = new Map<string, StructDef>();
for (const s of STRUCTS) {
  BY_NAME.set(s.name, s);
  if (s.tag !== undefined) BY_NAME.set(s.tag, s);
}

/** Names of every struct the project knows, in table order. */
export const STRUCT_NAMES: readonly string[] = STRUCTS.map((s) => s.name);

/** The struct called `name` (typedef name, tag, or `struct tag`), or undefined. */
export function findStruct(name: string): StructDef | undefined {
  return BY_NAME.get(name.replace(/^\s*struct\s+/, "").trim());
}

/** The struct called `name`; throws UnknownStructError. */
export function structDef(name: string): StructDef {
  const s = findStruct(name);
  if (s === undefined) throw new UnknownStructError(name);
  return s;
}

const engine = new LayoutEngine(findStruct);

/**
 * Layout of struct `name` for a guest mode (or a C target): size, alignment, and each field's
 * offset, size and alignment. Cached per (struct, target). Throws UnknownStructError.
 */
export function layoutOf(name: string, abi: LayoutAbi): StructLayout {
  return engine.layoutOf(name, abi);
}

/** The layout of `name` in every guest mode. */
export function layoutsByMode(name: string): Record<GuestMode, StructLayout> {
  return Object.fromEntries(GUEST_MODES.map((m) => [m, layoutOf(name, m)])) as Record<
    GuestMode,
    StructLayout
  >;
}

/** The layout of `name` on every C target (the fixtures' keys). */
export function layoutsByTarget(name: string): Record<CTarget, StructLayout> {
  return Object.fromEntries(C_TARGETS.map((t) => [t, layoutOf(name, t)])) as Record<
    CTarget,
    StructLayout
  >;
}
