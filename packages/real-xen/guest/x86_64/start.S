/* x86_64 PV dom0 entry, the ELF notes Xen's domain builder reads, and the hypercall trap. */
#define VIRT_BASE 0xffffffff80000000

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
    elfnote 3, .quad VIRT_BASE               /* XEN_ELFNOTE_VIRT_BASE */
    elfnote 4, .quad VIRT_BASE               /* XEN_ELFNOTE_PADDR_OFFSET */
    elfnote 1, .quad _start                  /* XEN_ELFNOTE_ENTRY */
    elfnote 2, .quad hypercall_page          /* XEN_ELFNOTE_HYPERCALL_PAGE */

    .section .text.entry, "ax"
    .globl _start
_start:
    /* Xen hands over start_info in rsi. */
    lea stack_top(%rip), %rsp
    mov %rsi, start_info(%rip)
    call guest_main
1:  hlt
    jmp 1b

/* void arch_hypercall(u64 *regs, u64 imm): regs[] in the order rax rbx rcx rdx rsi rdi rbp
 * rsp r8-r15. Every register but rsp is loaded, `syscall` traps to Xen (rcx and r11 are the
 * instruction's own: it overwrites them before Xen sees them), every register is stored. */
    .text
    .globl arch_hypercall
arch_hypercall:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    push %rdi
    mov 0x08(%rdi), %rbx
    mov 0x10(%rdi), %rcx
    mov 0x18(%rdi), %rdx
    mov 0x20(%rdi), %rsi
    mov 0x30(%rdi), %rbp
    mov 0x40(%rdi), %r8
    mov 0x48(%rdi), %r9
    mov 0x50(%rdi), %r10
    mov 0x58(%rdi), %r11
    mov 0x60(%rdi), %r12
    mov 0x68(%rdi), %r13
    mov 0x70(%rdi), %r14
    mov 0x78(%rdi), %r15
    mov 0x00(%rdi), %rax
    mov 0x28(%rdi), %rdi
    syscall
    push %rdi
    mov 8(%rsp), %rdi
    mov %rax, 0x00(%rdi)
    mov %rbx, 0x08(%rdi)
    mov %rcx, 0x10(%rdi)
    mov %rdx, 0x18(%rdi)
    mov %rsi, 0x20(%rdi)
    pop %rax
    mov %rax, 0x28(%rdi)
    mov %rbp, 0x30(%rdi)
    mov %rsp, 0x38(%rdi)
    mov %r8, 0x40(%rdi)
    mov %r9, 0x48(%rdi)
    mov %r10, 0x50(%rdi)
    mov %r11, 0x58(%rdi)
    mov %r12, 0x60(%rdi)
    mov %r13, 0x68(%rdi)
    mov %r14, 0x70(%rdi)
    mov %r15, 0x78(%rdi)
    pop %rdi
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

    /* Xen fills this page with its call stubs (32 bytes each); the guest traps directly. */
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
