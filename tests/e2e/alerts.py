#!/usr/bin/python3
"""Alert checks of the end-to-end run (see run.sh).

Usage: alerts.py MAIN_PROMETHEUS ALERTING_PROMETHEUS CATALOG_JSON TRIPS COUNTS_FILE

Both servers load the rules `reference-node rules --for 0s` generated from
the declarations. The main one scrapes the default node, on which every
fault recurs; the alerting one scrapes only a node run with `--trip TRIPS`
(healthy but for those faults). Checks that every rule evaluates without
error on both; that on the alerting server exactly the alerts the faults
trip fire, with the labels and annotations the catalogue (CATALOG_JSON,
`reference-node catalog --format json`) declares, and no other alert is ever
pending or firing; and that the recording rule records the accounting gap.

Prints one line per check and writes "PASSED FAILED" to COUNTS_FILE.
"""

import json
import re
import sys
import time
import urllib.parse
import urllib.request

MAIN, ALERTING, CATALOG, TRIPS, COUNTS = sys.argv[1:6]

# The alert each fault of `reference-node --trip` trips
# (reference_node::sim::Trip::alert; tests/tests/simulation.rs checks that
# this table agrees).
TRIP_ALERTS = {
    "verification-failures": "SyncSnapshotVerificationFailed",
    "buffer-drops": "SyncDeltaBufferDrops",
    "snapshot-blocked": "SyncSnapshotBlocked",
    "sync-failures": "SyncFailureRateHigh",
    "channel-drops": "NetworkEventChannelDrops",
    "channel-leak": "NetworkEventChannelAccountingMismatch",
    "signing-key": "SelfPurgeSigningKeyResidue",
    "retained": "SelfPurgeNamespaceRetained",
    "events-dropped": "SelfPurgeEventsDropped",
}

RECORD = "network_event_channel:unaccounted_events"

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


def api(server, path, **params):
    url = f"http://{server}/api/v1/{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=5) as response:
        answer = json.loads(response.read().decode())
    if answer.get("status") != "success":
        raise RuntimeError(f"{path}: {answer}")
    return answer["data"]


def declared_rules():
    with open(CATALOG) as f:
        catalog = json.load(f)
    alerts, records = {}, []
    for family in catalog["families"]:
        for holder in [family] + family["metrics"]:
            for alert in holder["alerts"]:
                alerts[alert["name"]] = alert
            records += [r["name"] for r in holder["records"]]
    return alerts, records


