#!/usr/bin/env python3
"""Compile every case of the outside corpus and print what the compiler says.

Each file under `cases/` is one plausible single mistake a new user of the
README would make (written from README.md alone), headed by
`// expect: error|ok` and `// mistake: ...`. The cases become the binaries
of a scratch crate under `target/outside-corpus/`, depending on the
workspace's `metrics-runtime` by path and sharing the workspace's
`Cargo.lock` and target dir; one `cargo check --bins --keep-going` builds
them all. For each case it prints the number of errors and the first line
of each, so a cascade (more errors than the one mistake), a false accept (no
error where one is expected) or a wrong-way message shows.

    python3 ui-tests/outside-corpus/run.py            # every case
    python3 ui-tests/outside-corpus/run.py unit_ms    # cases whose name contains `unit_ms`
    python3 ui-tests/outside-corpus/run.py --full ... # the rendered messages too

Exit status 1 if any case expected to fail compiles, or any case expected
to compile fails. (Not part of `cargo test`: the judgement of a message as
good or confusing is a reader's; `ui-tests/fail/` holds the cases fixed
from it, with their snapshots.)
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRATCH = os.path.join(ROOT, "target", "outside-corpus")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    full = "--full" in sys.argv
    cases = sorted(f[:-3] for f in os.listdir(os.path.join(HERE, "cases")) if f.endswith(".rs"))
    if args:
        cases = [c for c in cases if any(a in c for a in args)]
    bin_dir = os.path.join(SCRATCH, "src", "bin")
    shutil.rmtree(bin_dir, ignore_errors=True)
    os.makedirs(bin_dir)
    expect = {}
    for c in cases:
        src = open(os.path.join(HERE, "cases", c + ".rs")).read()
        expect[c] = src.splitlines()[0].split(":", 1)[1].strip()
        with open(os.path.join(bin_dir, c + ".rs"), "w") as f:
            f.write(src)
    runtime = os.path.join(ROOT, "metrics-runtime")
    with open(os.path.join(SCRATCH, "Cargo.toml"), "w") as f:
        f.write(
            '[package]\nname = "outside-corpus"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
            f'[dependencies]\nmetrics-runtime = {{ path = "{runtime}", features = ["serve"] }}\n\n[workspace]\n'
        )
    shutil.copy(os.path.join(ROOT, "Cargo.lock"), os.path.join(SCRATCH, "Cargo.lock"))
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(ROOT, "target"))
    out = subprocess.run(
        ["cargo", "check", "--bins", "--keep-going", "--message-format=json"],
        cwd=SCRATCH, env=env, capture_output=True, text=True,
    )
    diags = {c: [] for c in cases}
    for line in out.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("reason") != "compiler-message":
            continue
        name = msg["target"]["name"].replace("-", "_")
        m = msg["message"]
        if m["level"] in ("error", "warning") and not m["message"].startswith(("aborting", "could not compile")):
            if m["message"].endswith("previous error") or "previous errors" in m["message"] or "warnings emitted" in m["message"] or m["message"].endswith("warning emitted"):
                continue
            # Cargo shows an identical diagnostic of one crate once.
            seen = diags.setdefault(name, [])
            if not any(d.get("rendered") == m.get("rendered") for d in seen):
                seen.append(m)
    bad = 0
    for c in cases:
        errs = [m for m in diags.get(c, []) if m["level"] == "error"]
        warns = [m for m in diags.get(c, []) if m["level"] == "warning"]
        verdict = "ok" if (len(errs) > 0) == (expect[c] == "error") else "UNEXPECTED"
        if verdict != "ok":
            bad += 1
        print(f"== {c}: expect {expect[c]}, {len(errs)} error(s), {len(warns)} warning(s) [{verdict}]")
        for m in errs + warns:
            span = next((s for s in m["spans"] if s["is_primary"]), None)
            where = f' ({os.path.basename(span["file_name"])}:{span["line_start"]})' if span else ""
            code = f'[{m["code"]["code"]}]' if m.get("code") else ""
            print(f'   {m["level"]}{code}: {m["message"].splitlines()[0]}{where}')
            if full:
                print("      " + (m.get("rendered") or "").replace("\n", "\n      "))
    if out.returncode != 0 and not any(diags.values()):
        sys.stderr.write(out.stderr)
        return 2
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
