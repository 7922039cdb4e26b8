package io.cmsisnn.quant;

import java.util.List;

/** One argument of a {@link KernelCall}, as both the emulator and the C generator read it. */
public sealed interface Arg {

    /** A pointer into a tensor's buffer, {@code offset} elements from its start. */
    record TensorRef(String tensor, int offset) implements Arg {
        public static TensorRef of(String tensor) {
            return new TensorRef(tensor, 0);
        }
    }

    /** A scalar; {@code label} names it in the parameters header (e.g. {@code OUT_SHIFT}). */
    record IntArg(String label, int value) implements Arg {
    }

    /** A constant array (weights, biases) by name. */
    record ArrayRef(String array) implements Arg {
    }

    /** The network's one scratch buffer, passed as {@code q15_t *} or, when {@code q15} is false, as {@code q7_t *}. */
    record Scratch(boolean q15) implements Arg {
    }

    /** A NULL pointer (an unused scratch argument). */
    record NullPtr() implements Arg {
    }

    /** An array of tensor pointers (inputs of add and concatenation). */
    record TensorList(List<TensorRef> tensors) implements Arg {
        public TensorList {
            tensors = List.copyOf(tensors);
        }
    }

    /** A constant int array (per-input shifts and sizes). */
    record IntList(String label, List<Integer> values) implements Arg {
        public IntList {
            values = List.copyOf(values);
        }
    }
}
