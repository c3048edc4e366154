/**
 * argo_op's record: its sub-ops and every check each makes, in the order xen/common/argo.c
 * makes them. Sub-op numbers are the constants of constants.ts (constants.test.ts holds each
 * header name to the constant of that name); the handlers report each failing check by its id.
 */
import { checkMaker, type CheckRecord, type HypercallRecord, type SubopRecord } from "../record.js";
import {
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_OP_unregister_ring,
} from "./constants.js";
import { compat_argo_op, do_argo_op } from "./op.js";

const ARGO_C = "xen/common/argo.c";
const NOMEM = "The model never runs out of memory.";

const check = checkMaker("argo_op", ARGO_C);

/** do_argo_op's checks before the switch, then its default case. */
const ENTRY_CHECKS: readonly CheckRecord[] = [
  check(
    "entry.arg_above_32bit",
    "EINVAL",
    "do_argo_op",
    "arg3 or arg4 has bits above bit 31 (the native path only; compat_argo_op's sendv skips it).",
  ),
  check(
    "entry.not_enabled",
    "EOPNOTSUPP",
    "do_argo_op",
    "Argo is not enabled: Xen was booted without `argo=1` (opt_argo).",
  ),
  check(
    "entry.xsm_enable",
    "EACCES",
    "do_argo_op",
    "The security policy refuses Argo to the calling domain (xsm_argo_enable; FLASK answers -EACCES).",
  ),
  check(
    "entry.cmd_unknown",
    "EOPNOTSUPP",
    "do_argo_op",
    "cmd is none of the XEN_ARGO_OP_* values.",
  ),
];

const REGISTER_RING: SubopRecord = {
  name: "XEN_ARGO_OP_register_ring",
  number: XEN_ARGO_OP_register_ring,
  modelled: true,
  args: ["subop", "handle", "handle", "count", "flags"],
  structs: ["xen_argo_register_ring_t", "xen_argo_ring_t"],
  checks: [
    check(
      "register_ring.npages_max",
      "EINVAL",
      "do_argo_op",
      "npage (arg3) is above 4096 (XEN_ARGO_MAX_RING_SIZE >> PAGE_SHIFT).",
    ),
    check(
      "register_ring.gfn_handle",
      "EFAULT",
      "do_argo_op",
      "guest_handle_okay fails for the gfn array (x86 PV only; Arm and HVM always pass).",
      { arch: ["x86_64"] },
    ),
    check(
      "register_ring.flags",
      "EINVAL",
      "register_ring",
      "flags has a bit other than XEN_ARGO_REGISTER_FLAG_FAIL_EXIST.",
    ),
    check(
      "register_ring.copy_reg",
      "EFAULT",
      "register_ring",
      "The xen_argo_register_ring_t cannot be read.",
    ),
    check(
      "register_ring.reg_fields",
      "EINVAL",
      "register_ring",
      "len is below 48, above 0x1000000, not a multiple of 16, needs a different number of pages than npage, or pad is nonzero.",
    ),
    check(
      "register_ring.any_not_permissive",
      "EPERM",
      "register_ring",
      "partner_id is XEN_ARGO_DOMID_ANY and Xen was not booted with mac-permissive=1.",
    ),
    check(
      "register_ring.xsm_any_source",
      "EACCES",
      "register_ring",
      "The security policy refuses a wildcard ring (xsm_argo_register_any_source).",
    ),
    check(
      "register_ring.partner_missing",
      "ESRCH",
      "register_ring",
      "The partner domain does not exist.",
    ),
    check(
      "register_ring.xsm_single_source",
      "EACCES",
      "register_ring",
      "The security policy refuses a ring for this partner (xsm_argo_register_single_source).",
    ),
    check(
      "register_ring.nomem",
      "ENOMEM",
      "register_ring",
      "Xen cannot allocate the ring's bookkeeping (send_info, ring_info, mfn arrays).",
      { untestable: NOMEM },
    ),
    check(
      "register_ring.no_argo",
      "ENODEV",
      "register_ring",
      "The calling domain has no Argo state (argo_init did not enable it).",
    ),
    check(
      "register_ring.partner_no_argo",
      "ECONNREFUSED",
      "register_ring",
      "The partner domain has no Argo state.",
    ),
    check(
      "register_ring.ring_count",
      "ENOSPC",
      "register_ring",
      "The domain already has 128 rings (counted before the lookup, so a re-registration fails too).",
    ),
    check(
      "register_ring.exists_fail_exist",
      "EEXIST",
      "register_ring",
      "The ring exists and XEN_ARGO_REGISTER_FLAG_FAIL_EXIST is set.",
    ),
    check(
      "register_ring.exists_len",
      "EEXIST",
      "register_ring",
      "The ring exists with a different len (no resizing).",
    ),
    check(
      "register_ring.copy_gfn",
      "EFAULT",
      "find_ring_mfns",
      "A gfn cannot be read from the array.",
    ),
    check(
      "register_ring.gfn_not_ram",
      "EINVAL",
      "find_ring_mfn",
      "A frame is not writable RAM of the caller.",
    ),
    check(
      "register_ring.gfn_logdirty",
      "EAGAIN",
      "find_ring_mfn",
      "A frame is in log-dirty mode (x86, during live migration).",
      { arch: ["x86_64"], untestable: "The model has no log-dirty mode." },
    ),
  ],
};

