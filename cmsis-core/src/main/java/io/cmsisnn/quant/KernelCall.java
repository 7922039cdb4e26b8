package io.cmsisnn.quant;

import java.util.List;

/**
 * One C call of the generated run function, in C argument order. Legacy CMSIS-NN functions keep
 * their upstream names ({@code arm_convolve_HWC_q7_fast}); the network's own fallback loops are
 * named {@code cnn_ops_*} (the generator gives them the network's prefix); {@code memcpy} copies
 * {@code count} elements (args: destination, source, count).
 */
public record KernelCall(String function, List<Arg> args) {
    public KernelCall {
        args = List.copyOf(args);
    }

    public static KernelCall of(String function, Arg... args) {
        return new KernelCall(function, List.of(args));
    }

    public Arg arg(int i) {
        return args.get(i);
    }

    public int intArg(int i) {
        return ((Arg.IntArg) args.get(i)).value();
    }
}
