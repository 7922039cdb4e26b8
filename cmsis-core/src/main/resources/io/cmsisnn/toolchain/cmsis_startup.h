/* Part of cmsis-maven-plugin: bare-metal support of the Cortex-M test harness run under QEMU.
 * Files on the host through Arm semihosting, exit status, and an instruction counter built on
 * SysTick, which under qemu-system-arm -icount shift=0 advances a fixed number of instructions
 * per tick. */
#ifndef CMSIS_STARTUP_H
#define CMSIS_STARTUP_H

#include <stddef.h>
#include <stdint.h>

/* Semihosting SYS_OPEN modes (ISO C fopen modes "rb" and "wb"). */
#define CMSIS_OPEN_READ 1u
#define CMSIS_OPEN_WRITE 5u

/* Opens a host file, relative to QEMU's working directory; -1 on failure. */
int cmsis_open(const char *name, uint32_t mode);
/* Bytes NOT transferred (0: all of them), as semihosting SYS_READ/SYS_WRITE report it. */
size_t cmsis_read(int handle, void *buffer, size_t length);
size_t cmsis_write(int handle, const void *buffer, size_t length);
/* Length of an open file in bytes, -1 on failure. */
long cmsis_file_length(int handle);
int cmsis_close(int handle);
/* Writes text to QEMU's console. */
void cmsis_print(const char *text);
void cmsis_print_unsigned(uint32_t value);
/* Ends the program; QEMU exits with this status. */
__attribute__((noreturn)) void cmsis_exit(int status);

/* Starts SysTick on the CPU clock; counting wraps of its 24-bit counter in its interrupt. */
void cmsis_ticks_start(void);
/* SysTick ticks since cmsis_ticks_start. */
uint64_t cmsis_ticks(void);
/* Runs exactly 2 * iterations instructions (iterations > 0): a known load to calibrate ticks. */
void cmsis_spin(uint32_t iterations);

#endif /* CMSIS_STARTUP_H */
