/* Part of cmsis-maven-plugin: start-up code of the Cortex-M test harness (vector table, reset,
 * faults, semihosting, SysTick instruction counter). Written for QEMU's MPS2/MPS3 boards; the
 * linker script supplies the symbols below. */
#include "cmsis_startup.h"

extern uint32_t __cmsis_data_load[], __cmsis_data_start[], __cmsis_data_end[];
extern uint32_t __cmsis_bss_start[], __cmsis_bss_end[], __cmsis_stack_top[];

int main(void);
void cmsis_reset(void);
__attribute__((noreturn)) void cmsis_start(void);
void cmsis_fault(void);
__attribute__((noreturn)) void cmsis_fault_report(const uint32_t *frame, uint32_t exception);
void cmsis_systick(void);

/* Arm semihosting operation numbers. */
#define SYS_OPEN 0x01u
#define SYS_CLOSE 0x02u
#define SYS_WRITE0 0x04u
#define SYS_WRITE 0x05u
#define SYS_READ 0x06u
#define SYS_FLEN 0x0cu
#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

/* System control registers. */
#define ICSR (*(volatile uint32_t *)0xe000ed04u)
#define ICSR_PENDSTSET (1u << 26)
#define SYST_CSR (*(volatile uint32_t *)0xe000e010u)
#define SYST_RVR (*(volatile uint32_t *)0xe000e014u)
#define SYST_CVR (*(volatile uint32_t *)0xe000e018u)
#define SYST_PERIOD 0x1000000u

/* Initial stack pointer, then the handlers of exceptions 1 to 15; no external interrupt is used. */
__attribute__((section(".cmsis_vectors"), used)) static void (*const cmsis_vectors[16])(void) = {
    (void (*)(void))(uintptr_t)__cmsis_stack_top,
    cmsis_reset,   /* reset */
    cmsis_fault,   /* NMI */
    cmsis_fault,   /* HardFault */
    cmsis_fault,   /* MemManage */
    cmsis_fault,   /* BusFault */
    cmsis_fault,   /* UsageFault */
    cmsis_fault,   /* SecureFault (Armv8-M) */
    0, 0, 0,
    cmsis_fault,   /* SVCall */
    cmsis_fault,   /* DebugMonitor */
    0,
    cmsis_fault,   /* PendSV */
    cmsis_systick, /* SysTick */
};

static volatile uint32_t cmsis_systick_wraps;

static uint32_t cmsis_semihost(uint32_t operation, const void *argument)
{
    register uint32_t r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* C start, on the reset stack once the FPU is on: initialise .data and .bss, run main, exit. */
void cmsis_start(void)
{
    const uint32_t *from = __cmsis_data_load;
    uint32_t *to;
    for (to = __cmsis_data_start; to < __cmsis_data_end; to++) {
        *to = *from++;
    }
    for (to = __cmsis_bss_start; to < __cmsis_bss_end; to++) {
        *to = 0u;
    }
    cmsis_exit(main());
}

/* In assembly up to the FPU switch: at -O2 GCC may use FP or MVE registers in any C function,
 * which faults while coprocessors 10 and 11 are off. */
__attribute__((naked, noreturn)) void cmsis_reset(void)
{
    __asm__ volatile(
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
        "ldr r0, =0xe000ed88\n"
        "ldr r1, [r0]\n"
        "orr r1, r1, #(0xf << 20)\n" /* CP10 and CP11 full access */
        "str r1, [r0]\n"
        "dsb\n"
        "isb\n"
#endif
        "b cmsis_start\n");
}

/* Reports the exception number and the address of the faulting instruction, then exits with 70. */
void cmsis_fault_report(const uint32_t *frame, uint32_t exception)
{
    cmsis_print("cmsis harness: fault, exception ");
    cmsis_print_unsigned(exception);
    cmsis_print(" at pc ");
    cmsis_print_unsigned(frame[6]);
    cmsis_print("\n");
    cmsis_exit(70);
}

__attribute__((naked)) void cmsis_fault(void)
{
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mrs r1, ipsr\n"
        "b cmsis_fault_report\n");
}

void cmsis_systick(void)
{
    cmsis_systick_wraps++;
}

int cmsis_open(const char *name, uint32_t mode)
{
    uint32_t args[3];
    size_t length = 0;
    while (name[length] != '\0') {
        length++;
    }
    args[0] = (uint32_t)(uintptr_t)name;
    args[1] = mode;
    args[2] = (uint32_t)length;
    return (int)cmsis_semihost(SYS_OPEN, args);
}

size_t cmsis_read(int handle, void *buffer, size_t length)
{
    uint32_t args[3];
    args[0] = (uint32_t)handle;
    args[1] = (uint32_t)(uintptr_t)buffer;
    args[2] = (uint32_t)length;
    return (size_t)cmsis_semihost(SYS_READ, args);
}

size_t cmsis_write(int handle, const void *buffer, size_t length)
{
    uint32_t args[3];
    args[0] = (uint32_t)handle;
    args[1] = (uint32_t)(uintptr_t)buffer;
    args[2] = (uint32_t)length;
    return (size_t)cmsis_semihost(SYS_WRITE, args);
}

long cmsis_file_length(int handle)
{
    uint32_t args[1];
    args[0] = (uint32_t)handle;
    return (long)(int32_t)cmsis_semihost(SYS_FLEN, args);
}

int cmsis_close(int handle)
{
    uint32_t args[1];
    args[0] = (uint32_t)handle;
    return (int)cmsis_semihost(SYS_CLOSE, args);
}

void cmsis_print(const char *text)
{
    cmsis_semihost(SYS_WRITE0, text);
}

void cmsis_print_unsigned(uint32_t value)
{
    char digits[11];
    int at = 10;
    digits[at] = '\0';
    do {
        digits[--at] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0u);
    cmsis_print(digits + at);
}

void cmsis_exit(int status)
{
    /* SYS_EXIT_EXTENDED carries the status; plain SYS_EXIT on 32-bit Arm cannot */
    uint32_t args[2];
    args[0] = ADP_STOPPED_APPLICATION_EXIT;
    args[1] = (uint32_t)status;
    cmsis_semihost(SYS_EXIT_EXTENDED, args);
    for (;;) {
    }
}

void cmsis_ticks_start(void)
{
    SYST_CSR = 0u;
    SYST_RVR = SYST_PERIOD - 1u;
    SYST_CVR = 0u;
    cmsis_systick_wraps = 0u;
    SYST_CSR = 7u; /* CPU clock, interrupt on wrap, enabled */
}

uint64_t cmsis_ticks(void)
{
    uint32_t wraps;
    uint32_t value;
    uint32_t pending;
    do {
        wraps = cmsis_systick_wraps;
        value = SYST_CVR;
        pending = ICSR & ICSR_PENDSTSET;
    } while (wraps != cmsis_systick_wraps);
    /* The counter runs 0, 0xffffff, ..., 1, 0 and interrupts on reaching 0. A wrap whose
     * interrupt is still pending counts when the value read is already from the new period. */
    if (pending != 0u && (value == 0u || value > SYST_PERIOD / 2u)) {
        wraps++;
    }
    return (uint64_t)wraps * SYST_PERIOD + ((SYST_PERIOD - value) & (SYST_PERIOD - 1u));
}

void cmsis_spin(uint32_t iterations)
{
    __asm__ volatile(
        "1:\n"
        "subs %0, %0, #1\n"
        "bne 1b\n"
        : "+r"(iterations)
        :
        : "cc");
}
