#!/usr/bin/python3
"""Checks of the end-to-end run (see run.sh): waits for Prometheus to scrape
the reference node, runs every dashboard and alert query of the reference
through the HTTP API, and validates the node's exposition in both formats.

Usage: check.py NODE_ADDR PROMETHEUS_ADDR COUNTS_FILE PROBE_HEADERS_FILE

PROBE_HEADERS_FILE holds the request headers of every scrape of the header
probe (run.sh), blank-line separated: what Prometheus sends its targets.

Prints one line per check and writes "PASSED FAILED" to COUNTS_FILE.
Needs Debian's python3-prometheus-client (the strict OpenMetrics parser) and
promtool on PATH.
"""

import gzip
import json
import math
import subprocess
import sys
import time
import urllib.parse
import urllib.request

NODE, PROM, COUNTS, PROBE_HEADERS = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

# What Prometheus 2.42 sends when scraping.
PROMETHEUS_ACCEPT = (
    "application/openmetrics-text;version=1.0.0,"
    "application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
)
OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8"
TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# Every dashboard and alert query of the reference, verbatim, and what it
# must return: "data" (at least one finite value) or "empty".
REFERENCE_QUERIES = [
    ("sync success rate by protocol", "data",
     'sum(rate(sync_successes_total{protocol=~".*"}[5m])) by (protocol)\n'
     '/ sum(rate(sync_attempts_total{protocol=~".*"}[5m])) by (protocol)'),
    ("sync failure rate > 0.1/s", "data",
     "sum(rate(sync_failures_total[5m])) by (protocol) > 0.1"),
    ("p99 sync duration by protocol", "data",
     "histogram_quantile(0.99, sum(rate(sync_duration_seconds_bucket[5m])) by (le, protocol))"),
    ("CRITICAL snapshot verification failure", "data",
     "increase(sync_verification_failures_total[5m]) > 0"),
    ("WARNING delta buffer drops", "data",
     "rate(sync_buffer_drops_total[5m]) > 0"),
    ("WARNING snapshot blocked on initialized node", "data",
     "increase(sync_snapshot_blocked_total[5m]) > 0"),
    ("channel utilization", "data",
     "network_event_channel_depth / 1000"),
    ("channel drop rate", "data",
     "rate(network_event_channel_dropped_total[1m]) > 0"),
    ("p99 event processing latency", "data",
     "histogram_quantile(0.99, sum(rate(network_event_channel_processing_latency_seconds_bucket[5m])) by (le))"),
    ("top 5 contexts by execution rate", "data",
     "topk(5, rate(execution_count[5m]))"),
    ("p95 execution duration per context", "data",
     "histogram_quantile(0.95, sum(rate(execution_duration_seconds_bucket[5m])) by (le, context_id))"),
    ("slow executions (> 30s) per context", "data",
     'sum(rate(execution_duration_seconds_bucket{le="32"}[5m])) by (context_id)\n'
     '- sum(rate(execution_duration_seconds_bucket{le="1024"}[5m])) by (context_id)'),
    ("bytes per message", "data",
     "rate(sync_bytes_sent_total[5m]) / rate(sync_messages_sent_total[5m])"),
    # The right side's sum() drops every label, job and instance included,
    # while the left keeps them: one-to-one matching finds no pair.
    ("entities per round trip, as written: never matches", "empty",
     "rate(sync_entities_transferred_total[5m]) / sum(rate(sync_round_trips_total[5m]))"),
    ("protocol selection distribution", "data",
     "sum(rate(sync_protocol_selections_total[5m])) by (protocol)\n"
     "/ ignoring(protocol) group_left sum(rate(sync_protocol_selections_total[5m]))"),
    ("CRITICAL signing-key residue", "data",
     'increase(context_group_store_self_purge_failures_total{class="signing_key"}[15m]) > 0'),
    ("WARNING namespace stuck retained", "data",
     'increase(context_group_store_self_purge_reconcile_total{outcome="retained"}[1h]) > 0'),
    ("WARNING dropped self-purge events", "data",
     "rate(context_group_store_self_purge_events_dropped_total[5m]) > 0"),
]

