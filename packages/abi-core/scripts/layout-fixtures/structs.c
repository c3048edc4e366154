/*
 * The structs of src/table/structs/ as Xen's public headers declare them (member names,
 * types and order; xen-project/xen RELEASE-4.22.0), over the per-target types of xen-abi.h.
 * gen-layout-fixtures.mjs compiles this for each target and records clang's layouts.
 *
 * FIXTURE(name, struct tag) lines name each struct as src/table/structs/ does and give the record to
 * lay out, spelled as clang prints it in -fdump-record-layouts.
 * Array typedefs (xen_extraversion_t, ...) are wrapped in a one-member struct named as that
 * member is named in the table.
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

typedef struct evtchn_status {
    domid_t  dom;
    evtchn_port_t port;
    uint32_t status;
    uint32_t vcpu;
    union {
        struct {
            domid_t dom;
        } unbound;
        struct {
            domid_t dom;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
} evtchn_status_t;

typedef struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
} evtchn_bind_vcpu_t;

typedef struct evtchn_reset {
    domid_t dom;
} evtchn_reset_t;

FIXTURE(evtchn_status_t, struct evtchn_status)
FIXTURE(evtchn_bind_vcpu_t, struct evtchn_bind_vcpu)
FIXTURE(evtchn_reset_t, struct evtchn_reset)

/* public/xen.h shared_info and vcpu_info, with arch-arm.h / arch-x86 arch parts */
typedef struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t   tsc_shift;
    uint8_t  flags;
    uint8_t  pad1[2];
} vcpu_time_info_t;

#if defined(__aarch64__) || defined(__arm__)
#define XEN_LEGACY_MAX_VCPUS 1
struct arch_vcpu_info {
};
struct arch_shared_info {
};
#elif defined(__x86_64__)
#define XEN_HAVE_PV_UPCALL_MASK 1
#define XEN_LEGACY_MAX_VCPUS 32
struct arch_vcpu_info {
    unsigned long cr2;
    unsigned long pad;
};
#else
#define XEN_HAVE_PV_UPCALL_MASK 1
#define XEN_LEGACY_MAX_VCPUS 32
struct arch_vcpu_info {
    unsigned long cr2;
    unsigned long pad[5];
};
#endif
#if defined(__x86_64__) || defined(__i386__)
struct arch_shared_info {
    unsigned long max_pfn;
    xen_pfn_t     pfn_to_mfn_frame_list_list;
    unsigned long nmi_reason;
    unsigned long p2m_cr3;
    unsigned long p2m_vaddr;
    unsigned long p2m_generation;
#ifdef __i386__
    uint32_t wc_sec_hi;
#endif
};
#endif
typedef struct arch_vcpu_info arch_vcpu_info_t;
typedef struct arch_shared_info arch_shared_info_t;

typedef struct vcpu_info {
    uint8_t evtchn_upcall_pending;
#ifdef XEN_HAVE_PV_UPCALL_MASK
    uint8_t evtchn_upcall_mask;
#else
    uint8_t pad0;
#endif
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    vcpu_time_info_t time;
} vcpu_info_t;

typedef struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
#if !defined(__i386__)
    uint32_t wc_sec_hi;
#endif
    struct arch_shared_info arch;
} shared_info_t;

FIXTURE(vcpu_time_info_t, struct vcpu_time_info)
FIXTURE(arch_vcpu_info_t, struct arch_vcpu_info)
FIXTURE(vcpu_info_t, struct vcpu_info)
FIXTURE(arch_shared_info_t, struct arch_shared_info)
FIXTURE(shared_info_t, struct shared_info)

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

typedef struct vcpu_get_physid {
    uint64_t phys_id;
} vcpu_get_physid_t;

FIXTURE(vcpu_runstate_info_t, struct vcpu_runstate_info)
FIXTURE(vcpu_set_periodic_timer_t, struct vcpu_set_periodic_timer)
FIXTURE(vcpu_set_singleshot_timer_t, struct vcpu_set_singleshot_timer)
FIXTURE(vcpu_register_vcpu_info_t, struct vcpu_register_vcpu_info)
FIXTURE(vcpu_get_physid_t, struct vcpu_get_physid)

