#!/usr/bin/env bash
# The benchmark on a GPU machine that has no browser, no network and maybe no Node (the device tool's
# machines): `pack` here, then `run` there.
#   bash bench/gpu-machine.sh pack    # here: Node bundle, Node itself, the webgpu package, Vulkan's loader
#   bash bench/gpu-machine.sh run     # there, in the repository root; carry dist-bench-node, dist-gpu-bench, .gl
# `run` writes $OUT (or bench-results/) latest.json, torch-*.json and learn-deep.json and prints the tables:
# folio's paths and its training loop (steps in flight against the sequential loop) at Tiny, Small, mid and
# Reference, PyTorch cuDNN at the same shapes, and the Deep preset's learning beside PyTorch's.
# FOLIO_BENCH_CELLS=gru,lstm,rnn runs folio's paths once per cell (issue 30).
set -euo pipefail
cd "$(dirname "$0")/.."
pack_dir=dist-gpu-bench # ignored by .gitignore (dist-*/), like .gl/
GL_PACKAGES='libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2'

pack() {
  node node_modules/vite/bin/vite.js build --config bench/vite.node.config.mjs --logLevel warn
  rm -rf "$pack_dir" && mkdir -p "$pack_dir/stage/bin" "$pack_dir/stage/webgpu/dist"
  cp "$(command -v node)" "$pack_dir/stage/bin/node"
  cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$pack_dir/stage/webgpu/"
  cp -r node_modules/webgpu/dist/linux-x64 "$pack_dir/stage/webgpu/dist/"
  tar -C "$pack_dir/stage" -czf "$pack_dir/node-webgpu.tar.gz" bin webgpu && rm -rf "$pack_dir/stage"
  # The learning benchmark's text travels with the pack (an ignored folder), never in the repository.
  if [ -f ../shared/data/tinyshakespeare.txt ]; then cp ../shared/data/tinyshakespeare.txt "$pack_dir/"; fi
  # Vulkan's loader and glvnd: the NVIDIA driver's Vulkan ICD is loaded through glvnd, so with libvulkan1
  # alone Dawn finds no adapter (the device tool's README). The driver itself brings the ICD.
  mkdir -p .gl /tmp/amd64/partial && rm -f .gl/*.deb
  local o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  apt-get $o update -qq && (cd .gl && apt-get $o download $GL_PACKAGES)
  du -sh "$pack_dir" dist-bench-node .gl
}

run() {
  local out="${OUT:-bench-results}" tools=/tmp/folio-gpu-bench
  mkdir -p "$out" "$tools" && tar -C "$tools" -xzf "$pack_dir/node-webgpu.tar.gz"
  if [ "$(id -u)" = 0 ]; then # into /, then ldconfig: the driver's glvnd-based ICD finds them there
    for f in .gl/*.deb; do dpkg -x "$f" /; done
    ldconfig
  elif ! ldconfig -p | grep -q libvulkan.so.1; then # not root: aside, on the library path
    for f in .gl/*.deb; do dpkg -x "$f" "$tools/gl"; done
    export LD_LIBRARY_PATH="$tools/gl/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; fi
  mkdir -p node_modules && rm -rf node_modules/webgpu && cp -r "$tools/webgpu" node_modules/webgpu
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
  # folio: the adapter's choice (fused) against the per-timestep programs (steps) at every shape, one run
  "$tools/bin/node" bench/run.mjs --runtime node --no-build --config "${FOLIO_BENCH_CONFIG:-tiny,small,mid,reference}" \
    --paths "${FOLIO_BENCH_PATHS:-fused,steps,window,loop}" --steps "${FOLIO_BENCH_STEPS:-5}" --chars 256 \
    --cells "${FOLIO_BENCH_CELLS:-gru}" \
    --out "$out/latest.json" 2>&1 | tee "$out/bench.log" || echo "the tfjs benchmark failed; PyTorch runs anyway"
  export PYTHONUNBUFFERED=1
  # PyTorch cuDNN at the same shapes (embedding, units, batch, window): Tiny, Small, mid, Reference
  local shape name
  for shape in "tiny 16 32 8 16" "small 64 256 32 64" "mid 128 512 32 64" "reference 256 1024 64 100"; do
    set -- $shape
    name=$1
    python3 bench/torch_gru.py --embed "$2" --units "$3" --batch "$4" --window "$5" --json "$out/torch-$name.json" \
      2>&1 | tee -a "$out/torch.log"
  done
  python3 bench/torch_gru.py --tf32 --json "$out/torch-reference-tf32.json" 2>&1 | tee -a "$out/torch.log"
  # The Deep preset (2 layers, dropout) learning in folio (Dawn, fused) and in PyTorch (CUDA), one seed
  if [ -f "$pack_dir/tinyshakespeare.txt" ]; then
    PATH="$tools/bin:$PATH" FOLIO_PYTHON="$(command -v python3)" "$tools/bin/node" bench/learn.mjs --no-build \
      --preset deep --steps "${FOLIO_LEARN_STEPS:-600}" --eval-every 100 --seeds 1 --torch --torch-device cuda \
      --text "$pack_dir/tinyshakespeare.txt" --out "$out/learn-deep.json" 2>&1 | tee "$out/learn.log" ||
      echo "the learning benchmark failed"
  fi
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: bash bench/gpu-machine.sh pack|run" >&2 && exit 2 ;;
esac
