package io.cmsisnn.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where every tensor of a graph lives in one static activation arena.
 *
 * @param elementBytes bytes per tensor element (4 for float32)
 * @param arenaBytes   size of the arena: the end of the highest region
 * @param scratchBytes size of the one kernel scratch buffer all layers share (0 for f32)
 * @param weightBytes  bytes of constant weights, biases and per-channel vectors
 * @param offsets      byte offset of each tensor (graph input and every node), in graph order;
 *                     a tensor that aliases another (Reshape, Identity) has the same offset
 * @param storage      for each tensor, the tensor whose region it uses (itself unless it aliases)
 * @param lifetimes    for each tensor with a region of its own, its size and the steps it is live
 *                     (see {@link MemoryPlanner}), in graph order
 */
public record MemoryPlan(int elementBytes, long arenaBytes, long scratchBytes, long weightBytes, Map<String, Long> offsets,
                         Map<String, String> storage, Map<String, Lifetime> lifetimes) {

    public MemoryPlan {
        offsets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
        storage = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(storage));
        lifetimes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lifetimes));
    }

    /** A region's size in bytes and the first and last step (inclusive) at which it holds a live tensor. */
    public record Lifetime(long bytes, int firstStep, int lastStep) {
    }

    /**
     * The most bytes live at one step, summed over the regions live then (without alignment): the
     * least any arena for these lifetimes can have, to set the plan's {@link #arenaBytes} against.
     */
    public long lowerBoundBytes() {
        int last = lifetimes.values().stream().mapToInt(Lifetime::lastStep).max().orElse(-1);
        long[] live = new long[last + 1];
        for (Lifetime l : lifetimes.values()) {
            for (int step = l.firstStep(); step <= l.lastStep(); step++) {
                live[step] += l.bytes();
            }
        }
        long most = 0;
        for (long b : live) {
            most = Math.max(most, b);
        }
        return most;
    }

    /** The arena is where all activations live: the report's activation bytes. */
    public long activationBytes() {
        return arenaBytes;
    }

    /** Byte offset of a tensor in the arena. */
    public long offsetOf(String tensor) {
        Long offset = offsets.get(tensor);
        if (offset == null) {
            throw new IllegalArgumentException("no tensor named '" + tensor + "' in the memory plan");
        }
        return offset;
    }

    /** Offset of a tensor in elements (the index into an arena of element-sized words). */
    public long elementOffsetOf(String tensor) {
        return offsetOf(tensor) / elementBytes;
    }

    /** Arena size in elements. */
    public long arenaElements() {
        return arenaBytes / elementBytes;
    }

    /** The tensor whose region this tensor uses: itself, or the tensor a Reshape/Identity aliases. */
    public String storageOf(String tensor) {
        String s = storage.get(tensor);
        if (s == null) {
            throw new IllegalArgumentException("no tensor named '" + tensor + "' in the memory plan");
        }
        return s;
    }

    /** True when the tensor shares its input's region instead of having one of its own. */
    public boolean isAlias(String tensor) {
        return !storageOf(tensor).equals(tensor);
    }
}
