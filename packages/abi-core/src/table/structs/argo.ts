/**
 * Structs of public/argo.h — Argo: inter-domain rings (argo_op).
 * Checked against xen-project/xen RELEASE-4.22.0 (and back to RELEASE-4.12.0 unless `since`).
 */
import { f, type StructDef } from "./define.js";

const ARGO = "public/argo.h";

export const ARGO_STRUCTS: readonly StructDef[] = [
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
];
