/* arm64 dom0: the Linux Image header Xen's loader accepts, entry, and the hypercall traps.
 * Runs with the MMU off, so guest virtual = guest physical and the code is position
 * independent (adr/adrp only). */
    .section .text.entry, "ax"
    .globl _start
_start:
    b 1f                        /* code0 */
    .long 0                     /* code1 */
    .quad 0                     /* text_offset */
    .quad image_end - _start    /* image_size: the whole file, bss folded in */
    .quad 0                     /* flags: little endian */
    .quad 0, 0, 0               /* res2-res4 */
    .ascii "ARM\x64"            /* magic */
    .long 0                     /* res5 */
1:  adrp x9, stack_top
    add x9, x9, :lo12:stack_top
    mov sp, x9
    bl guest_main
2:  wfi
    b 2b

    /* x0..x30 from the block at x0; x0 last, since it holds the block's address. */
    .macro load_regs
    ldp x1, x2, [x0, #8]
    ldp x3, x4, [x0, #24]
    ldp x5, x6, [x0, #40]
    ldp x7, x8, [x0, #56]
    ldp x9, x10, [x0, #72]
    ldp x11, x12, [x0, #88]
    ldp x13, x14, [x0, #104]
    ldp x15, x16, [x0, #120]
    ldp x17, x18, [x0, #136]
    ldp x19, x20, [x0, #152]
    ldp x21, x22, [x0, #168]
    ldp x23, x24, [x0, #184]
    ldp x25, x26, [x0, #200]
    ldp x27, x28, [x0, #216]
    ldp x29, x30, [x0, #232]
    ldr x0, [x0]
    .endm

/* void arch_hypercall(u64 *regs, u64 imm): regs[] = x0..x30. Loads all 31, traps with
 * `hvc #0xea1` (imm != 0) or `hvc #0` (imm 0: SMCCC, PSCI), stores all 31 back. */
    .text
    .globl arch_hypercall
arch_hypercall:
    stp x29, x30, [sp, #-96]!
    stp x19, x20, [sp, #16]
    stp x21, x22, [sp, #32]
    stp x23, x24, [sp, #48]
    stp x25, x26, [sp, #64]
    stp x27, x28, [sp, #80]
    str x0, [sp, #-16]!
    cbz x1, 3f
    load_regs
    hvc #0xea1
    b 4f
3:  load_regs
    hvc #0
4:  str x0, [sp, #-16]!         /* the result; then the block's address comes back */
    ldr x0, [sp, #16]
    stp x1, x2, [x0, #8]
    stp x3, x4, [x0, #24]
    stp x5, x6, [x0, #40]
    stp x7, x8, [x0, #56]
    stp x9, x10, [x0, #72]
    stp x11, x12, [x0, #88]
    stp x13, x14, [x0, #104]
    stp x15, x16, [x0, #120]
    stp x17, x18, [x0, #136]
    stp x19, x20, [x0, #152]
    stp x21, x22, [x0, #168]
    stp x23, x24, [x0, #184]
    stp x25, x26, [x0, #200]
    stp x27, x28, [x0, #216]
    stp x29, x30, [x0, #232]
    ldr x1, [sp], #16
    str x1, [x0]
    add sp, sp, #16
    ldp x19, x20, [sp, #16]
    ldp x21, x22, [sp, #32]
    ldp x23, x24, [sp, #48]
    ldp x25, x26, [sp, #64]
    ldp x27, x28, [sp, #80]
    ldp x29, x30, [sp], #96
    ret

    /* The harness finds this placeholder in the file and writes the step list over it. */
    .section .steps, "aw"
    .p2align 3
    .globl steps_area
steps_area:
    .ascii "XAAEMPTY"

    .section .note.GNU-stack, "", @progbits
