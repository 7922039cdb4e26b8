package io.cmsisnn.toolchain;

import io.cmsisnn.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Cortex-M CPU that {@code verify} can build for with arm-none-eabi-gcc and run under
 * qemu-system-arm, with the QEMU board that carries it.
 *
 * @param name          the user's name for it: {@code cortex-m4}
 * @param compilerFlags the arm-none-eabi-gcc flags selecting the CPU, FPU and float ABI
 * @param fpu           whether the build uses a hardware FPU (the startup code then enables it)
 * @param dsp           whether the CPU has the DSP extension (the compiler then sets {@code __ARM_FEATURE_DSP})
 * @param mve           whether the CPU has Helium (MVE; {@code __ARM_FEATURE_MVE})
 * @param qemuMachine   the {@code qemu-system-arm -M} board
 * @param code          where code and constants (weights) live on that board
 * @param ram           where data, bss and the stack live
 * @param clockHz       the board's CPU clock, which drives SysTick: with {@code -icount shift=0} QEMU
 *                      runs one instruction per nanosecond, so SysTick ticks once per
 *                      {@code 1e9 / clockHz} instructions
 */
public record CortexMTarget(String name, List<String> compilerFlags, boolean fpu, boolean dsp, boolean mve, String qemuMachine,
                            MemoryRegion code, MemoryRegion ram, MemoryRegion constants, long clockHz) {

    /** A block of the board's memory map. */
    public record MemoryRegion(long origin, long length) {
        public MemoryRegion {
            if (origin < 0 || length <= 0 || origin + length > 0x1_0000_0000L) {
                throw new IllegalArgumentException("not a 32-bit memory region: origin " + origin + ", length " + length);
            }
        }

        public long end() {
            return origin + length;
        }
    }

    private static final long KB = 1024;
    private static final long MB = 1024 * KB;
    /** MPS2 boards (AN385, AN386, AN500): 4 MB SSRAM for code at 0, 4 MB SSRAM at 0x20000000, 25 MHz. */
    private static final MemoryRegion MPS2_CODE = new MemoryRegion(0x0, 4 * MB);
    private static final MemoryRegion MPS2_RAM = new MemoryRegion(0x2000_0000L, 4 * MB);
    private static final long MPS2_CLOCK = 25_000_000;

    private static final List<CortexMTarget> ALL = List.of(
            new CortexMTarget("cortex-m3", List.of("-mthumb", "-mcpu=cortex-m3", "-mfloat-abi=soft"), false, false, false,
                    "mps2-an385", MPS2_CODE, MPS2_RAM, MPS2_CODE, MPS2_CLOCK),
            new CortexMTarget("cortex-m4", List.of("-mthumb", "-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"), true, true,
                    false, "mps2-an386", MPS2_CODE, MPS2_RAM, MPS2_CODE, MPS2_CLOCK),
            new CortexMTarget("cortex-m7", List.of("-mthumb", "-mcpu=cortex-m7", "-mfpu=fpv5-d16", "-mfloat-abi=hard"), true, true,
                    false, "mps2-an500", MPS2_CODE, MPS2_RAM, MPS2_CODE, MPS2_CLOCK),
            // AN547: 512 KB ITCM at 0 and 512 KB DTCM at 0x20000000, 32 MHz; the M55 with MVE (integer and float) and FPU.
            // Weights go to the 4 MB SRAM QEMU maps at 0x21000000, so networks larger than the ITCM still run.
            new CortexMTarget("cortex-m55", List.of("-mthumb", "-mcpu=cortex-m55", "-mfloat-abi=hard"), true, true, true,
                    "mps3-an547", new MemoryRegion(0x0, 512 * KB), new MemoryRegion(0x2000_0000L, 512 * KB),
                    new MemoryRegion(0x2100_0000L, 4 * MB), 32_000_000));

    public CortexMTarget {
        compilerFlags = List.copyOf(compilerFlags);
    }

    /** Every supported target, slowest first. */
    public static List<CortexMTarget> all() {
        return ALL;
    }

    /**
     * @param name e.g. {@code cortex-m4} (case and surrounding blanks ignored)
     * @throws ConfigurationException naming the valid targets when there is no such target (the name
     *                                comes from the user's {@code target})
     */
    public static CortexMTarget named(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (CortexMTarget t : ALL) {
            if (t.name.equals(wanted)) {
                return t;
            }
            names.add(t.name);
        }
        throw new ConfigurationException("unknown target '" + name + "': use one of " + String.join(", ", names) + " (or host)");
    }

    /**
     * The CMSIS-NN build switches this CPU turns on; kernels derive them from the compiler's
     * feature macros, so they need no {@code -D}.
     */
    public List<String> definitions() {
        List<String> d = new ArrayList<>();
        if (dsp) {
            d.add("ARM_MATH_DSP");
        }
        if (mve) {
            d.add("ARM_MATH_MVEI");
        }
        return List.copyOf(d);
    }

    /**
     * Whether the legacy q7/q15 kernels take upstream's DSP code path here, whose pooling results
     * differ from the plain-C path: DSP builds do, Helium builds use plain C. A legacy network for
     * this target must be generated (and emulated) with {@code armMathDsp} equal to this.
     */
    public boolean legacyDspPath() {
        return dsp && !mve;
    }

    /** Instructions per SysTick tick under {@code -icount shift=0} (one instruction per nanosecond). */
    public double instructionsPerTick() {
        return 1e9 / clockHz;
    }
}
