#!/usr/bin/env bash
# Makes sure Fashion-MNIST is on this machine: does nothing when the IDX files are already in one of the folders
# ConvGen's loader searches, otherwise installs Debian's dataset-fashion-mnist (as root, or through sudo).
set -euo pipefail
for folder in "${CONVGEN_DATA:-}" "$HOME/.keras/datasets/fashion-mnist" /usr/share/datasets/fashion-mnist; do
  if [ -n "$folder" ] && { [ -f "$folder/train-images-idx3-ubyte.gz" ] || [ -f "$folder/train-images-idx3-ubyte" ]; }; then
    exit 0
  fi
done
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing Fashion-MNIST (Debian package dataset-fashion-mnist)..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dataset-fashion-mnist >/dev/null
