/*
 * The structs of src/table/structs.ts as Xen's public headers declare them (member names,
 * types and order; xen-project/xen HEAD), over the per-target types of xen-abi.h.
 * gen-layout-fixtures.mjs compiles this for each target and records clang's layouts.
 *
 * FIXTURE(name, struct tag) lines name each struct as structs.ts does and give the record to
 * lay out, spelled as clang prints it in -fdump-record-layouts.
 * Array typedefs (xen_extraversion_t, ...) are wrapped in a one-member struct named as that
 * member is named in structs.ts.
 */
#include "xen-abi.h"

#define FIXTURE(name, type) extern char fixture_##name[sizeof(type)];

/* public/argo.h */
typedef uint32_t xen_argo_port_t;
typedef uint64_t xen_argo_gfn_t;

typedef struct xen_argo_iov {
    XEN_GUEST_HANDLE(uint8) iov_hnd;
    uint32_t iov_len;
    uint32_t pad;
} xen_argo_iov_t;

typedef struct xen_argo_addr {
    xen_argo_port_t aport;
    domid_t domain_id;
    uint16_t pad;
} xen_argo_addr_t;

typedef struct xen_argo_send_addr {
    xen_argo_addr_t src;
    xen_argo_addr_t dst;
} xen_argo_send_addr_t;

typedef struct xen_argo_ring {
    uint32_t rx_ptr;
    uint32_t tx_ptr;
    uint8_t reserved[56];
    uint8_t ring[XEN_FLEX_ARRAY_DIM];
} xen_argo_ring_t;

typedef struct xen_argo_register_ring {
    xen_argo_port_t aport;
    domid_t partner_id;
    uint16_t pad;
    uint32_t len;
} xen_argo_register_ring_t;

typedef struct xen_argo_unregister_ring {
    xen_argo_port_t aport;
    domid_t partner_id;
    uint16_t pad;
} xen_argo_unregister_ring_t;

typedef struct xen_argo_ring_data_ent {
    xen_argo_addr_t ring;
    uint16_t flags;
    uint16_t pad;
    uint32_t space_required;
    uint32_t max_message_size;
} xen_argo_ring_data_ent_t;

typedef struct xen_argo_ring_data {
    uint32_t nent;
    uint32_t pad;
    xen_argo_ring_data_ent_t data[XEN_FLEX_ARRAY_DIM];
} xen_argo_ring_data_t;

struct xen_argo_ring_message_header {
    uint32_t len;
    xen_argo_addr_t source;
    uint32_t message_type;
    uint8_t data[XEN_FLEX_ARRAY_DIM];
};

FIXTURE(xen_argo_addr_t, struct xen_argo_addr)
FIXTURE(xen_argo_send_addr_t, struct xen_argo_send_addr)
FIXTURE(xen_argo_iov_t, struct xen_argo_iov)
FIXTURE(xen_argo_ring_t, struct xen_argo_ring)
FIXTURE(xen_argo_register_ring_t, struct xen_argo_register_ring)
FIXTURE(xen_argo_unregister_ring_t, struct xen_argo_unregister_ring)
FIXTURE(xen_argo_ring_data_ent_t, struct xen_argo_ring_data_ent)
FIXTURE(xen_argo_ring_data_t, struct xen_argo_ring_data)
FIXTURE(xen_argo_ring_message_header, struct xen_argo_ring_message_header)

/* public/xen.h (the guest's view: six args) */
typedef struct multicall_entry {
    xen_ulong_t op, result;
    xen_ulong_t args[6];
} multicall_entry_t;

FIXTURE(multicall_entry_t, struct multicall_entry)

/* public/version.h */
typedef char xen_extraversion_t[16];
typedef char xen_capabilities_info_t[1024];
typedef char xen_changeset_info_t[64];
typedef char xen_commandline_t[1024];

struct xen_extraversion_wrap { xen_extraversion_t extraversion; };
struct xen_capabilities_info_wrap { xen_capabilities_info_t capabilities; };
struct xen_changeset_info_wrap { xen_changeset_info_t changeset; };
struct xen_commandline_wrap { xen_commandline_t commandline; };

typedef struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
} xen_compile_info_t;

typedef struct xen_platform_parameters {
    xen_ulong_t virt_start;
} xen_platform_parameters_t;