/*
 * VCPUOP_initialise's argument: public/arch-x86/xen.h and xen-x86_{32,64}.h (the non-GNU
 * spelling of the register unions: each union is its widest member), public/arch-arm.h
 * (4.16+: cpsr and spsr_el1 are uint64_t), public/hvm/hvm_vcpu.h.
 */
#if defined(__x86_64__)
struct cpu_user_regs {
    uint64_t r15;
    uint64_t r14;
    uint64_t r13;
    uint64_t r12;
    uint64_t rbp;
    uint64_t rbx;
    uint64_t r11;
    uint64_t r10;
    uint64_t r9;
    uint64_t r8;
    uint64_t rax;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rsi;
    uint64_t rdi;
    uint32_t error_code;
    uint32_t entry_vector;
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t  saved_upcall_mask;
    uint8_t  _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};
#elif defined(__i386__)
struct cpu_user_regs {
    uint32_t ebx;
    uint32_t ecx;
    uint32_t edx;
    uint32_t esi;
    uint32_t edi;
    uint32_t ebp;
    uint32_t eax;
    uint16_t error_code;
    uint16_t entry_vector;
    uint32_t eip;
    uint16_t cs;
    uint8_t  saved_upcall_mask;
    uint8_t  _pad0;
    uint32_t eflags;
    uint32_t esp;
    uint16_t ss, _pad1;
    uint16_t es, _pad2;
    uint16_t ds, _pad3;
    uint16_t fs, _pad4;
    uint16_t gs, _pad5;
};
#else
struct cpu_user_regs {
};
#endif
typedef struct cpu_user_regs cpu_user_regs_t;

#if defined(__x86_64__) || defined(__i386__)
struct trap_info {
    uint8_t       vector;
    uint8_t       flags;
    uint16_t      cs;
    unsigned long address;
};
#else
struct trap_info {
};
#endif
typedef struct trap_info trap_info_t;

struct vcpu_guest_core_regs {
#if defined(__aarch64__) || defined(__arm__)
    uint64_t x0;
    uint64_t x1;
    uint64_t x2;
    uint64_t x3;
    uint64_t x4;
    uint64_t x5;
    uint64_t x6;
    uint64_t x7;
    uint64_t x8;
    uint64_t x9;
    uint64_t x10;
    uint64_t x11;
    uint64_t x12;
    uint64_t x13;
    uint64_t x14;
    uint64_t x15;
    uint64_t x16;
    uint64_t x17;
    uint64_t x18;
    uint64_t x19;
    uint64_t x20;
    uint64_t x21;
    uint64_t x22;
    uint64_t x23;
    uint64_t x24;
    uint64_t x25;
    uint64_t x26;
    uint64_t x27;
    uint64_t x28;
    uint64_t x29;
    uint64_t x30;
    uint64_t pc64;
    uint64_t cpsr;
    uint64_t spsr_el1;
    uint32_t spsr_fiq, spsr_irq, spsr_und, spsr_abt;
    uint64_t sp_el0;
    uint64_t sp_el1, elr_el1;
#endif
};
typedef struct vcpu_guest_core_regs vcpu_guest_core_regs_t;

typedef struct vcpu_guest_context {
#if defined(__aarch64__) || defined(__arm__)
    uint32_t flags;
    struct vcpu_guest_core_regs user_regs;
    uint64_t sctlr;
    uint64_t ttbcr, ttbr0, ttbr1;
#else
    struct { char x[512]; } fpu_ctxt;
    unsigned long flags;
    struct cpu_user_regs user_regs;
    struct trap_info trap_ctxt[256];
    unsigned long ldt_base, ldt_ents;
    unsigned long gdt_frames[16], gdt_ents;
    unsigned long kernel_ss, kernel_sp;
    unsigned long ctrlreg[8];
    unsigned long debugreg[8];
#ifdef __i386__
    unsigned long event_callback_cs;
    unsigned long event_callback_eip;
    unsigned long failsafe_callback_cs;
    unsigned long failsafe_callback_eip;
#else
    unsigned long event_callback_eip;
    unsigned long failsafe_callback_eip;
    unsigned long syscall_callback_eip;
#endif
    unsigned long vm_assist;
#ifdef __x86_64__
    uint64_t      fs_base;
    uint64_t      gs_base_kernel;
    uint64_t      gs_base_user;
#endif
#endif
} vcpu_guest_context_t;

