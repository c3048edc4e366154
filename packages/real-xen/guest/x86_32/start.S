/* 32-bit PV dom0 (the compat ABI on x86_64 Xen): the ELF notes Xen's domain builder reads,
 * entry, and the hypercall trap. */
#define VIRT_BASE 0xC0000000

    .macro elfnote type, payload:vararg
    .pushsection .note.Xen, "a", @note
    .p2align 2
    .long 4f - 3f          /* namesz */
    .long 6f - 5f          /* descsz */
    .long \type
3:  .asciz "Xen"
4:  .p2align 2
5:  \payload
6:  .p2align 2
    .popsection
    .endm

    elfnote 6, .asciz "xen-abi-test-guest"   /* XEN_ELFNOTE_GUEST_OS */
    elfnote 7, .asciz "1"                    /* XEN_ELFNOTE_GUEST_VERSION */
    elfnote 5, .asciz "xen-3.0"              /* XEN_ELFNOTE_XEN_VERSION */
    elfnote 8, .asciz "generic"              /* XEN_ELFNOTE_LOADER */
    elfnote 3, .long VIRT_BASE               /* XEN_ELFNOTE_VIRT_BASE */
    elfnote 4, .long VIRT_BASE               /* XEN_ELFNOTE_PADDR_OFFSET */
    elfnote 1, .long _start                  /* XEN_ELFNOTE_ENTRY */
    elfnote 2, .long hypercall_page          /* XEN_ELFNOTE_HYPERCALL_PAGE */
    elfnote 9, .asciz "yes"                  /* XEN_ELFNOTE_PAE_MODE: compat guests are PAE */

    .section .text.entry, "ax"
    .globl _start
_start:
    /* Xen hands over start_info in esi. */
    mov $stack_top, %esp
    mov %esi, start_info
    call guest_main
1:  hlt
    jmp 1b

/* void arch_hypercall(u64 *regs, u64 imm): regs[] (64-bit slots) in the order eax ebx ecx
 * edx esi edi ebp esp. The low halves of all but esp are loaded, `int $0x82` traps to Xen,
 * every register is stored back zero-extended. */
    .text
    .globl arch_hypercall
arch_hypercall:
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov 20(%esp), %eax
    push %eax
    mov 0x08(%eax), %ebx
    mov 0x10(%eax), %ecx
    mov 0x18(%eax), %edx
    mov 0x20(%eax), %esi
    mov 0x28(%eax), %edi
    mov 0x30(%eax), %ebp
    mov 0x00(%eax), %eax
    int $0x82
    push %eax
    mov 4(%esp), %eax
    mov %ebx, 0x08(%eax)
    movl $0, 0x0c(%eax)
    mov %ecx, 0x10(%eax)
    movl $0, 0x14(%eax)
    mov %edx, 0x18(%eax)
    movl $0, 0x1c(%eax)
    mov %esi, 0x20(%eax)
    movl $0, 0x24(%eax)
    mov %edi, 0x28(%eax)
    movl $0, 0x2c(%eax)
    mov %ebp, 0x30(%eax)
    movl $0, 0x34(%eax)
    mov %esp, 0x38(%eax)
    movl $0, 0x3c(%eax)
    pop %ebx
    mov %ebx, 0x00(%eax)
    movl $0, 0x04(%eax)
    add $4, %esp
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret

    /* Xen fills this page with its call stubs; the guest traps directly. */
    .section .text.page, "ax"
    .p2align 12
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

    /* The harness finds this placeholder in the file and writes the step list over it. */
    .section .steps, "aw"
    .p2align 3
    .globl steps_area
steps_area:
    .ascii "XAAEMPTY"

    .bss
    .p2align 12
stack:
    .fill 16384, 1, 0
stack_top:

    .section .note.GNU-stack, "", @progbits
