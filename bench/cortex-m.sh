#!/usr/bin/env bash
# Prints figures, asserts nothing: instructions per inference (counted by QEMU with -icount shift=0),
# MACs per instruction and memory (from the ELF file) of a model's generated network in f32 and q7 on
# emulated Cortex-M CPUs, by default ST's HAR CNN on Cortex-M4 (mps2-an386) and Cortex-M55 (mps3-an547).
# Usage: bench/cortex-m.sh [model data [inputScale [samples [target,target...]]]]
# Needs the project built and installed (mvn install -DskipTests -Dinvoker.skip), ../shared for the
# defaults, and the Debian packages gcc-arm-none-eabi, libnewlib-arm-none-eabi and qemu-system-arm.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${CMSIS_SHARED_DIR:-$root/../shared}"
classes="${CMSIS_CLASSES:-$root/cmsis-core/target/classes}"
model="${1:-$shared/models/keras/st_har_cnn1d.h5}"
data="${2:-$shared/datasets/st_har/har_frames_x.npy}"
scale="${3:-1.0}"
samples="${4:-20}"
targets="${5:-cortex-m4,cortex-m55}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -B -q -Dstyle.color=never -f "$root/cmsis-core/pom.xml" dependency:build-classpath \
  -Dmdep.outputFile="$work/classpath" -Dmdep.includeScope=runtime >/dev/null
for scheme in f32 q7; do
  java -cp "$classes:$(cat "$work/classpath")" "$root/bench/CortexMBenchmark.java" \
    "$model" "$scheme" "$data" "$scale" "$samples" "$targets" 2> >(grep -v '^SLF4J' >&2)
done
