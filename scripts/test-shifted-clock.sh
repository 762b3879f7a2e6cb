#!/usr/bin/env bash
# The server, domain and local-environment tests with the whole process clock moved to an awkward
# moment (libfaketime, Debian's `faketime`): a suite that names its dates passes whatever the day.
#   bash scripts/test-shifted-clock.sh '2027-12-31 23:30:00'     # Beijing time
set -euo pipefail
cd "$(dirname "$0")/.."
beijing="${1:?usage: test-shifted-clock.sh 'YYYY-MM-DD HH:MM:SS' (Beijing time)}"
command -v faketime >/dev/null 2>&1 || { echo "faketime is not installed (apt-get install -y faketime)" >&2; exit 2; }
# faketime reads the instant in the process zone: run in UTC and give it the Beijing instant in UTC.
utc="$(TZ=UTC date -d "TZ=\"Asia/Shanghai\" $beijing" '+%Y-%m-%d %H:%M:%S')"
echo "Shifted clock: ${beijing} Beijing = ${utc} UTC"
TZ=UTC faketime -f "@${utc}" node -e 'console.log("  process clock reads", new Date().toISOString())'
TZ=UTC faketime -f "@${utc}" npx jest test/server test/domain test/localtcb
