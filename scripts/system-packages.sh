#!/usr/bin/env bash
# Installs the Debian packages Faultline needs that this machine lacks.
# Usage: scripts/system-packages.sh run|test
set -euo pipefail

RUN_PACKAGES=(redis-server libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fonts-wqy-microhei fonts-noto-color-emoji)
TEST_PACKAGES=(chromium poppler-utils qpdf)

packages=("${RUN_PACKAGES[@]}")
if [[ "${1:-run}" == "test" ]]; then
    packages+=("${TEST_PACKAGES[@]}")
fi

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "This is not a Debian or Ubuntu system. Install these packages (or their equivalents) yourself, then run make again:" >&2
    printf '  %s\n' "${packages[@]}" >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing system packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