typedef struct xen_feature_info {
    uint32_t submap_idx;
    uint32_t submap;
} xen_feature_info_t;

typedef struct xen_build_id {
    uint32_t len;
    unsigned char buf[XEN_FLEX_ARRAY_DIM];
} xen_build_id_t;

typedef struct xen_varbuf {
    uint32_t len;
    unsigned char buf[XEN_FLEX_ARRAY_DIM];
} xen_varbuf_t;

FIXTURE(xen_extraversion_t, struct xen_extraversion_wrap)
FIXTURE(xen_compile_info_t, struct xen_compile_info)
FIXTURE(xen_capabilities_info_t, struct xen_capabilities_info_wrap)
FIXTURE(xen_changeset_info_t, struct xen_changeset_info_wrap)
FIXTURE(xen_platform_parameters_t, struct xen_platform_parameters)
FIXTURE(xen_feature_info_t, struct xen_feature_info)
FIXTURE(xen_commandline_t, struct xen_commandline_wrap)
FIXTURE(xen_build_id_t, struct xen_build_id)
FIXTURE(xen_varbuf_t, struct xen_varbuf)

/* public/sched.h */
typedef struct sched_shutdown {
    unsigned int reason;
} sched_shutdown_t;

typedef struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;
    unsigned int nr_ports;
    uint64_t timeout;
} sched_poll_t;

typedef struct sched_remote_shutdown {
    domid_t domain_id;
    unsigned int reason;
} sched_remote_shutdown_t;

typedef struct sched_watchdog {
    uint32_t id;
    uint32_t timeout;
} sched_watchdog_t;

FIXTURE(sched_shutdown_t, struct sched_shutdown)
FIXTURE(sched_poll_t, struct sched_poll)
FIXTURE(sched_remote_shutdown_t, struct sched_remote_shutdown)
FIXTURE(sched_watchdog_t, struct sched_watchdog)

/* public/event_channel.h */
typedef struct evtchn_alloc_unbound {
    domid_t dom, remote_dom;
    evtchn_port_t port;
} evtchn_alloc_unbound_t;

typedef struct evtchn_bind_interdomain {
    domid_t remote_dom;
    evtchn_port_t remote_port;
    evtchn_port_t local_port;
} evtchn_bind_interdomain_t;

typedef struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    evtchn_port_t port;
} evtchn_bind_virq_t;

typedef struct evtchn_bind_ipi {
    uint32_t vcpu;
    evtchn_port_t port;
} evtchn_bind_ipi_t;

typedef struct evtchn_close {
    evtchn_port_t port;
} evtchn_close_t;

typedef struct evtchn_send {
    evtchn_port_t port;
} evtchn_send_t;

typedef struct evtchn_unmask {
    evtchn_port_t port;
} evtchn_unmask_t;

FIXTURE(evtchn_alloc_unbound_t, struct evtchn_alloc_unbound)
FIXTURE(evtchn_bind_interdomain_t, struct evtchn_bind_interdomain)
FIXTURE(evtchn_bind_virq_t, struct evtchn_bind_virq)
FIXTURE(evtchn_bind_ipi_t, struct evtchn_bind_ipi)
FIXTURE(evtchn_close_t, struct evtchn_close)
FIXTURE(evtchn_send_t, struct evtchn_send)
FIXTURE(evtchn_unmask_t, struct evtchn_unmask)

/* public/vcpu.h */
typedef struct vcpu_runstate_info {
    int state;
    uint64_t state_entry_time;
    uint64_t time[4];
} vcpu_runstate_info_t;

typedef struct vcpu_set_periodic_timer {
    uint64_t period_ns;
} vcpu_set_periodic_timer_t;

typedef struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;
    uint32_t flags;
} vcpu_set_singleshot_timer_t;

typedef struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd;
} vcpu_register_vcpu_info_t;

FIXTURE(vcpu_runstate_info_t, struct vcpu_runstate_info)
FIXTURE(vcpu_set_periodic_timer_t, struct vcpu_set_periodic_timer)
FIXTURE(vcpu_set_singleshot_timer_t, struct vcpu_set_singleshot_timer)
FIXTURE(vcpu_register_vcpu_info_t, struct vcpu_register_vcpu_info)
