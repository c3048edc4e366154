/* AArch32 dom0 on arm64 Xen: the 32-bit zImage header Xen's loader accepts, self-relocation,
 * entry, and the hypercall trap. Xen decides a dom0 is 32-bit from this header alone
 * (xen/arch/arm/kernel.c: kernel_zimage32_probe sets DOMAIN_32BIT) and enters it in A32,
 * SVC mode, MMU off, r2 = the device tree's address (xen/arch/arm/domain_build.c:
 * construct_domain). The header's start word is 0, so the image is position independent and
 * Xen places it below 128 MiB of dom0's first bank (kernel.c: kernel_zimage_place): the code
 * is built -fpie and applies its own R_ARM_RELATIVE relocations before any C runs. */
    .syntax unified
    .arm
    .arch armv7-a
    .arch_extension virt

    .section .text.entry, "ax"
    .globl _start
_start:
    .rept 8
    mov r0, r0                  /* the header's eight no-ops, as Linux's zImage has them */
    .endr
    b 1f                        /* 0x20 */
    .word 0x016f2818            /* 0x24: ZIMAGE32_MAGIC */
    .word 0                     /* 0x28: start 0, position independent */
    .word image_end - _start    /* 0x2c: end: the whole file, bss folded in */

1:  adr r4, _start              /* where Xen put us; the link address is 0 */
    ldr r5, .Lrel
    ldr r6, .Lrel + 4
    add r5, r5, r4
    add r6, r6, r4
2:  cmp r5, r6                  /* each Elf32_Rel { r_offset, r_info } */
    bhs 3f
    ldr r0, [r5], #4
    ldr r1, [r5], #4
    and r1, r1, #0xff
    cmp r1, #23                 /* R_ARM_RELATIVE: the word at r_offset += load address */
    bne 2b
    ldr r2, [r4, r0]
    add r2, r2, r4
    str r2, [r4, r0]
    b 2b
3:  ldr r0, .Lstack
    add sp, r0, r4
    bl guest_main
4:  wfi
    b 4b

    .p2align 2
.Lrel:
    .word __rel_dyn_start - _start
    .word __rel_dyn_end - _start
.Lstack:
    .word stack_top - _start

/* void arch_hypercall(u64 *regs, u64 imm): regs[] = r0..r12 in 64-bit slots. The low halves
 * are loaded (an AArch32 guest has no more), the trap is `hvc #0xea1` (imm != 0) or `hvc #0`
 * (imm 0: SMCCC, PSCI), and every register is stored back zero-extended. imm arrives in
 * r2:r3 (AAPCS), its low word is enough. */
    .macro load_regs
    ldr r1, [r0, #8]
    ldr r2, [r0, #16]
    ldr r3, [r0, #24]
    ldr r4, [r0, #32]
    ldr r5, [r0, #40]
    ldr r6, [r0, #48]
    ldr r7, [r0, #56]
    ldr r8, [r0, #64]
    ldr r9, [r0, #72]
    ldr r10, [r0, #80]
    ldr r11, [r0, #88]
    ldr r12, [r0, #96]
    ldr r0, [r0]
    .endm

    .text
    .globl arch_hypercall
arch_hypercall:
    push {r4-r11, lr}
    push {r0}                   /* the block's address, for after the call */
    cmp r2, #0
    beq 5f
    load_regs
    hvc #0xea1
    b 6f
5:  load_regs
    hvc #0
6:  push {r0}                   /* the result; then the block's address comes back */
    ldr r0, [sp, #4]
    str r1, [r0, #8]
    str r2, [r0, #16]
    str r3, [r0, #24]
    str r4, [r0, #32]
    str r5, [r0, #40]
    str r6, [r0, #48]
    str r7, [r0, #56]
    str r8, [r0, #64]
    str r9, [r0, #72]
    str r10, [r0, #80]
    str r11, [r0, #88]
    str r12, [r0, #96]
    pop {r1}
    str r1, [r0]
    mov r1, #0                  /* the top halves: zero */
    mov r2, #0
7:  str r1, [r0, #4]
    add r0, r0, #8
    add r2, r2, #1
    cmp r2, #13
    blo 7b
    add sp, sp, #4
    pop {r4-r11, pc}

    /* The harness finds this placeholder in the file and writes the step list over it. */
    .section .steps, "aw"
    .p2align 3
    .globl steps_area
steps_area:
    .ascii "XAAEMPTY"

    .section .note.GNU-stack, "", %progbits
