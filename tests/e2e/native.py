#!/usr/bin/python3
"""Native histograms end to end (see run.sh): a Prometheus started with
`--enable-feature=native-histograms` scrapes a node run with `--native`
over protobuf, stores `sync_native_duration_seconds` as a native
histogram, and `histogram_quantile` over it returns numbers.

Usage: native.py NODE_ADDR PROMETHEUS_ADDR COUNTS_FILE

Prints one line per check and writes "PASSED FAILED" to COUNTS_FILE.
"""

import json
import math
import sys
import time
import urllib.parse
import urllib.request

NODE, PROM, COUNTS = sys.argv[1], sys.argv[2], sys.argv[3]

# What Prometheus 2.42 sends with --enable-feature=native-histograms.
PROTOBUF_FIRST_ACCEPT = (
    "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
    "application/openmetrics-text;version=1.0.0;q=0.8,"
    "application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
)
PROTOBUF_TYPE = (
    "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
)
QUANTILE = "histogram_quantile(0.99, rate(sync_native_duration_seconds[1m]))"
# The protocols the node records often (every enum series is exported at
# zero; a quantile of a histogram with no observations is NaN).
RECORDED = ("hash_comparison", "delta_sync")

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def query(expr):
    url = f"http://{PROM}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=5) as r:
        body = json.load(r)
    assert body["status"] == "success", body
    return body["data"]["result"]


def main():
    request = urllib.request.Request(f"http://{NODE}/metrics",
                                     headers={"Accept": PROTOBUF_FIRST_ACCEPT})
    with urllib.request.urlopen(request, timeout=5) as r:
        content_type = r.headers.get("Content-Type")
        body = r.read()
    check("the node answers Prometheus 2.42's protobuf-first Accept in protobuf",
          content_type == PROTOBUF_TYPE and len(body) > 0, f"Content-Type {content_type!r}")

    # rate() over [1m] needs two scrapes of a histogram that moved.
    values = {}
    deadline = time.time() + 30
    while time.time() < deadline:
        values = {s["metric"].get("protocol"): float(s["value"][1]) for s in query(QUANTILE)}
        if all(math.isfinite(values.get(p, math.nan)) for p in RECORDED):
            break
        time.sleep(1)
    shown = ", ".join(f"{p} {values.get(p, math.nan):.3g} s" for p in RECORDED)
    check(f"`{QUANTILE}` returns numbers for the protocols recorded ({shown})",
          all(0 < values.get(p, math.nan) < math.inf for p in RECORDED), f"got {values}")

    stored = query('sync_native_duration_seconds{protocol="hash_comparison"}')
    check("stored as a native histogram (a `histogram` sample, not a float)",
          len(stored) == 1 and "histogram" in stored[0] and "value" not in stored[0],
          f"got {stored}")
    classic = query('{__name__=~"sync_native_duration_seconds_(bucket|count|sum)"}')
    check("no classic _bucket/_count/_sum series: the protobuf scrape carried native buckets",
          classic == [], f"got {len(classic)} series")
    with open(COUNTS, "w") as f:
        f.write(f"{passed} {failed}\n")


main()
