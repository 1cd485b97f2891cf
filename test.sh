#!/usr/bin/env bash
# Runs every test of VisitsCapture: unit, integration (SQLite and PostgreSQL) and browser (Chromium + axe).
# Installs the system packages the tests need (chromium, postgresql) with apt-get when they are missing and this
# runs as root; otherwise stops with a clear message. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need_packages[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null \
      || { echo "error: could not install ${need_packages[*]} with apt-get"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "error: the tests need ${need_packages[*]}; install them (sudo apt-get install ${need_packages[*]}) or run this as root."
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
for tool in dotnet npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is not installed"; echo "0 passed, 1 failed"; exit 1; }
done

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet test VisitsCapture.sln 2>&1 | tee "$log" | grep -E --line-buffered '^(failed|  [A-Za-z]|Running tests|Test run summary|error|/.*(passed|failed))' 
status=${PIPESTATUS[0]}

total=$(grep -E '^\s+total: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
if [ -z "${total:-}" ]; then
  grep -E 'error' "$log" | sort -u | head -40
  echo "error: the tests did not run (build failure?)"
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "${skipped:-0}" != "0" ]; then
  echo "error: $skipped tests were skipped; every test must run"
  failed=$((failed + skipped))
fi
if [ "$status" -ne 0 ] && [ "${failed:-0}" = "0" ]; then
  echo "error: dotnet test exited with $status"
  failed=1
fi
echo "${passed:-0} passed, ${failed:-0} failed"
[ "${failed:-0}" = "0" ]