const UNREGISTER_RING: SubopRecord = {
  name: "XEN_ARGO_OP_unregister_ring",
  number: XEN_ARGO_OP_unregister_ring,
  modelled: true,
  args: ["subop", "handle", "value", "value", "value"],
  structs: ["xen_argo_unregister_ring_t"],
  checks: [
    check(
      "unregister_ring.args_nonzero",
      "EINVAL",
      "do_argo_op",
      "arg2 is not NULL, or arg3 or arg4 is not 0.",
    ),
    check(
      "unregister_ring.copy",
      "EFAULT",
      "unregister_ring",
      "The xen_argo_unregister_ring_t cannot be read.",
    ),
    check("unregister_ring.pad", "EINVAL", "unregister_ring", "pad is nonzero."),
    check(
      "unregister_ring.no_argo",
      "ENODEV",
      "unregister_ring",
      "The calling domain has no Argo state.",
    ),
    check(
      "unregister_ring.not_found",
      "ENOENT",
      "unregister_ring",
      "No ring matches (aport, caller, partner_id) exactly; there is no wildcard fallback.",
    ),
  ],
};

const SENDV: SubopRecord = {
  name: "XEN_ARGO_OP_sendv",
  number: XEN_ARGO_OP_sendv,
  modelled: true,
  args: ["subop", "handle", "handle", "count", "value"],
  structs: [
    "xen_argo_send_addr_t",
    "xen_argo_addr_t",
    "xen_argo_iov_t",
    "xen_argo_ring_message_header",
  ],
  checks: [
    check(
      "sendv.copy_send_addr",
      "EFAULT",
      "do_argo_op",
      "The xen_argo_send_addr_t cannot be read (before niov is checked).",
    ),
    check(
      "sendv.niov_max",
      "EINVAL",
      "do_argo_op",
      "niov (arg3) is above XEN_ARGO_MAXIOV (8) (compat_argo_op alike).",
    ),
    check("sendv.copy_iovs", "EFAULT", "do_argo_op", "The iov array cannot be read."),
    check("sendv.addr_pad", "EINVAL", "sendv", "src.pad or dst.pad is nonzero."),
    check(
      "sendv.src_not_caller",
      "EPERM",
      "sendv",
      "src.domain_id is neither the caller nor XEN_ARGO_DOMID_ANY.",
    ),
    check("sendv.dst_missing", "ESRCH", "sendv", "The destination domain does not exist."),
    check(
      "sendv.xsm_send",
      "EACCES",
      "sendv",
      "The security policy refuses sending to the destination (xsm_argo_send).",
    ),
    check("sendv.no_argo", "ENODEV", "sendv", "The calling domain has no Argo state."),
    check("sendv.dst_no_argo", "ECONNREFUSED", "sendv", "The destination has no Argo state."),
    check(
      "sendv.no_ring",
      "ECONNREFUSED",
      "sendv",
      "No ring matches (exact partner first, then wildcard).",
    ),
    check("sendv.iov_niov", "EINVAL", "iov_count", "niov is above XEN_ARGO_MAXIOV.", {
      untestable: "do_argo_op and compat_argo_op reject niov above 8 first.",
    }),
    check("sendv.iov_pad", "EINVAL", "iov_count", "An iov's pad is nonzero."),
    check(
      "sendv.iov_len_max",
      "EINVAL",
      "iov_count",
      "One iov_len exceeds the largest message (16777184).",
    ),
    check(
      "sendv.total_len",
      "EMSGSIZE",
      "iov_count",
      "The iovs' total length exceeds 16777184 bytes.",
    ),
    check(
      "sendv.ring_too_small",
      "EMSGSIZE",
      "ringbuf_insert",
      "The message can never fit the ring (len <= 16 + ROUNDUP(total)).",
    ),
    check(
      "sendv.rx_ptr",
      "EINVAL",
      "get_sanitized_ring",
      "The ring has fewer mapped pages than its len needs.",
      { untestable: "register_ring maps every page before the ring can receive." },
    ),
    check(
      "sendv.ring_full",
      "EAGAIN",
      "ringbuf_insert",
      "The ring has no room now; Xen queues the sender (4.12 returns the queueing's result instead).",
    ),
    check(
      "sendv.iov_handle",
      "EFAULT",
      "ringbuf_insert",
      "An iov's buffer address fails guest_handle_okay (x86 PV only).",
      { arch: ["x86_64"] },
    ),
    check("sendv.ring_map", "ENOMEM", "ring_map_page", "A ring page cannot be mapped.", {
      untestable: "register_ring maps every page before the ring can receive.",
    }),
    check(
      "sendv.copy_buf",
      "EFAULT",
      "memcpy_to_guest_ring",
      "A buffer cannot be read; nothing is published.",
    ),
    check(
      "sendv.pending_max",
      "EBUSY",
      "pending_queue",
      "The ring already has 32 waiting senders, so this one cannot be queued.",
    ),
    check(
      "sendv.pending_nomem",
      "ENOMEM",
      "pending_queue",
      "Xen cannot allocate the queue entry.",
      {
        untestable: NOMEM,
      },
    ),
  ],
};

