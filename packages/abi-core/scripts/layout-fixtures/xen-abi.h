/*
 * The C types Xen's public headers build their structs from, per target, written from the
 * facts in the project's xen-facts.md ("Guest handles") for the golden layout fixtures.
 * Compiled freestanding (no libc headers for foreign targets): integer types come from the
 * compiler's own macros.
 *
 * Each target models the view Xen uses for a guest of that kind:
 *   aarch64, armv7  arch-arm.h: in-memory handle = union of a pointer and uint64_aligned_t
 *                   (8 bytes, 8-aligned on both widths); xen_ulong_t = uint64_t.
 *   x86_64          arch-x86/xen.h: handle = struct holding one pointer; xen_ulong_t =
 *                   unsigned long.
 *   i386            Xen's compat view of a 32-bit x86 guest (xen/compat.h): handle = struct
 *                   holding a 32-bit compat_ptr_t; xen_ulong_t = unsigned long (32 bits);
 *                   64-bit integers keep the i386 psABI's 4-byte alignment.
 */
#ifndef FIXTURE_XEN_ABI_H
#define FIXTURE_XEN_ABI_H

typedef __INT8_TYPE__ int8_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __INT16_TYPE__ int16_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __INT32_TYPE__ int32_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT64_TYPE__ uint64_t;

/*
 * Xen spells these as macros adding aligned(8) to the declaration; a typedef carrying the
 * same attribute lays out identically and lets the fixture script ask _Alignof of a field.
 */
typedef int64_t int64_aligned_t __attribute__((__aligned__(8)));
typedef uint64_t uint64_aligned_t __attribute__((__aligned__(8)));

#if defined(__aarch64__) || defined(__arm__)

#define ___DEFINE_XEN_GUEST_HANDLE(name, type)                       \
    typedef union { type *p; unsigned long q; } __guest_handle_##name; \
    typedef union { type *p; uint64_aligned_t q; } __guest_handle_64_##name
#define XEN_GUEST_HANDLE(name) __guest_handle_64_##name
#define XEN_GUEST_HANDLE_PARAM(name) __guest_handle_##name
typedef uint64_t xen_ulong_t;
typedef uint64_t xen_pfn_t;

#elif defined(__x86_64__)

#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
    typedef struct { type *p; } __guest_handle_##name
#define XEN_GUEST_HANDLE(name) __guest_handle_##name
#define XEN_GUEST_HANDLE_PARAM(name) XEN_GUEST_HANDLE(name)
typedef unsigned long xen_ulong_t;
typedef unsigned long xen_pfn_t;

#elif defined(__i386__)

typedef uint32_t compat_ptr_t;
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
    typedef struct { compat_ptr_t c; } __guest_handle_##name
#define XEN_GUEST_HANDLE(name) __guest_handle_##name
#define XEN_GUEST_HANDLE_PARAM(name) XEN_GUEST_HANDLE(name)
typedef unsigned long xen_ulong_t;
typedef unsigned long xen_pfn_t;

#else
#error "unsupported target"
#endif

#define DEFINE_XEN_GUEST_HANDLE(name) ___DEFINE_XEN_GUEST_HANDLE(name, name)

/* A flexible array member, as XEN_FLEX_ARRAY_DIM is for C99. */
#define XEN_FLEX_ARRAY_DIM

typedef uint16_t domid_t;
typedef uint32_t evtchn_port_t;

___DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);
DEFINE_XEN_GUEST_HANDLE(int);
typedef unsigned int uint;
DEFINE_XEN_GUEST_HANDLE(uint);
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

#endif
