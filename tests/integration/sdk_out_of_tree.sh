#!/usr/bin/env bash
# Usage: sdk_out_of_tree.sh BUILD_DIR EXAMPLES_DIR REGUA_BINARY
# Installs the SDK component to a temporary prefix, builds the examples against it as a
# third party would — hello (an action) and json_source (a source connector) — checks
# that the host loads them and that json_source's records sync into a store. Also checks
# that the package refuses a request for another major version (SameMajorVersion).
set -euo pipefail
build_dir=$1 examples=$2 regua=$3
example=$examples/hello
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

# json_source: a source connector from the installed SDK only (plus Poco's JSON parser).
env -u CFLAGS -u CXXFLAGS -u LDFLAGS \
  cmake -S "$examples/json_source" -B "$work/json" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/json-configure.log" || { cat "$work/json-configure.log"; exit 1; }
cmake --build "$work/json" >"$work/json-build.log" || { cat "$work/json-build.log"; exit 1; }
source_plugin="$work/json/regua_json_source.so"
"$regua" plugins check "$source_plugin"
mkdir -p "$work/office"
cat >"$work/office/dados.json" <<'JSON'
{"clients": [{"id": "C1", "name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"},
             {"id": "C2", "name": "Padaria Boa Ltda", "document": "11.222.333/0001-81"}],
 "receivables": [{"id": "T1", "client": "C1", "amount_centavos": 35000, "due_date": "2026-03-02"},
                 {"id": "T2", "client": "C2", "amount_centavos": 120000, "due_date": "2026-03-10",
                  "issue_date": "2026-02-28", "description": "Honorários"}],
 "payments": [{"id": "P1", "receivable": "T1", "amount_centavos": 35000, "paid_date": "2026-03-02"}]}
JSON
cat >"$work/office/regua.yaml" <<YAML
storage: {url: "sqlite:regua.db"}
connectors:
  - path: $source_plugin
    config: {file: dados.json}
YAML
synced=$("$regua" --config "$work/office/regua.yaml" sync)
grep -q 'fonte regua_json_source.so: clientes: 2 novos, 0 alterados, 0 sem mudança; títulos: 2 novos, 0 alterados, 0 sem mudança; pagamentos: 1 novo (1 título quitado' <<<"$synced" \
  || { echo "unexpected sync: $synced"; exit 1; }
again=$("$regua" --config "$work/office/regua.yaml" sync)
grep -q 'nada novo desde a última sincronização' <<<"$again" || { echo "unexpected second sync: $again"; exit 1; }
# A bad record is reported with its place and nothing is imported.
sed -i 's/"amount_centavos": 120000/"amount_centavos": "mil"/' "$work/office/dados.json"
if bad=$("$regua" --config "$work/office/regua.yaml" sync 2>&1); then
  echo "a bad record was accepted: $bad"; exit 1
fi
grep -q "dados.json:receivables\[1\]: 'amount_centavos' deve ser um inteiro em centavos" <<<"$bad" \
  || { echo "unexpected refusal: $bad"; exit 1; }

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
echo "out-of-tree examples built; hello exported only regua_plugin_entry and loaded; json_source synced"
