/* The step interpreter shared by every architecture's test guest (see guest.h). */
#include "guest.h"

static char line[2048];
static unsigned long line_len;
static u64 regs[32]; /* the vCPU's registers as the scenario sets them; kept across steps */

static void put(const char *s)
{
    while (*s && line_len < sizeof(line) - 2)
        line[line_len++] = *s++;
}

static void put_hex(u64 v)
{
    char buf[19];
    int i = 18;
    buf[i] = 0;
    do {
        buf[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    buf[--i] = 'x';
    buf[--i] = '0';
    put(buf + i);
}

static void put_byte(u8 b)
{
    char buf[3] = { "0123456789abcdef"[b >> 4], "0123456789abcdef"[b & 15], 0 };
    put(buf);
}

static void flush(void)
{
    line[line_len++] = '\n';
    arch_console_write(line, line_len);
    line_len = 0;
}

static void begin(const char *kind, u64 idx)
{
    put("@xa ");
    put(kind);
    put(" ");
    put_hex(idx);
}

/* Byte by byte: with the MMU off (arm64) memory is Device memory, where unaligned words fault. */
static u64 load(u64 addr, int bytes)
{
    u64 v = 0;
    for (int b = bytes - 1; b >= 0; b--)
        v = (v << 8) | window[addr + b];
    return v;
}

static void store(u64 addr, u64 v, int bytes)
{
    for (int b = 0; b < bytes; b++)
        window[addr + b] = (u8)(v >> (8 * b));
}

void guest_main(void)
{
    u64 *p = steps_area;

    put("@xa BEGIN ");
    put_hex((u64)(uptr)window);
    put(" ");
    put_hex((u64)arch_nregs);
    flush();
    if (*p++ != STEPS_MAGIC) {
        put("@xa ERROR no step list");
        flush();
        arch_shutdown();
    }
    for (;;) {
        u64 op = *p++;
        if (op == OP_END)
            break;
        u64 idx = *p++;
        if (op == OP_SCENARIO) {
            /* A fresh start: what one scenario left must not leak into the next. */
            for (int r = 0; r < 32; r++)
                regs[r] = 0;
            volatile u64 *w = (volatile u64 *)window; /* volatile: no memset call */
            for (u64 a = 0; a < WINDOW_SIZE / 8; a++)
                w[a] = 0;
            begin("S", idx);
            flush();
        } else if (op == OP_HYPERCALL) {
            u64 imm = *p++, set = *p++, reloc = *p++;
            for (int r = 0; r < arch_nregs; r++) {
                if (!(set & (1ULL << r)))
                    continue;
                u64 v = *p++;
                if ((reloc & (1ULL << r)) && v >= 0x1000 && v < WINDOW_SIZE)
                    v += (u64)(uptr)window;
                regs[r] = v;
            }
            u64 npatch = *p++;
            const u64 *patch = p;
            u64 saved[MAX_PATCHES], placed[MAX_PATCHES];
            p += 2 * npatch;
            for (u64 i = 0; i < npatch && i < MAX_PATCHES; i++) {
                u64 kind = patch[2 * i] & 0xff, addr = patch[2 * i + 1];
                int bytes = (patch[2 * i] >> 8) ? (int)(patch[2 * i] >> 8) : 8;
                u64 mask = bytes == 8 ? ~0ULL : (1ULL << (8 * bytes)) - 1;
                u64 v = saved[i] = placed[i] = load(addr, bytes);
                if (kind == PATCH_HANDLE && v >= 0x1000 && v < WINDOW_SIZE)
                    placed[i] = (v + (u64)(uptr)window) & mask;
                else if (kind == PATCH_FRAME && v > 0 && v < WINDOW_SIZE >> 12)
                    placed[i] = arch_frame_of(v << 12) & mask;
                if (placed[i] != v)
                    store(addr, placed[i], bytes);
            }
            arch_hypercall(regs, imm);
            /* Put the scenario's own values back where the guest changed them and Xen has not
             * written since, so read steps see what the scenario wrote, or what Xen wrote (a
             * debug Xen's 0xaa over each multicall entry, say). */
            for (u64 i = 0; i < npatch && i < MAX_PATCHES; i++) {
                int bytes = (patch[2 * i] >> 8) ? (int)(patch[2 * i] >> 8) : 8;
                if (placed[i] != saved[i] && load(patch[2 * i + 1], bytes) == placed[i])
                    store(patch[2 * i + 1], saved[i], bytes);
            }
            begin("H", idx);
            for (int r = 0; r < arch_nregs; r++) {
                put(" ");
                put_hex(regs[r]);
            }
            flush();
        } else if (op == OP_WRITE) {
            u64 addr = *p++, len = *p++;
            const u8 *src = (const u8 *)p;
            for (u64 i = 0; i < len; i++)
                window[addr + i] = src[i];
            p += (len + 7) / 8;
            begin("W", idx);
            flush();
        } else if (op == OP_READ) {
            u64 addr = *p++, len = *p++;
            begin("R", idx);
            put(" ");
            for (u64 i = 0; i < len; i++) {
                if (line_len > sizeof(line) - 8) {
                    flush();
                    begin("R+", idx);
                    put(" ");
                }
                put_byte(window[addr + i]);
            }
            flush();
        } else if (op == OP_SUSPEND) {
            domain_suspend();
        } else if (op == OP_RESUME) {
            u64 domid = *p++, iv = *p++;
            long rc = domain_resume(domid, iv);
            if (rc < 0) {
                put("@xa ERROR resuming a domain: ");
                put_hex((u64)-rc);
                flush();
                break;
            }
        } else if (op == OP_WAIT) {
            u64 domid = *p++, iv = *p++, code = *p++;
            long rc = domain_wait(domid, iv, code);
            if (rc < 0) {
                put("@xa ERROR waiting for a domain: ");
                put_hex((u64)-rc);
                flush();
                break;
            }
            begin("D", idx);
            put(" ");
            put_hex(domid);
            put(" ");
            put_hex((u64)rc);
            flush();
        } else {
            put("@xa ERROR bad op ");
            put_hex(op);
            flush();
            break;
        }
    }
    put("@xa END");
    flush();
    arch_shutdown();
}