EXTRA_QUERIES = [
    # The corrected form of the unsatisfiable query: both sides aggregated.
    ("entities per round trip, corrected", "data",
     "sum(rate(sync_entities_transferred_total[5m])) / sum(rate(sync_round_trips_total[5m]))"),
    # What the slow-executions query means to count: executions above 32 s
    # (the reference's form subtracts the wrong way round and is <= 0).
    ("executions above 32 s happen", "data",
     'sum(rate(execution_duration_seconds_bucket{le="+Inf"}[5m])) by (context_id)\n'
     '- sum(rate(execution_duration_seconds_bucket{le="32"}[5m])) by (context_id) > 0'),
    # The lint's bucket-difference finding: the reference's form is never
    # positive, because buckets are cumulative.
    ("slow executions as written are never positive", "empty",
     '(sum(rate(execution_duration_seconds_bucket{le="32"}[5m])) by (context_id)\n'
     '- sum(rate(execution_duration_seconds_bucket{le="1024"}[5m])) by (context_id)) > 0'),
    # The job scraping OpenMetrics keeps only this histogram, renamed with
    # om_: Prometheus 2.x stores le as exposed, so le="32" matches nothing
    # there and le="32.0" does.
    ("openmetrics scrape: le=\"32\" matches nothing", "empty",
     'om_execution_duration_seconds_bucket{le="32"}'),
    ("openmetrics scrape: le=\"32.0\" matches", "data",
     'om_execution_duration_seconds_bucket{le="32.0"}'),
    ("text scrape: le=\"32\" matches", "data",
     'execution_duration_seconds_bucket{job="reference-node",le="32"}'),
]

# The names the reference's tables export, as queries select them.
REFERENCE_NAMES = [
    "sync_messages_sent_total", "sync_bytes_sent_total", "sync_round_trips_total",
    "sync_entities_transferred_total", "sync_merges_total", "sync_comparisons_total",
    "sync_phase_duration_seconds_bucket", "sync_duration_seconds_bucket",
    "sync_snapshot_blocked_total", "sync_verification_failures_total",
    "sync_lww_fallback_total", "sync_buffer_drops_total", "sync_attempts_total",
    "sync_successes_total", "sync_failures_total", "sync_protocol_selections_total",
    "network_event_channel_depth", "network_event_channel_received_total",
    "network_event_channel_processed_total", "network_event_channel_dropped_total",
    "network_event_channel_processing_latency_seconds_bucket",
    "execution_count", "execution_duration_seconds_bucket",
    "calimero_governance_ops_applied_total", "calimero_governance_ops_rejected_total",
    "calimero_governance_dag_heads", "calimero_governance_heartbeat_mismatches_total",
    "context_group_store_self_purge_failures_total",
    "context_group_store_self_purge_reconcile_total",
    "context_group_store_self_purge_events_dropped_total",
]

# Context ids the node records that only proper escaping keeps intact
# (reference-node/src/sim.rs HOSTILE_CONTEXT_IDS).
HOSTILE_CONTEXT_IDS = {
    'ctx"quote',
    'ctx\\back\\slash',
    'ctx\nnewline',
    'ctx"} 1\nexecution_count{context_id="forged"} 99\n# EOF\n',
    'ctx-日本語-コンテキスト',
}

# promtool lint findings the reference's contract forces: the gauge is named
# execution_count by the reference, and its dashboards query that name.
ALLOWED_LINT = {
    'execution_count non-histogram and non-summary metrics should not have "_count" suffix',
}

# Successful scrapes to wait for before querying. rate(x[5m]) over seconds
# of data grows with every scrape (the increase is divided by the whole
# window), so the `> 0.1/s` failure alert has about 3x margin at 12 scrapes
# (about 2x at 8), which absorbs a simulation slowed by a loaded machine.
SCRAPES = 12

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}{': ' + detail if detail else ''}")


