#!/usr/bin/env bash
# Makes the ONNX test models that are not committed (torchvision's resnet18, ~45 MB) in scripts/onnx-models/generated/.
# Quick when already done: the models are rebuilt only when make_models.py changed since they were made. Installs
# Debian's python3-torch, python3-torchvision and python3-onnx when they are missing (as root, or through sudo).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python=/usr/bin/python3   # Debian's Python, where python3-torch installs (a pyenv python3 first on PATH has no torch)
stamp="$here/generated/.made-by"
digest="$(sha256sum "$here/make_models.py" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ] && [ -f "$here/generated/resnet18_op13.onnx" ]; then
  exit 0
fi
if ! "$python" -c "import torch, torchvision, onnx" 2>/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing PyTorch and ONNX for the test models (Debian packages python3-torch python3-torchvision python3-onnx)..." >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-torch python3-torchvision python3-onnx >/dev/null
fi
echo "Making the ONNX test models in $here/generated (resnet18)..." >&2
"$python" "$here/make_models.py" --generated 2> >(grep -v -i "warn" >&2)
echo "$digest" > "$stamp"
