#!/usr/bin/env bash
# Usage: sdk_out_of_tree.sh BUILD_DIR EXAMPLE_SOURCE_DIR REGUA_BINARY
# Installs the SDK component to a temporary prefix, builds the example against it as a
# third party would, and checks that the host loads it. Also checks that the package
# refuses a request for another major version (SameMajorVersion).
set -euo pipefail
build_dir=$1 example=$2 regua=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --component sdk --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/regua/plugin_api.h"
test -f "$work/prefix/lib/cmake/ReguaSDK/ReguaSDKConfig.cmake"

# A plain compiler environment: no sanitizer flags leak into the third-party build.
env -u CFLAGS -u CXXFLAGS -u LDFLAGS \
  cmake -S "$example" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
plugin="$work/build/regua_hello.so"
test -f "$plugin"

# Only the entry point is exported.
exported=$(nm -D --defined-only "$plugin" | awk '$2 == "T" {print $3}')
if [[ "$exported" != "regua_plugin_entry" ]]; then
  echo "expected only regua_plugin_entry to be exported, got: $exported" >&2
  exit 1
fi

# The SDK adds no thread-local storage to a plugin: a TLS block in a library that is
# later dlclose'd is what LeakSanitizer trips over, and plugins should not pay for it.
if readelf -lW "$plugin" | grep -q ' TLS '; then
  echo "the SDK put a TLS segment into $plugin" >&2
  exit 1
fi

"$regua" plugins check "$plugin"

cat >"$work/regua.yaml" <<YAML
plugins:
  - path: $plugin
    required: true
    config: {greeting: Oi}
YAML
listing=$("$regua" --config "$work/regua.yaml" plugins list --json)
grep -Eq '"name": *"br.regua.example.hello"' <<<"$listing" || { echo "$listing"; exit 1; }
grep -Eq '"state": *"loaded"' <<<"$listing" || { echo "$listing"; exit 1; }

# find_package(ReguaSDK 2) must fail against a 1.x SDK.
mkdir -p "$work/major2"
cat >"$work/major2/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(wants_major_2 LANGUAGES CXX)
find_package(ReguaSDK 2 REQUIRED)
CMAKE
if cmake -S "$work/major2" -B "$work/major2/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null 2>&1; then
  echo "find_package(ReguaSDK 2) unexpectedly accepted the installed SDK" >&2
  exit 1
fi
echo "out-of-tree example built, exported only regua_plugin_entry, loaded by the host"