def http_get(url, accept=None, timeout=5):
    request = urllib.request.Request(url)
    if accept:
        request.add_header("Accept", accept)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.headers.get("Content-Type"), response.read().decode()


def scrape_as_prometheus(timeout=5):
    """GET /metrics with the headers Prometheus sends: (headers, raw body)."""
    request = urllib.request.Request(f"http://{NODE}/metrics")
    request.add_header("Accept", PROMETHEUS_ACCEPT)
    request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.headers, response.read()


def check_gzip():
    """Prometheus asks for gzip on every scrape, and the node answers gzip."""
    try:
        with open(PROBE_HEADERS) as f:
            scrapes = [block for block in f.read().split("\n\n") if block.strip()]
    except OSError:
        scrapes = []
    asked = [block for block in scrapes
             if any(line.lower().startswith("accept-encoding:") and "gzip" in line.lower()
                    for line in block.splitlines())]
    check(f"Prometheus asks for gzip ({len(asked)} of {len(scrapes)} probe scrapes)",
          scrapes and len(asked) == len(scrapes))
    headers, raw = scrape_as_prometheus()
    check("a scrape asking for gzip gets Content-Encoding: gzip",
          headers.get("Content-Encoding") == "gzip", str(headers.get("Content-Encoding")))
    try:
        body = gzip.decompress(raw).decode()
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
        families = list(text_string_to_metric_families(body))
        check(f"the gzip body is {len(raw)} bytes for {len(body)} of OpenMetrics "
              f"({len(families)} families), and parses strictly", len(families) == 33)
    except Exception as e:
        check("the gzip body decodes and parses strictly", False, repr(e))


def query(expr):
    url = f"http://{PROM}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    _, body = http_get(url)
    answer = json.loads(body)
    if answer.get("status") != "success":
        raise RuntimeError(f"query failed: {answer}")
    return answer["data"]["result"]


def finite_values(result):
    values = []
    for series in result:
        value = float(series["value"][1])
        if math.isfinite(value):
            values.append(value)
    return values


def wait_for_scrapes(job, minimum, deadline):
    expr = f'sum_over_time(up{{job="{job}"}}[5m])'
    scrapes = 0
    while time.monotonic() < deadline:
        try:
            result = query(expr)
            scrapes = int(float(result[0]["value"][1])) if result else 0
        except Exception:  # Prometheus still starting
            scrapes = 0
        if scrapes >= minimum:
            return scrapes
        time.sleep(0.5)
    return scrapes


def run_query(name, expect, expr):
    try:
        result = query(expr)
    except Exception as e:
        check(name, False, str(e))
        return
    if expect == "empty":
        check(name, result == [], f"expected no data, got {result[:3]}")
    else:
        values = finite_values(result)
        detail = f"{len(result)} series, none finite" if result else "no data"
        shown = ", ".join(f"{v:.4g}" for v in values[:3])
        check(f"{name} [{len(result)} series: {shown}{', ...' if len(values) > 3 else ''}]",
              bool(values), detail)