/* public/hvm/hvm_vcpu.h */
typedef struct vcpu_hvm_x86_32 {
    uint32_t eax;
    uint32_t ecx;
    uint32_t edx;
    uint32_t ebx;
    uint32_t esp;
    uint32_t ebp;
    uint32_t esi;
    uint32_t edi;
    uint32_t eip;
    uint32_t eflags;
    uint32_t cr0;
    uint32_t cr3;
    uint32_t cr4;
    uint32_t pad1;
    uint64_t efer;
    uint32_t cs_base;
    uint32_t ds_base;
    uint32_t ss_base;
    uint32_t es_base;
    uint32_t tr_base;
    uint32_t cs_limit;
    uint32_t ds_limit;
    uint32_t ss_limit;
    uint32_t es_limit;
    uint32_t tr_limit;
    uint16_t cs_ar;
    uint16_t ds_ar;
    uint16_t ss_ar;
    uint16_t es_ar;
    uint16_t tr_ar;
    uint16_t pad2[3];
} xen_vcpu_hvm_x86_32_t;

typedef struct vcpu_hvm_x86_64 {
    uint64_t rax;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rbx;
    uint64_t rsp;
    uint64_t rbp;
    uint64_t rsi;
    uint64_t rdi;
    uint64_t rip;
    uint64_t rflags;
    uint64_t cr0;
    uint64_t cr3;
    uint64_t cr4;
    uint64_t efer;
} xen_vcpu_hvm_x86_64_t;

/*
 * cpu_regs is a union of the two register sets; the model names it by its larger member,
 * x86_32 (120 bytes, 8-aligned, as the union), and reads x86_64 at the same offset.
 */
typedef struct vcpu_hvm_context {
    uint32_t mode;
    uint32_t pad;
    xen_vcpu_hvm_x86_32_t cpu_regs;
} vcpu_hvm_context_t;

FIXTURE(cpu_user_regs_t, struct cpu_user_regs)
FIXTURE(trap_info_t, struct trap_info)
FIXTURE(vcpu_guest_core_regs_t, struct vcpu_guest_core_regs)
FIXTURE(vcpu_guest_context_t, struct vcpu_guest_context)
FIXTURE(xen_vcpu_hvm_x86_32_t, struct vcpu_hvm_x86_32)
FIXTURE(xen_vcpu_hvm_x86_64_t, struct vcpu_hvm_x86_64)
FIXTURE(vcpu_hvm_context_t, struct vcpu_hvm_context)

/* public/memory.h (the latest interface version: mem_flags, not address_bits) */
typedef struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    xen_ulong_t nr_extents;
    unsigned int extent_order;
    unsigned int mem_flags;
    domid_t domid;
} xen_memory_reservation_t;

typedef struct xen_memory_exchange {
    struct xen_memory_reservation in;
    struct xen_memory_reservation out;
    xen_ulong_t nr_exchanged;
} xen_memory_exchange_t;

struct xen_memory_domain {
    domid_t domid;
};

typedef struct xen_machphys_mfn_list {
    unsigned int max_extents;
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    unsigned int nr_extents;
} xen_machphys_mfn_list_t;

typedef struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;
    xen_ulong_t max_mfn;
} xen_machphys_mapping_t;

typedef struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;
    unsigned int space;
    xen_ulong_t idx;
    xen_pfn_t gpfn;
} xen_add_to_physmap_t;

typedef struct xen_add_to_physmap_batch {
    domid_t domid;
    uint16_t space;
    uint16_t size;
    union xen_add_to_physmap_batch_extra {
        domid_t foreign_domid;
        uint16_t res0;
    } u;
    XEN_GUEST_HANDLE(xen_ulong_t) idxs;
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
    XEN_GUEST_HANDLE(int) errs;
} xen_add_to_physmap_batch_t;

