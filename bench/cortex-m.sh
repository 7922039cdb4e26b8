#!/usr/bin/env bash
# Prints figures, asserts nothing: every shared model that imports, through `verify` on emulated
# Cortex-M CPUs (arm-none-eabi-gcc, qemu-system-arm with -icount): compiled vs emulation,
# instructions per inference, MACs per instruction, and code/weight/activation/scratch bytes from the
# ELF file. By default f32, q7 and q15 on cortex-m4 and cortex-m55, 20 samples each.
# Usage: bench/cortex-m.sh [samples [targets [schemes [model-filter [cmsisNnDirectory]]]]]
#   e.g. bench/cortex-m.sh 20 cortex-m4 q7 fashion /path/to/CMSIS_5/CMSIS/NN
# Needs the project built (mvn install -DskipTests -Dinvoker.skip), ../shared, dataset-fashion-mnist
# and the Debian packages gcc-arm-none-eabi, libnewlib-arm-none-eabi and qemu-system-arm.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${CMSIS_SHARED_DIR:-$root/../shared}"
classes="${CMSIS_CLASSES:-$root/cmsis-core/target/classes}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -B -q -Dstyle.color=never -f "$root/cmsis-core/pom.xml" dependency:build-classpath \
  -Dmdep.outputFile="$work/classpath" -Dmdep.includeScope=runtime >/dev/null
java -cp "$classes:$(cat "$work/classpath")" "$root/bench/CortexMBenchmark.java" "$shared" \
  "${1:-20}" "${2:-cortex-m4,cortex-m55}" "${3:-f32,q7,q15}" "${4:-}" "${5:-}" 2> >(grep -v '^SLF4J' >&2)