const NOTIFY: SubopRecord = {
  name: "XEN_ARGO_OP_notify",
  number: XEN_ARGO_OP_notify,
  modelled: true,
  args: ["subop", "handle", "value", "value", "value"],
  structs: ["xen_argo_ring_data_t", "xen_argo_ring_data_ent_t"],
  checks: [
    check(
      "notify.args_nonzero",
      "EINVAL",
      "do_argo_op",
      "arg2 is not NULL, or arg3 or arg4 is not 0.",
    ),
    check("notify.no_argo", "ENODEV", "notify", "The calling domain has no Argo state."),
    check(
      "notify.copy_ring_data",
      "EFAULT",
      "notify",
      "The xen_argo_ring_data_t header cannot be read.",
    ),
    check("notify.nent_max", "EACCES", "notify", "nent is above 256 (MAX_NOTIFY_COUNT)."),
    check(
      "notify.ent_handle",
      "EFAULT",
      "notify",
      "guest_handle_okay fails for the entries (x86 PV only).",
      { arch: ["x86_64"] },
    ),
    check("notify.copy_ent", "EFAULT", "fill_ring_data", "An entry cannot be read."),
    check(
      "notify.xsm_send",
      "EACCES",
      "fill_ring_data",
      "The security policy refuses sending to the entry's domain; later entries are not processed.",
    ),
    check(
      "notify.pending_nomem",
      "ENOMEM",
      "pending_requeue",
      "Xen cannot allocate the queue entry.",
      {
        untestable: NOMEM,
      },
    ),
    check(
      "notify.write_ent",
      "EFAULT",
      "fill_ring_data",
      "The entry's answer cannot be written; later entries are not processed.",
    ),
  ],
};

export const ARGO_OP_RECORD: HypercallRecord = {
  name: "argo_op",
  subopPrefix: "XEN_ARGO_OP_",
  subopArg: 0,
  unknownSubop: "EOPNOTSUPP",
  args: ["subop", "handle", "handle", "count", "value"],
  checks: ENTRY_CHECKS,
  subops: [REGISTER_RING, UNREGISTER_RING, SENDV, NOTIFY],
  handlers: { do_argo_op, compat_argo_op },
};