typedef struct xen_remove_from_physmap {
    domid_t domid;
    xen_pfn_t gpfn;
} xen_remove_from_physmap_t;

typedef struct xen_memory_map {
    unsigned int nr_entries;
    XEN_GUEST_HANDLE(void) buffer;
} xen_memory_map_t;

typedef struct xen_foreign_memory_map {
    domid_t domid;
    struct xen_memory_map map;
} xen_foreign_memory_map_t;

typedef struct xen_pod_target {
    uint64_t target_pages;
    uint64_t tot_pages;
    uint64_t pod_cache_pages;
    uint64_t pod_entries;
    domid_t domid;
} xen_pod_target_t;

typedef struct xen_mem_acquire_resource {
    domid_t domid;
    uint16_t type;
    uint32_t id;
    uint32_t nr_frames;
    uint32_t pad;
    uint64_t frame;
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
} xen_mem_acquire_resource_t;

typedef struct xen_vmemrange {
    uint64_t start, end;
    unsigned int flags;
    unsigned int nid;
} xen_vmemrange_t;

DEFINE_XEN_GUEST_HANDLE(xen_vmemrange_t);

typedef struct xen_vnuma_topology_info {
    domid_t domid;
    uint16_t pad;
    unsigned int nr_vnodes;
    unsigned int nr_vcpus;
    unsigned int nr_vmemranges;
    union {
        XEN_GUEST_HANDLE(uint) h;
        uint64_t pad;
    } vdistance;
    union {
        XEN_GUEST_HANDLE(uint) h;
        uint64_t pad;
    } vcpu_to_vnode;
    union {
        XEN_GUEST_HANDLE(xen_vmemrange_t) h;
        uint64_t pad;
    } vmemrange;
} xen_vnuma_topology_info_t;

FIXTURE(xen_memory_reservation_t, struct xen_memory_reservation)
FIXTURE(xen_memory_exchange_t, struct xen_memory_exchange)
FIXTURE(xen_memory_domain, struct xen_memory_domain)
FIXTURE(xen_machphys_mfn_list_t, struct xen_machphys_mfn_list)
FIXTURE(xen_machphys_mapping_t, struct xen_machphys_mapping)
FIXTURE(xen_add_to_physmap_t, struct xen_add_to_physmap)
FIXTURE(xen_add_to_physmap_batch_t, struct xen_add_to_physmap_batch)
FIXTURE(xen_remove_from_physmap_t, struct xen_remove_from_physmap)
FIXTURE(xen_memory_map_t, struct xen_memory_map)
FIXTURE(xen_foreign_memory_map_t, struct xen_foreign_memory_map)
FIXTURE(xen_pod_target_t, struct xen_pod_target)
FIXTURE(xen_mem_acquire_resource_t, struct xen_mem_acquire_resource)
FIXTURE(xen_vmemrange_t, struct xen_vmemrange)
FIXTURE(xen_vnuma_topology_info_t, struct xen_vnuma_topology_info)

/* public/grant_table.h */
typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

typedef struct grant_entry_v1 {
    uint16_t flags;
    domid_t domid;
    uint32_t frame;
} grant_entry_v1_t;

typedef struct grant_entry_header {
    uint16_t flags;
    domid_t domid;
} grant_entry_header_t;

typedef struct gnttab_map_grant_ref {
    uint64_t host_addr;
    uint32_t flags;
    grant_ref_t ref;
    domid_t dom;
    int16_t status;
    grant_handle_t handle;
    uint64_t dev_bus_addr;
} gnttab_map_grant_ref_t;

typedef struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t status;
} gnttab_unmap_grant_ref_t;

typedef struct gnttab_setup_table {
    domid_t dom;
    uint32_t nr_frames;
    int16_t status;
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
} gnttab_setup_table_t;

typedef struct gnttab_dump_table {
    domid_t dom;
    int16_t status;
} gnttab_dump_table_t;