def validate_exposition():
    # The OpenMetrics body, negotiated as a Prometheus scrape and as curl asks.
    for accept in (PROMETHEUS_ACCEPT, "application/openmetrics-text; version=1.0.0"):
        content_type, body = http_get(f"http://{NODE}/metrics", accept)
        check(f"Accept {accept[:40]}... gets OpenMetrics", content_type == OPENMETRICS_TYPE,
              content_type)
    try:
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
        families = list(text_string_to_metric_families(body))
        samples = sum(len(f.samples) for f in families)
        ids = {s.labels.get("context_id") for f in families for s in f.samples}
        check("OpenMetrics parser reads every hostile context id back",
              HOSTILE_CONTEXT_IDS <= ids and "forged" not in ids,
              f"missing {HOSTILE_CONTEXT_IDS - ids}")
        check(f"OpenMetrics body parses strictly ({len(families)} families, {samples} samples)",
              len(families) == 33 and samples > 0, f"{len(families)} families")
    except Exception as e:
        check("OpenMetrics body parses strictly", False, repr(e))

    content_type, text = http_get(f"http://{NODE}/metrics")
    check("plain GET gets the 0.0.4 text format", content_type == TEXT_TYPE, content_type)
    content_type, forced = http_get(f"http://{NODE}/metrics?format=text", PROMETHEUS_ACCEPT)
    check("?format=text overrides Prometheus' Accept", content_type == TEXT_TYPE, content_type)
    check('0.0.4 body writes le="32"', 'le="32"' in text and 'le="32.0"' not in text)
    lint = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True,
                          text=True)
    findings = [line.strip() for line in (lint.stdout + lint.stderr).splitlines() if line.strip()]
    unexpected = [f for f in findings if f not in ALLOWED_LINT]
    # Exit 0: clean; 3: lint findings only (checked against the allowlist);
    # anything else: the body does not parse.
    check(f"promtool check metrics on the 0.0.4 body (exit {lint.returncode}, "
          f"{len(findings) - len(unexpected)} allowed finding(s))",
          lint.returncode in (0, 3) and not unexpected, "; ".join(unexpected) or "parse error")


def prometheus_major():
    _, body = http_get(f"http://{PROM}/api/v1/status/buildinfo")
    return int(json.loads(body)["data"]["version"].split(".")[0])


def main():
    start = time.monotonic()
    # The le="32" expectations below are Prometheus 2.x's: it stores le as
    # exposed. Prometheus 3 normalises le to "32.0" on every scrape, so the
    # reference's le="32" selectors match nothing there at all.
    major = prometheus_major()
    check(f"Prometheus {major}.x stores le as exposed (these checks need 2.x)", major == 2,
          "Prometheus 3 normalises le; see README, 'The reference catalogue'")
    if major != 2:
        with open(COUNTS, "w") as f:
            f.write(f"{passed} {failed}\n")
        return
    # rate(x[5m]) divides by the whole window, so with seconds of data the
    # failure-rate alert needs a few more than the minimum 5 scrapes.
    scrapes = wait_for_scrapes("reference-node", SCRAPES, start + 60)
    check(f"at least {SCRAPES} successful scrapes ({scrapes} after {time.monotonic() - start:.1f} s)",
          scrapes >= SCRAPES)
    if scrapes >= SCRAPES:
        om_scrapes = wait_for_scrapes("reference-node-openmetrics", 5, start + 60)
        check(f"at least 5 successful OpenMetrics scrapes ({om_scrapes})", om_scrapes >= 5)
        check_gzip()
        for name, expect, expr in REFERENCE_QUERIES + EXTRA_QUERIES:
            run_query(name, expect, expr)
        stored = {s["metric"]["__name__"] for s in query('group by (__name__) ({job="reference-node"})')}
        missing = [n for n in REFERENCE_NAMES if n not in stored]
        check(f"all {len(REFERENCE_NAMES)} reference names stored by Prometheus", not missing,
              f"missing {missing}")
        # The OpenMetrics job keeps only the context histogram's buckets, as om_...
        for job, metric in (("reference-node", "execution_count"),
                            ("reference-node-openmetrics", "om_execution_duration_seconds_bucket")):
            ids = {s["metric"].get("context_id")
                   for s in query(f'{metric}{{job="{job}"}}')}
            check(f"hostile context ids stored intact, nothing forged ({job})",
                  HOSTILE_CONTEXT_IDS <= ids and "forged" not in ids,
                  f"missing {HOSTILE_CONTEXT_IDS - ids}, forged: {'forged' in ids}")
    validate_exposition()
    with open(COUNTS, "w") as f:
        f.write(f"{passed} {failed}\n")


main()
