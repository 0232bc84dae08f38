#!/usr/bin/env bash
# Makes sure the NativeAOT toolchain's native prerequisites are on this machine (the .NET SDK brings the ILCompiler
# package; linking the binary needs a C toolchain and zlib's headers): does nothing when clang and zlib.h are there,
# otherwise installs Debian's clang and zlib1g-dev (as root, or through sudo).
set -euo pipefail
if command -v clang >/dev/null 2>&1 && [ -f /usr/include/zlib.h ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing the NativeAOT prerequisites (Debian packages clang, zlib1g-dev)..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang zlib1g-dev >/dev/null