typedef struct gnttab_transfer {
    xen_pfn_t mfn;
    domid_t domid;
    grant_ref_t ref;
    int16_t status;
} gnttab_transfer_t;

typedef struct gnttab_query_size {
    domid_t dom;
    uint32_t nr_frames;
    uint32_t max_nr_frames;
    int16_t status;
} gnttab_query_size_t;

typedef struct gnttab_unmap_and_replace {
    uint64_t host_addr;
    uint64_t new_addr;
    grant_handle_t handle;
    int16_t status;
} gnttab_unmap_and_replace_t;

typedef struct gnttab_set_version {
    uint32_t version;
} gnttab_set_version_t;

typedef struct gnttab_get_status_frames {
    uint32_t nr_frames;
    domid_t dom;
    int16_t status;
    XEN_GUEST_HANDLE(uint64_t) frame_list;
} gnttab_get_status_frames_t;

typedef struct gnttab_get_version {
    domid_t dom;
    uint16_t pad;
    uint32_t version;
} gnttab_get_version_t;

typedef struct gnttab_copy {
    struct gnttab_copy_ptr {
        union {
            grant_ref_t ref;
            xen_pfn_t gmfn;
        } u;
        domid_t domid;
        uint16_t offset;
    } source, dest;
    uint16_t len;
    uint16_t flags;
    int16_t status;
} gnttab_copy_t;

typedef struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;
    grant_ref_t ref_b;
    int16_t status;
} gnttab_swap_grant_ref_t;

typedef struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;
    uint16_t offset;
    uint16_t length;
    uint32_t op;
} gnttab_cache_flush_t;

FIXTURE(grant_entry_v1_t, struct grant_entry_v1)
FIXTURE(grant_entry_header_t, struct grant_entry_header)
FIXTURE(gnttab_map_grant_ref_t, struct gnttab_map_grant_ref)
FIXTURE(gnttab_unmap_grant_ref_t, struct gnttab_unmap_grant_ref)
FIXTURE(gnttab_setup_table_t, struct gnttab_setup_table)
FIXTURE(gnttab_dump_table_t, struct gnttab_dump_table)
FIXTURE(gnttab_transfer_t, struct gnttab_transfer)
FIXTURE(gnttab_query_size_t, struct gnttab_query_size)
FIXTURE(gnttab_unmap_and_replace_t, struct gnttab_unmap_and_replace)
FIXTURE(gnttab_set_version_t, struct gnttab_set_version)
FIXTURE(gnttab_get_status_frames_t, struct gnttab_get_status_frames)
FIXTURE(gnttab_get_version_t, struct gnttab_get_version)
FIXTURE(gnttab_swap_grant_ref_t, struct gnttab_swap_grant_ref)
FIXTURE(gnttab_cache_flush_t, struct gnttab_cache_flush)
FIXTURE(gnttab_copy_ptr, struct gnttab_copy_ptr)
FIXTURE(gnttab_copy_t, struct gnttab_copy)

/* public/hvm/hvm_op.h */
typedef struct xen_hvm_param {
    domid_t domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
} xen_hvm_param_t;

typedef struct xen_hvm_pagetable_dying {
    domid_t domid;
    uint16_t pad[3];
    uint64_t gpa;
} xen_hvm_pagetable_dying_t;

typedef struct xen_hvm_get_time {
    uint64_t now;
} xen_hvm_get_time_t;

typedef struct xen_hvm_xentrace {
    uint16_t event, extra_bytes;
    uint8_t extra[7 * sizeof(uint32_t)]; /* TRACE_EXTRA_MAX is 7 (public/trace.h) */
} xen_hvm_xentrace_t;

typedef struct xen_hvm_get_mem_type {
    domid_t domid;
    uint16_t mem_type;
    uint16_t pad[2];
    uint64_t pfn;
} xen_hvm_get_mem_type_t;

/* x86 only in Xen's header (#if __i386__ || __x86_64__); laid out for every target here. */
typedef struct xen_hvm_evtchn_upcall_vector {
    uint32_t vcpu;
    uint8_t vector;
} xen_hvm_evtchn_upcall_vector_t;

