#!/usr/bin/env bash
# End-to-end: a real Prometheus scrapes the reference node, and every
# dashboard and alert query of the reference must return data (or, for the
# one unsatisfiable query, must not). Also validates the exposition with the
# strict OpenMetrics parser of python3-prometheus-client and with promtool.
#
# Alerts: both Prometheus servers load the rules generated from the
# declarations (`reference-node rules --for 0s`: every `for` set to 0s so
# the run need not wait minutes; promtool's unit tests cover the declared
# ones). A second node runs healthy except for the faults in $TRIPS, and a
# second Prometheus scrapes it alone: exactly the alerts those faults trip
# must fire there, with their declared labels and annotations (alerts.py),
# and every rule must evaluate without error on both servers.
#
# Run from anywhere: tests/e2e/run.sh. Installs Debian's `prometheus` and
# `python3-prometheus-client` if missing (needs root or passwordless sudo).
# Starts its own node and Prometheus on free loopback ports, with a temporary
# config and storage dir, and stops only those processes, by PID.
# Environment: E2E_PROFILE=release builds the node in release mode (default:
# the debug build `cargo test` already made).
#
# Native histograms: a third node runs with `--native --exemplars` and a
# third Prometheus, started with
# `--enable-feature=native-histograms,exemplar-storage`, scrapes it over
# protobuf; `histogram_quantile` over the native histogram must return
# numbers (native.py), and the counter's exemplars, carried by protobuf, must
# be stored (`exemplars.py --protobuf`).
#
# Exemplars: a fourth node runs with `--exemplars` and a fourth Prometheus,
# started with `--enable-feature=exemplar-storage`, scrapes it in
# OpenMetrics; `/api/v1/query_exemplars` must return the counter's and the
# histogram's exemplars with their trace ids, Python's strict parser must
# accept the scrape with them and promtool the 0.0.4 body (exemplars.py).
#
# The last line is always `N passed, N failed`; the exit status is non-zero
# if anything failed.

set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/e2e"
PYTHON=/usr/bin/python3
PROFILE=${E2E_PROFILE:-debug}

# The faults of the second node, and so the alerts expected to fire there.
TRIPS=channel-drops,signing-key,sync-failures,retained,channel-leak

passed=0
failed=0
node_pid=
tripped_pid=
prom_pid=
probe_pid=
alerting_pid=
native_node_pid=
native_prom_pid=
exemplar_node_pid=
exemplar_prom_pid=
work=

pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

stop() {
    # Only what this script started, by PID.
    local pid=$1
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
}

finish() {
    local status=$?
    stop "$node_pid"
    stop "$tripped_pid"
    stop "$prom_pid"
    stop "$probe_pid"
    stop "$alerting_pid"
    stop "$native_node_pid"
    stop "$native_prom_pid"
    stop "$exemplar_node_pid"
    stop "$exemplar_prom_pid"
    [ -n "$work" ] && rm -rf "$work"
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
        failed=$((failed + 1))
        echo "FAIL the script stopped early (status $status)"
    fi
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] || exit 1
}
trap finish EXIT
trap 'exit 130' INT TERM

die() { fail "$*"; exit 1; }
# `add_counts FILE SCRIPT` adds the "PASSED FAILED" a check script wrote to
# FILE, or one failure if SCRIPT wrote none.
add_counts() {
    local p f
    if read -r p f <"$1" 2>/dev/null; then
        passed=$((passed + p))
        failed=$((failed + f))
    else
        fail "$2 did not finish"
    fi
}

# --- What it needs ----------------------------------------------------------
"$ROOT/scripts/install-test-deps" \
    || die "cannot install prometheus and python3-prometheus-client (run as root, or install them)"
pass "prometheus $(/usr/bin/prometheus --version 2>&1 | head -1 | awk '{print $3}'), promtool and python3-prometheus-client present"

work=$(mktemp -d "${TMPDIR:-/tmp}/metrics-e2e.XXXXXX") || die "mktemp"