def expand(text, labels):
    """The `{{ $labels.x }}` templates of `text`, filled from `labels`."""
    out = re.sub(r"\{\{\s*\$labels\.(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), text)
    if "{{" in out:
        raise ValueError(f"a template other than $labels.x in {text!r}")
    return out


def rules_of(server):
    return [r for g in api(server, "rules")["groups"] for r in g["rules"]]


def check_rules(server, name, alerts, records, deadline):
    # Health is "unknown" until a rule's first evaluation.
    rules = rules_of(server)
    while time.monotonic() < deadline and any(r["health"] == "unknown" for r in rules):
        time.sleep(0.5)
        rules = rules_of(server)
    names = sorted(r["name"] for r in rules)
    check(f"{name}: the {len(rules)} generated rules are loaded",
          names == sorted(list(alerts) + records), f"{names}")
    unhealthy = [(r["name"], r["health"], r.get("lastError", "")) for r in rules
                 if r["health"] != "ok" or r.get("lastError")]
    check(f"{name}: every rule evaluates without error (/api/v1/rules health ok)",
          not unhealthy, f"{unhealthy}")


def main():
    start = time.monotonic()
    alerts, records = declared_rules()
    trips = TRIPS.split(",")
    expected = {TRIP_ALERTS[t] for t in trips}
    check(f"the catalogue declares the {len(alerts)} alerts, the tripped ones among them",
          expected <= set(alerts) and len(alerts) == 14, f"{sorted(alerts)}")

    check_rules(MAIN, "main server", alerts, records, start + 20)
    check_rules(ALERTING, "alerting server", alerts, records, start + 20)

    # Wait for the tripped alerts, watching that no other is ever pending
    # or firing meanwhile.
    seen = set()
    firing = []
    deadline = start + 40
    while True:
        current = api(ALERTING, "alerts")["alerts"]
        seen |= {a["labels"]["alertname"] for a in current}
        firing = [a for a in current if a["state"] == "firing"]
        if {a["labels"]["alertname"] for a in firing} >= expected or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    # A few more evaluations: still nothing else.
    for _ in range(4):
        time.sleep(0.5)
        current = api(ALERTING, "alerts")["alerts"]
        seen |= {a["labels"]["alertname"] for a in current}
        firing = [a for a in current if a["state"] == "firing"]
    names = {a["labels"]["alertname"] for a in firing}
    check(f"alerting server: exactly the {len(expected)} alerts tripped by --trip {TRIPS} fire "
          f"({time.monotonic() - start:.1f} s)",
          names == expected, f"firing {sorted(names)}, expected {sorted(expected)}")
    # Prometheus keeps a series ALERTS{alertname, alertstate} for every
    # evaluation at which an alert was pending or firing: over the whole run,
    # none but the expected.
    history = api(ALERTING, "query", query="group by (alertname) (max_over_time(ALERTS[10m]))")["result"]
    ever = {s["metric"]["alertname"] for s in history} | seen
    check(f"alerting server: no other alert was pending or firing at any evaluation of the run "
          f"(ALERTS: {', '.join(sorted(ever))})",
          ever == expected, f"also {sorted(ever - expected)}")

    for alert in sorted(firing, key=lambda a: a["labels"]["alertname"]):
        labels = alert["labels"]
        name = labels["alertname"]
        declared = alerts.get(name)
        if declared is None:
            continue
        want_labels = dict(declared["labels"], severity=declared["severity"])
        label_misses = {k: (labels.get(k), v) for k, v in want_labels.items() if labels.get(k) != v}
        want_annotations = {"summary": declared["summary"]}
        if declared["description"]:
            want_annotations["description"] = declared["description"]
        want_annotations.update(declared["annotations"])
        want_annotations = {k: expand(v, labels) for k, v in want_annotations.items()}
        got = alert.get("annotations", {})
        shown = ", ".join(f'{k}="{v}"' for k, v in sorted(labels.items()) if k != "alertname")
        check(f"{name} fires with its declared labels and annotations {{{shown}}}",
              not label_misses and got == want_annotations,
              f"labels {label_misses}, annotations {got} != {want_annotations}")

    # The reference's own query for a retained namespace misses the startup
    # sweep that the declared alert catches (see self_purge.rs).
    if "retained" in trips:
        as_written = api(ALERTING, "query", query='increase(context_group_store_self_purge_reconcile_total{outcome="retained"}[1h]) > 0')["result"]
        check("the reference's increase(...retained[1h]) > 0 sees nothing of the startup sweep "
              "SelfPurgeNamespaceRetained fires on", as_written == [], f"{as_written}")

    # The recording rule: the gap of the leaking node, none on the other.
    gap = api(ALERTING, "query", query=RECORD)["result"]
    values = [float(s["value"][1]) for s in gap]
    check(f"{RECORD} records the tripped node's lost events ({values})",
          len(values) == 1 and values[0] >= 1 if "channel-leak" in trips else values == [0.0],
          f"{gap}")
    balanced = api(MAIN, "query", query=RECORD)["result"]
    check(f"{RECORD} is 0 on the node whose books balance",
          [float(s["value"][1]) for s in balanced] == [0.0], f"{balanced}")

    with open(COUNTS, "w") as f:
        f.write(f"{passed} {failed}\n")


try:
    main()
except Exception as e:  # a failed request is a failed check, not a crash
    check("alerts.py ran to the end", False, repr(e))
    with open(COUNTS, "w") as f:
        f.write(f"{passed} {failed}\n")
