#!/usr/bin/python3
"""Exemplars end to end (see run.sh): a Prometheus 2.42 started with
`--enable-feature=exemplar-storage` scrapes a node run with `--exemplars`
(OpenMetrics, which its default Accept asks for first), and
`/api/v1/query_exemplars` returns the counter's and the histogram's
exemplars with the simulator's trace ids. Python's strict OpenMetrics
parser accepts the node's OpenMetrics scrape with its exemplars, and
promtool its 0.0.4 body, which carries none.

With `--protobuf`, the Prometheus is the one started with
`--enable-feature=native-histograms,exemplar-storage`, which scrapes the node
(run with `--native --exemplars`) over protobuf: the counter's exemplars
travel in protobuf too and are stored; the histogram's bucket exemplars are
written in OpenMetrics only, so they are not looked for there.

Usage: exemplars.py [--protobuf] NODE_ADDR PROMETHEUS_ADDR COUNTS_FILE

Prints one line per check and writes "PASSED FAILED" to COUNTS_FILE.
"""

import json
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from prometheus_client.openmetrics.parser import text_string_to_metric_families

PROTOBUF = sys.argv[1:2] == ["--protobuf"]
NODE, PROM, COUNTS = sys.argv[1 + PROTOBUF:4 + PROTOBUF]

# What Prometheus 2.42 sends by default (no native histograms).
OPENMETRICS_FIRST_ACCEPT = (
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
)
TRACE_ID = re.compile(r"^[0-9a-f]{32}$")
COUNTER = "sync_traced_sessions_total"
BUCKETS = "sync_traced_duration_seconds_bucket"

# The promtool lint finding the reference's contract forces (see check.py).
ALLOWED_LINT = {
    'execution_count non-histogram and non-summary metrics should not have "_count" suffix',
}

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def get(path, accept=None):
    headers = {"Accept": accept} if accept else {}
    request = urllib.request.Request(f"http://{NODE}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=5) as r:
        return r.headers.get("Content-Type"), r.read().decode("utf-8")


def query_exemplars(expr, start, end):
    url = f"http://{PROM}/api/v1/query_exemplars?" + urllib.parse.urlencode(
        {"query": expr, "start": f"{start:.3f}", "end": f"{end:.3f}"})
    with urllib.request.urlopen(url, timeout=5) as r:
        body = json.load(r)
    assert body["status"] == "success", body
    return body["data"]


def stored_exemplars(exprs):
    """The exemplars Prometheus stored for each of `exprs` over the last two
    minutes, waiting up to 30 s for every one to have some."""
    start = time.time() - 120
    found = {}
    deadline = time.time() + 30
    while time.time() < deadline:
        end = time.time() + 5
        found = {expr: query_exemplars(expr, start, end) for expr in exprs}
        if all(any(series["exemplars"] for series in found[expr]) for expr in found):
            break
        time.sleep(1)
    for expr, series in found.items():
        stored = [e for s in series for e in s["exemplars"]]
        ids = [e["labels"].get("trace_id", "") for e in stored]
        check(f"/api/v1/query_exemplars?query={expr} returns {len(stored)} exemplars "
              f"over {len(series)} series, trace ids like {ids[0] if ids else '-'}",
              stored and all(TRACE_ID.match(i) for i in ids), f"got {series}")
    return found


def main_protobuf():
    stored_exemplars([COUNTER])


def main():
    content_type, text = get("/metrics", OPENMETRICS_FIRST_ACCEPT)
    check("the node answers Prometheus 2.42's default Accept in OpenMetrics",
          content_type.startswith("application/openmetrics-text"), f"Content-Type {content_type!r}")
    try:
        families = list(text_string_to_metric_families(text))
        exemplars = [(s.name, s.exemplar) for f in families for s in f.samples
                     if s.exemplar is not None]
        names = {name for name, _ in exemplars}
        ids_ok = all(TRACE_ID.match(e.labels.get("trace_id", "")) for _, e in exemplars)
        check(f"Python's strict OpenMetrics parser accepts the scrape with its "
              f"{len(exemplars)} exemplars, on {COUNTER} and {BUCKETS}, each a 32-hex trace id",
              {COUNTER, BUCKETS} <= names and ids_ok, f"exemplars on {sorted(names)}")
    except Exception as e:  # noqa: BLE001 - the parser's rejection is the finding
        check("Python's strict OpenMetrics parser accepts the scrape with exemplars", False, repr(e))

    _, plain = get("/metrics?format=text")
    lint = subprocess.run(["promtool", "check", "metrics"], input=plain, capture_output=True,
                          text=True)
    findings = [line.strip() for line in (lint.stdout + lint.stderr).splitlines() if line.strip()]
    unexpected = [f for f in findings if f not in ALLOWED_LINT]
    # Exit 0: clean; 3: lint findings only (the reference's, as in check.py).
    check(f"promtool check metrics accepts the 0.0.4 body (exit {lint.returncode}), "
          f"which carries no exemplars",
          lint.returncode in (0, 3) and not unexpected and " # {" not in plain,
          "; ".join(unexpected) or "parse error or an exemplar in 0.0.4")

    found = stored_exemplars([COUNTER, BUCKETS])
    buckets = found.get(BUCKETS, [])
    check("the histogram's exemplars are stored on its `_bucket` series, per `le`",
          len({s["seriesLabels"].get("le") for s in buckets if s["exemplars"]}) >= 2,
          f"series {[s['seriesLabels'] for s in buckets]}")

    with open(COUNTS, "w") as f:
        f.write(f"{passed} {failed}\n")


if __name__ == "__main__":
    try:
        if PROTOBUF:
            main_protobuf()
            with open(COUNTS, "w") as f:
                f.write(f"{passed} {failed}\n")
        else:
            main()
    except Exception as e:  # noqa: BLE001 - reported as a failed check
        check("exemplars.py ran to the end", False, repr(e))
        with open(COUNTS, "w") as f:
            f.write(f"{passed} {failed}\n")