# --- The node ---------------------------------------------------------------
cd "$ROOT" || die "cd $ROOT"
build=(cargo build -q -p reference-node --bin reference-node)
[ "$PROFILE" = release ] && build+=(--release)
"${build[@]}" || die "building reference-node"
target_dir=$(cargo metadata --format-version 1 --no-deps | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
node_bin="$target_dir/$PROFILE/reference-node"
[ -x "$node_bin" ] || die "no binary at $node_bin"

# The rules, generated from the declarations, with every `for` at 0s.
"$node_bin" rules --for 0s >"$work/rules.yml" || die "reference-node rules"
"$node_bin" catalog --format json >"$work/catalog.json" || die "reference-node catalog"
if check_out=$(promtool check rules "$work/rules.yml" 2>&1); then
    pass "promtool check rules on the generated rules ($(echo "$check_out" | grep -o '[0-9]* rules found'))"
else
    fail "promtool check rules on the generated rules: $check_out"
fi

# Port 0: the node binds a free port and logs it. `start_node LOG ARGS...`
# sets started_node_pid and started_node_addr.
start_node() {
    local log=$1
    shift
    "$node_bin" --listen 127.0.0.1:0 "$@" 2>"$log" &
    started_node_pid=$!
    started_node_addr=
    for _ in $(seq 100); do
        started_node_addr=$(sed -n 's|^reference-node: serving http://\(.*\)/metrics$|\1|p' "$log")
        [ -n "$started_node_addr" ] && break
        kill -0 "$started_node_pid" 2>/dev/null || break
        sleep 0.1
    done
}
start_node "$work/node.log"
node_pid=$started_node_pid
node_addr=$started_node_addr
[ -n "$node_addr" ] || die "reference-node did not start: $(cat "$work/node.log")"
pass "reference-node (pid $node_pid) serving on $node_addr"
start_node "$work/node-tripped.log" --trip "$TRIPS"
tripped_pid=$started_node_pid
tripped_addr=$started_node_addr
[ -n "$tripped_addr" ] || die "reference-node --trip did not start: $(cat "$work/node-tripped.log")"
pass "reference-node --trip $TRIPS (pid $tripped_pid) serving on $tripped_addr"

# A probe target that records the headers of the scrapes it gets, to show
# what Prometheus asks for (Accept-Encoding: gzip on every scrape).
"$PYTHON" - "$work/probe-addr" "$work/probe-headers" <<'PY' &
import http.server, sys
addr_file, headers_file = sys.argv[1], sys.argv[2]
class Probe(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(headers_file, "a") as f:
            f.write("".join(f"{k}: {v}\n" for k, v in self.headers.items()) + "\n")
        body = b"# HELP probe Probe.\n# TYPE probe gauge\nprobe 1\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Probe)
with open(addr_file + ".tmp", "w") as f:
    f.write(f"127.0.0.1:{server.server_port}")
import os
os.rename(addr_file + ".tmp", addr_file)
server.serve_forever()
PY
probe_pid=$!
probe_addr=
for _ in $(seq 100); do
    [ -s "$work/probe-addr" ] && probe_addr=$(cat "$work/probe-addr") && break
    sleep 0.1
done
[ -n "$probe_addr" ] || die "the header probe did not start"

# --- Prometheus -------------------------------------------------------------
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - '$work/rules.yml'
scrape_configs:
  # The node as the reference's queries expect it: the 0.0.4 text format,
  # where bucket bounds are written le="32". Prometheus 2.x would otherwise
  # negotiate OpenMetrics (le="32.0") and store le as exposed.
  - job_name: reference-node
    params:
      format: [text]
    static_configs:
      - targets: ['$node_addr']
  # The same node negotiated as Prometheus does by default (OpenMetrics),
  # keeping only the context histogram's buckets, renamed om_..., to show
  # what happens to le there without disturbing the reference's queries.
  - job_name: reference-node-openmetrics
    static_configs:
      - targets: ['$node_addr']
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: execution_duration_seconds_bucket
        action: keep
      - source_labels: [__name__]
        regex: (.*)
        target_label: __name__
        replacement: om_\$1
  - job_name: header-probe
    static_configs:
      - targets: ['$probe_addr']
EOF
# The second server: the tripped node alone, the same rules.
cat >"$work/alerting.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - '$work/rules.yml'
scrape_configs:
  - job_name: reference-node-tripped
    static_configs:
      - targets: ['$tripped_addr']
EOF
# A free port is picked, closed and then bound by Prometheus: another
# process may take it in between, so retry with a new port, and wait for
# Prometheus to answer /-/ready rather than for a fixed time.
ready() {
    "$PYTHON" - "$1" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(f"http://{sys.argv[1]}/-/ready", timeout=1)
except Exception:
    sys.exit(1)
PY
}
# `start_prometheus NAME CONFIG [FLAG...]` sets started_pid and started_addr.
start_prometheus() {
    local name=$1 config=$2
    shift 2
    started_pid=
    started_addr=
    for attempt in 1 2 3; do
        port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
        /usr/bin/prometheus \
            --config.file="$config" \
            --storage.tsdb.path="$work/data-$name-$attempt" \
            --web.listen-address="127.0.0.1:$port" \
            --log.level=warn \
            "$@" \
            >"$work/prometheus-$name.log" 2>&1 &
        started_pid=$!
        for _ in $(seq 300); do
            kill -0 "$started_pid" 2>/dev/null || break
            if ready "127.0.0.1:$port"; then
                started_addr="127.0.0.1:$port"
                break
            fi
            sleep 0.1
        done
        [ -n "$started_addr" ] && return 0
        echo "prometheus $name attempt $attempt on port $port failed: $(cat "$work/prometheus-$name.log")"
        stop "$started_pid"
        started_pid=
    done
}
start_prometheus main "$work/prometheus.yml"
prom_pid=$started_pid
prom_addr=$started_addr
[ -n "$prom_addr" ] || die "prometheus did not start"
pass "prometheus (pid $prom_pid) on $prom_addr scraping every 1 s"
start_prometheus alerting "$work/alerting.yml"
alerting_pid=$started_pid
alerting_addr=$started_addr
[ -n "$alerting_addr" ] || die "the alerting prometheus did not start"
pass "prometheus (pid $alerting_pid) on $alerting_addr scraping the tripped node every 1 s"

# --- Queries and exposition -------------------------------------------------
"$PYTHON" "$HERE/check.py" "$node_addr" "$prom_addr" "$work/counts" "$work/probe-headers"
add_counts "$work/counts" "check.py"

# --- Alerts -------------------------------------------------------------------
"$PYTHON" "$HERE/alerts.py" "$prom_addr" "$alerting_addr" "$work/catalog.json" "$TRIPS" "$work/alert-counts"
add_counts "$work/alert-counts" "alerts.py"

# --- Native histograms over protobuf ----------------------------------------
start_node "$work/node-native.log" --native --exemplars
native_node_pid=$started_node_pid
native_node_addr=$started_node_addr
[ -n "$native_node_addr" ] || die "reference-node --native --exemplars did not start: $(cat "$work/node-native.log")"
pass "reference-node --native --exemplars (pid $native_node_pid) serving on $native_node_addr"
cat >"$work/native.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: reference-node-native
    static_configs:
      - targets: ['$native_node_addr']
EOF
start_prometheus native "$work/native.yml" --enable-feature=native-histograms,exemplar-storage
native_prom_pid=$started_pid
native_prom_addr=$started_addr
[ -n "$native_prom_addr" ] || die "the native-histograms prometheus did not start"
pass "prometheus --enable-feature=native-histograms,exemplar-storage (pid $native_prom_pid) on $native_prom_addr"
"$PYTHON" "$HERE/native.py" "$native_node_addr" "$native_prom_addr" "$work/native-counts"
add_counts "$work/native-counts" "native.py"
"$PYTHON" "$HERE/exemplars.py" --protobuf "$native_node_addr" "$native_prom_addr" "$work/native-exemplar-counts"
add_counts "$work/native-exemplar-counts" "exemplars.py --protobuf"

# --- Exemplars over OpenMetrics ---------------------------------------------
# A fourth Prometheus with exemplar storage scrapes a node run with
# --exemplars; its default Accept asks for OpenMetrics first, the format our
# writer puts exemplars in (Prometheus 2.42's protobuf parser reads counter
# exemplars too, but the histogram's are written in OpenMetrics only).
start_node "$work/node-exemplars.log" --exemplars
exemplar_node_pid=$started_node_pid
exemplar_node_addr=$started_node_addr
[ -n "$exemplar_node_addr" ] || die "reference-node --exemplars did not start: $(cat "$work/node-exemplars.log")"
pass "reference-node --exemplars (pid $exemplar_node_pid) serving on $exemplar_node_addr"
cat >"$work/exemplars.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: reference-node-exemplars
    static_configs:
      - targets: ['$exemplar_node_addr']
EOF
start_prometheus exemplars "$work/exemplars.yml" --enable-feature=exemplar-storage
exemplar_prom_pid=$started_pid
exemplar_prom_addr=$started_addr
[ -n "$exemplar_prom_addr" ] || die "the exemplar-storage prometheus did not start"
pass "prometheus --enable-feature=exemplar-storage (pid $exemplar_prom_pid) on $exemplar_prom_addr"
"$PYTHON" "$HERE/exemplars.py" "$exemplar_node_addr" "$exemplar_prom_addr" "$work/exemplar-counts"
add_counts "$work/exemplar-counts" "exemplars.py"

# --- Clean stop -------------------------------------------------------------
kill -TERM "$node_pid"
node_status=
for _ in $(seq 100); do
    if ! kill -0 "$node_pid" 2>/dev/null; then
        wait "$node_pid"
        node_status=$?
        break
    fi
    sleep 0.1
done
if [ "$node_status" = 0 ] && grep -q '^reference-node: stopped$' "$work/node.log"; then
    pass "reference-node stops cleanly on SIGTERM"
    node_pid=
else
    fail "reference-node did not stop cleanly on SIGTERM (status ${node_status:-still running})"
fi
