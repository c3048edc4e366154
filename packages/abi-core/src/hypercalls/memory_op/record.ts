/** The record of memory_op: sub-ops and checks in xen/common/memory.c's order. */
import { checkMaker, type HypercallRecord } from "../record.js";
import { compat_memory_op, do_memory_op, hvm_memory_op } from "./memory-op.js";
import { MEMORY_MAP_SUBOPS } from "./memory-map-record.js";
import { M2P_SUBOPS } from "./m2p-record.js";
import {
  ACQUIRE_RESOURCE,
  CLAIM_PAGES,
  EXCHANGE,
  GET_POD_TARGET,
  GET_SHARING_FREED_PAGES,
  GET_SHARING_SHARED_PAGES,
  GET_VNUMAINFO,
  SET_POD_TARGET,
} from "./toolstack-record.js";
import { ADD_TO_PHYSMAP, ADD_TO_PHYSMAP_BATCH, REMOVE_FROM_PHYSMAP } from "./physmap-record.js";

const MEM = "xen/common/memory.c";

const c = checkMaker("memory_op", MEM);

const reservationChecks = (op: string) => [
  c(
    `${op}.copy_in`,
    "start_extent",
    "do_memory_op",
    "The xen_memory_reservation_t cannot be read: the result is the resume extent, not an errno.",
  ),
  c(
    `${op}.nr_extents_max`,
    "start_extent",
    "do_memory_op",
    "nr_extents is above UINT_MAX >> MEMOP_EXTENT_SHIFT (too large to encode a continuation).",
  ),
  c(
    `${op}.resume_past_end`,
    "start_extent",
    "do_memory_op",
    "The resume extent in cmd's upper bits is at or past nr_extents.",
  ),
  c(`${op}.domid`, "start_extent", "do_memory_op", "domid does not exist."),
  c(
    `${op}.address_bits`,
    "start_extent",
    "construct_memop_from_reservation",
    "mem_flags asks for 12 or fewer address bits.",
  ),
  c(
    `${op}.xsm`,
    "start_extent",
    "do_memory_op (xsm_memory_adjust_reservation)",
    "domid is another domain and the caller is not the control domain.",
  ),
  c(
    `${op}.extent_order`,
    "nr_done",
    `${op === "populate_physmap" ? "populate_physmap" : op === "decrease_reservation" ? "decrease_reservation" : "increase_reservation"}`,
    "extent_order is above the domain's max_order (CONFIG_DOMU_MAX_ORDER, 9): no extent is done.",
  ),
  c(
    `${op}.extent_fault`,
    "nr_done",
    "do_memory_op",
    "An extent cannot be read (or, for decrease_reservation, a frame has nothing mapped, or for increase/populate the domain is at max_pages): the result is the extents done so far.",
  ),
];

/** Every sub-op with its checks in Xen's order; the handlers report each by its id. */
export const MEMORY_OP_RECORD: HypercallRecord = {
  name: "memory_op",
  subopPrefix: "XENMEM_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  args: ["subop", "handle"],
  checks: [],
  subops: [
    {
      name: "XENMEM_increase_reservation",
      number: 0,
      modelled: true,
      structs: ["xen_memory_reservation_t"],
      checks: reservationChecks("increase_reservation"),
    },
    {
      name: "XENMEM_decrease_reservation",
      number: 1,
      modelled: true,
      structs: ["xen_memory_reservation_t"],
      checks: reservationChecks("decrease_reservation"),
    },
    {
      name: "XENMEM_maximum_ram_page",
      number: 2,
      modelled: true,
      checks: [
        c(
          "maximum_ram_page.resume_bits",
          "EINVAL",
          "do_memory_op",
          "cmd has bits above MEMOP_EXTENT_SHIFT.",
        ),
      ],
    },
    ...(["current_reservation", "maximum_reservation"] as const).map((n, i) => ({
      name: `XENMEM_${n}`,
      number: 3 + i,
      modelled: true,
      structs: ["xen_memory_domain"],
      checks: [
        c(`${n}.resume_bits`, "EINVAL", "do_memory_op", "cmd has bits above MEMOP_EXTENT_SHIFT."),
        c(`${n}.copy_in`, "EFAULT", "do_memory_op", "The struct xen_memory_domain cannot be read."),
        c(`${n}.domid`, "ESRCH", "do_memory_op", "domid does not exist."),
        c(
          `${n}.xsm`,
          "EPERM",
          "do_memory_op (xsm_memory_stat_reservation)",
          "domid is another domain and the caller is not the control domain.",
        ),
      ],
    })),
    {
      name: "XENMEM_populate_physmap",
      number: 6,
      modelled: true,
      structs: ["xen_memory_reservation_t"],
      checks: reservationChecks("populate_physmap"),
    },
    ADD_TO_PHYSMAP,
    ...MEMORY_MAP_SUBOPS,
    EXCHANGE,
    {
      name: "XENMEM_maximum_gpfn",
      number: 14,
      modelled: true,
      structs: ["xen_memory_domain"],
      checks: [
        c(
          "maximum_gpfn.resume_bits",
          "EINVAL",
          "do_memory_op",
          "cmd has bits above MEMOP_EXTENT_SHIFT.",
        ),
        c(
          "maximum_gpfn.copy_in",
          "EFAULT",
          "do_memory_op",
          "The struct xen_memory_domain cannot be read.",
        ),
        c("maximum_gpfn.domid", "ESRCH", "do_memory_op", "domid does not exist."),
        c(
          "maximum_gpfn.xsm",
          "EPERM",
          "do_memory_op (xsm_memory_stat_reservation)",
          "domid is another domain and the caller is not the control domain.",
        ),
      ],
    },
    REMOVE_FROM_PHYSMAP,
    ADD_TO_PHYSMAP_BATCH,
    ...M2P_SUBOPS,
    SET_POD_TARGET,
    GET_POD_TARGET,
    GET_SHARING_FREED_PAGES,
    GET_SHARING_SHARED_PAGES,
    { name: "XENMEM_access_op", number: 21, modelled: false, checks: [] },
    CLAIM_PAGES,
    { name: "XENMEM_reserved_device_memory_map", number: 27, modelled: false, checks: [] },
    ACQUIRE_RESOURCE,
    GET_VNUMAINFO,
  ],
  handlers: { do_memory_op, compat_memory_op, hvm_memory_op },
};
