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
for tool in dotnet npm node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is not installed"; echo "0 passed, 1 failed"; exit 1; }
done

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet build VisitsCapture.sln >"$log" 2>&1; then
  grep -E 'error' "$log" | sort -u | head -40
  echo "error: the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# The hall's JavaScript modules (wwwroot/js), with Node's own test runner: no browser, no npm packages.
echo "== tests/js"
node --test tests/js/ >"$log" 2>&1
code=$?
grep -E '^not ok|^# (tests|pass|fail|skipped|todo)' "$log"
js_pass=$(grep -E '^# pass [0-9]+' "$log" | grep -oE '[0-9]+$')
js_fail=$(grep -E '^# fail [0-9]+' "$log" | grep -oE '[0-9]+$')
js_skip=$(( $(grep -E '^# skipped [0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0) + $(grep -E '^# todo [0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0) ))
if [ -z "$js_pass" ] || [ -z "$js_fail" ]; then
  echo "error: tests/js did not run"
  js_pass=0; js_fail=1
elif [ "$code" -ne 0 ] && [ "$js_fail" = "0" ]; then
  echo "error: node --test exited with $code"
  js_fail=1
fi

# One test project at a time: on a 2-core machine the browser tests need the CPU the integration tests would take.
total=0; passed=$js_pass; failed=$js_fail; skipped=$js_skip; status=0
for project in tests/VisitsCapture.UnitTests tests/VisitsCapture.IntegrationTests tests/VisitsCapture.BrowserTests; do
  echo "== $project"
  dotnet test --project "$project" --no-build 2>&1 | tee "$log" | grep -E --line-buffered '^(failed|  [A-Za-z]|Test run summary|error|/.*(passed|failed))'
  code=${PIPESTATUS[0]}
  t=$(grep -E '^\s+total: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  if [ -z "$t" ]; then
    echo "error: $project did not run"
    failed=$((failed + 1)); status=1
    continue
  fi
  total=$((total + t))
  passed=$((passed + $(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')))
  failed=$((failed + $(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')))
  skipped=$((skipped + $(grep -E '^\s+skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')))
  [ "$code" -ne 0 ] && status=$code
done
if [ "$skipped" != "0" ]; then
  echo "error: $skipped tests were skipped; every test must run"
  failed=$((failed + skipped))
fi
if [ "$status" -ne 0 ] && [ "$failed" = "0" ]; then
  echo "error: dotnet test exited with $status"
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" = "0" ]
