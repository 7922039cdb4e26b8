package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.cmsisnn.importer.ModelImportException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The nodes the chosen output needs, in an order where every node comes after what it reads
 * (files may list nodes in any order), and how many of them read each tensor.
 *
 * @param nodes   indexes into the graph's node list, in execution order
 * @param readers tensor name → number of scheduled nodes that read it, plus one for the output
 */
record NodeSchedule(List<Integer> nodes, Map<String, Integer> readers) {

    static NodeSchedule of(String file, List<NodeProto> all, Set<String> known, String output) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            for (String out : all.get(i).getOutputList()) {
                if (!out.isEmpty() && producer.put(out, i) != null) {
                    throw new ModelImportException(file + ": two nodes produce the tensor '" + out + "'; the model is not valid ONNX.");
                }
            }
        }
        Set<Integer> needed = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(output));
        Set<String> visited = new HashSet<>();
        while (!pending.isEmpty()) {
            String t = pending.pop();
            if (!visited.add(t)) {
                continue;
            }
            Integer p = producer.get(t);
            if (p == null) {
                if (!known.contains(t)) {
                    throw new ModelImportException(file + ": the tensor '" + t + "' is read but neither produced by a node nor an "
                            + "initializer or graph input; the model is not valid ONNX.");
                }
                continue;
            }
            needed.add(p);
            for (String in : all.get(p).getInputList()) {
                if (!in.isEmpty()) {
                    pending.push(in);
                }
            }
        }
        Set<String> available = new HashSet<>(known);
        List<Integer> order = new ArrayList<>();
        List<Integer> left = new ArrayList<>(new TreeSet<>(needed));
        while (!left.isEmpty()) {
            boolean progress = false;
            for (int k = 0; k < left.size(); k++) {
                NodeProto n = all.get(left.get(k));
                if (n.getInputList().stream().allMatch(in -> in.isEmpty() || available.contains(in))) {
                    order.add(left.remove(k--));
                    available.addAll(n.getOutputList());
                    progress = true;
                }
            }
            if (!progress) {
                NodeProto n = all.get(left.get(0));
                throw new ModelImportException(file + ": node '" + n.getName() + "' (" + n.getOpType() + ") is part of a cycle; "
                        + "the model is not valid ONNX.");
            }
        }
        Map<String, Integer> readers = new HashMap<>();
        for (int i : order) {
            for (String in : all.get(i).getInputList()) {
                if (!in.isEmpty()) {
                    readers.merge(in, 1, Integer::sum);
                }
            }
        }
        readers.merge(output, 1, Integer::sum);
        return new NodeSchedule(List.copyOf(order), Map.copyOf(readers));
    }
}