FIXTURE(xen_hvm_param_t, struct xen_hvm_param)
FIXTURE(xen_hvm_pagetable_dying_t, struct xen_hvm_pagetable_dying)
FIXTURE(xen_hvm_get_time_t, struct xen_hvm_get_time)
FIXTURE(xen_hvm_xentrace_t, struct xen_hvm_xentrace)
FIXTURE(xen_hvm_get_mem_type_t, struct xen_hvm_get_mem_type)
FIXTURE(xen_hvm_evtchn_upcall_vector_t, struct xen_hvm_evtchn_upcall_vector)

/* public/physdev.h */
typedef struct physdev_eoi {
    uint32_t irq;
} physdev_eoi_t;

typedef struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn;
} physdev_pirq_eoi_gmfn_t;

typedef struct physdev_irq_status_query {
    uint32_t irq;
    uint32_t flags;
} physdev_irq_status_query_t;

typedef struct physdev_set_iopl {
    uint32_t iopl;
} physdev_set_iopl_t;

typedef struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8) bitmap;
    uint32_t nr_ports;
} physdev_set_iobitmap_t;

typedef struct physdev_apic {
    unsigned long apic_physbase;
    uint32_t reg;
    uint32_t value;
} physdev_apic_t;

typedef struct physdev_irq {
    uint32_t irq;
    uint32_t vector;
} physdev_irq_t;

typedef struct physdev_map_pirq {
    domid_t domid;
    int type;
    int index;
    int pirq;
    int bus;
    int devfn;
    int entry_nr;
    uint64_t table_base;
} physdev_map_pirq_t;

typedef struct physdev_unmap_pirq {
    domid_t domid;
    int pirq;
} physdev_unmap_pirq_t;

typedef struct physdev_manage_pci {
    uint8_t bus;
    uint8_t devfn;
} physdev_manage_pci_t;

typedef struct physdev_restore_msi {
    uint8_t bus;
    uint8_t devfn;
} physdev_restore_msi_t;

typedef struct physdev_setup_gsi {
    int gsi;
    uint8_t triggering;
    uint8_t polarity;
} physdev_setup_gsi_t;

typedef struct physdev_get_free_pirq {
    int type;
    uint32_t pirq;
} physdev_get_free_pirq_t;

typedef struct physdev_pci_mmcfg_reserved {
    uint64_t address;
    uint16_t segment;
    uint8_t start_bus;
    uint8_t end_bus;
    uint32_t flags;
} physdev_pci_mmcfg_reserved_t;

typedef struct physdev_pci_device {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
} physdev_pci_device_t;

struct pci_device_reset {
    physdev_pci_device_t dev;
    uint32_t flags;
};

FIXTURE(physdev_eoi_t, struct physdev_eoi)
FIXTURE(physdev_pirq_eoi_gmfn_t, struct physdev_pirq_eoi_gmfn)
FIXTURE(physdev_irq_status_query_t, struct physdev_irq_status_query)
FIXTURE(physdev_set_iopl_t, struct physdev_set_iopl)
FIXTURE(physdev_set_iobitmap_t, struct physdev_set_iobitmap)
FIXTURE(physdev_apic_t, struct physdev_apic)
FIXTURE(physdev_irq_t, struct physdev_irq)
FIXTURE(physdev_map_pirq_t, struct physdev_map_pirq)
FIXTURE(physdev_unmap_pirq_t, struct physdev_unmap_pirq)
FIXTURE(physdev_manage_pci_t, struct physdev_manage_pci)
FIXTURE(physdev_restore_msi_t, struct physdev_restore_msi)
FIXTURE(physdev_setup_gsi_t, struct physdev_setup_gsi)
FIXTURE(physdev_get_free_pirq_t, struct physdev_get_free_pirq)
FIXTURE(physdev_pci_mmcfg_reserved_t, struct physdev_pci_mmcfg_reserved)
FIXTURE(physdev_pci_device_t, struct physdev_pci_device)
FIXTURE(pci_device_reset, struct pci_device_reset)
