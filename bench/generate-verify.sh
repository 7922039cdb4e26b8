#!/usr/bin/env bash
# Prints figures, asserts nothing: wall time of `generate` + `verify` on the Fashion-MNIST example
# (thiru_fashion_cnn_k3legacy.h5, 10,000 test images, schemes f32, q7 and q15), the q7/q15
# calibration rate and each layer's SNR, and the Java float engine's samples per second.
# Needs the plugin installed (mvn install -DskipTests -Dinvoker.skip), ../shared and dataset-fashion-mnist.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${CMSIS_SHARED_DIR:-$root/../shared}"
# the project's own version is the first <version> of the parent pom
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The Fashion-MNIST IT project, pointed at the shared models.
mkdir -p "$work/fashion"
sed -e "s#@shared.dir@#$shared#g" -e "s#@project.version@#$version#g" \
  "$root/it/src/it/fashion-thiru-k3legacy/pom.xml" > "$work/fashion/pom.xml"
mvn -B -q -f "$work/fashion/pom.xml" validate >/dev/null 2>&1 || true   # warm the local repository
start=$(date +%s%N)
mvn -B -q -f "$work/fashion/pom.xml" verify
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
printf 'generate + verify (f32, q7, q15), Fashion-MNIST CNN, 10000 images: %d.%03d s wall (mvn process included)\n' $((ms / 1000)) $((ms % 1000))
for scheme in "" -q7 -q15; do
  python3 - "$work/fashion/target/cmsis-report$scheme/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
m = r["memory"]
print(f"{r['scheme']}: compiled top-1 {r['compiled']['top1']:.4f} (float {r['float']['top1']:.4f}), bit-exact {r['compiled']['bitExactWithEmulation']}, "
      f"weights {m['weightBytes']} B, activations {m['activationBytes']} B, scratch {m['scratchBytes']} B")
q = r.get("quantization")
if q:
    print(f"  calibration: {q['calibrationSamples']} samples, {q['calibrationSamplesPerSecond']:.0f} samples/s, range method {q['rangeMethod']}")
    for l in r["layers"]:
        snr = "exact" if l["snrDb"] is None else f"{l['snrDb']:.1f} dB"
        print(f"  {l['name']:<20} {l['function']:<45} {l['inputFormat']:>7} -> {l['outputFormat']:<7} SNR {snr}")
PY
done

# Java engine throughput on the same model and data.
cp=$(mvn -B -q -Dstyle.color=never -f "$root/cmsis-core/pom.xml" dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime | sed 's/\x1b\[[0-9;]*m//g')
java -cp "$root/cmsis-core/target/classes:$cp" "$root/bench/EngineBenchmark.java" \
  "$shared/models/keras/thiru_fashion_cnn_k3legacy.h5" /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz 0.00392156862745098
