#!/usr/bin/env python3
"""Writes BENCHMARKS.md (to stdout) from the raw results of scripts/bench.sh.

Usage: bench_report.py OUT_DIR CRITERION_DIR
OUT_DIR holds what bench.sh, the diff bench and the vitals spec wrote (machine.env,
part-*.env, *.json, wrk-*.txt, proposals-*, vitals.json, ...);
CRITERION_DIR is criterion's output (target/criterion); only results newer than
OUT_DIR/.criterion-start (this run) are read.
"""

import json
import os
import re
import sys
from pathlib import Path

OUT = Path(sys.argv[1])
CRIT = Path(sys.argv[2])
ROOT = Path(__file__).resolve().parent.parent
KB = 1024
# Every numeric target, once: the summary table and the gaps below print and check these.
CLAUSE_VS_GIT = 20  # a clause's word diff, times faster than git's word diff
EDITION_VS_GIT = 3  # a whole edition's compare, times faster than git's word diff
IMPORT_PDF_NS = 2e9  # importing the 119-page Rule Book PDF, on one core
UNCACHED_VS_NGINX = 0.2  # uncached reader-page throughput, as a share of nginx's
CACHED_VS_NGINX = 0.7  # the same page from the page cache, as a share of nginx's
BUDGET_BYTES = 100 * KB  # first load of a reader page, brotli
STALL_MS = 35.0  # no request may stall on Nagle + delayed ACK
WELL_UNDER_NS = 0.5e6  # "well under 1 ms" for the wording engine: at most half the millisecond
# Lab web vitals, unless the vitals run wrote its own: web.dev's "good" thresholds.
VITALS_TARGETS = {"lcp_ms": 2500, "cls": 0.1, "interaction_ms": 200}
# Issues 18 and 19 (app/benches/motions.rs): criterion id, label, target in ms. The keystroke
# target is for the browser; criterion measures native code.
MOTION_TARGETS = [
    ("motions/keystroke_250", "motions: sections + word count + checks, 250 words (native)", 2),
    ("ballot/count_650_clps_70_affiliates", "priorities ballot count, 650 CLPs + 70 affiliates", 10),
    ("provenance/composite_250_vs_20", "composite provenance, 250 words against 20 motions", 20),
]


def read(name, default=None):
    p = OUT / name
    return p.read_text(encoding="utf-8", errors="replace") if p.exists() else default


def load_json(name):
    text = read(name)
    return json.loads(text) if text else None


def read_env(name):
    env = {}
    for line in (read(name) or "").splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k] = v
    return env


machine = read_env("machine.env")
# When and under what load each part ran (a BENCH_ONLY run keeps the other parts' results).
PARTS = [
    ("criterion", "word diff, edition compare, adversarial inputs, wording engine, motions (criterion + git)"),
    ("http", "latency, page weight, reading throughput"),
    ("vitals", "lab web vitals (Playwright)"),
    ("proposals", "clause page with 200 proposals, reading pack for 100"),
    ("import", "import of a 119-page Rule Book PDF (criterion)"),
    ("fuzz", "fuzzing at volume"),
]
part_env = {name: read_env(f"part-{name}.env") for name, _ in PARTS}


# ---- criterion ----------------------------------------------------------------------------------

start = (OUT / ".criterion-start").stat().st_mtime if (OUT / ".criterion-start").exists() else 0
crit = {}  # full id ("clause/word_diff", "generate clause (5 edits)") -> mean ns
if CRIT.exists():
    for est in CRIT.glob("**/new/estimates.json"):
        if est.stat().st_mtime < start:
            continue  # an older run
        bench = json.loads((est.parent / "benchmark.json").read_text())
        crit[bench["full_id"]] = json.loads(est.read_text())["mean"]["point_estimate"]


def ns(full_id):
    return crit.get(full_id)


def fmt_time(v):
    if v is None:
        return "n/a"
    if v < 1e3:
        return f"{v:.0f} ns"
    if v < 1e6:
        return f"{v / 1e3:.1f} µs"
    if v < 1e9:
        return f"{v / 1e6:.2f} ms"
    return f"{v / 1e9:.2f} s"


def hyperfine_mean_ns(name):
    data = load_json(name)
    if not data:
        return None
    return data["results"][0]["mean"] * 1e9


def fmt_ratio(r):
    """Two decimals, or two significant digits below 0.1 (0.0048, not 0.00)."""
    return f"{r:.2f}" if r >= 0.1 else f"{r:.2g}"


def status(ok):
    if ok is None:
        return "not measured"
    return "**met**" if ok else "**MISSED**"


# ---- wrk ----------------------------------------------------------------------------------------

UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(name):
    text = read(f"wrk-{name}.txt")
    if not text:
        return None
    r = {"rps": None, "p50": None, "p99": None, "errors": 0, "non2xx": 0}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        r["rps"] = float(m.group(1))
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if m:
            r[f"p{pct}"] = float(m.group(1)) * UNIT[m.group(2)]
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        r["errors"] = sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        r["non2xx"] = int(m.group(1))
    return r


def best(kind):
    runs = [w for w in (wrk(f"{kind}-1"), wrk(f"{kind}-2")) if w and w["rps"]]
    return max(runs, key=lambda w: w["rps"]) if runs else None, runs


# ---- assemble -----------------------------------------------------------------------------------

lines = []
w = lines.append

w("# Benchmarks")
w("")
w("Generated by `make bench` (`scripts/bench.sh` + `scripts/bench_report.py`); do not edit by")
w("hand. Every figure is a ratio against a baseline measured in the same run, on the same")
w("machine. Raw results: `target/bench/` and `target/criterion/`.")
w("")
w("## Machine")
w("")
w("| | |")
w("|---|---|")
for key, label in [
    ("started", "date"),
    ("cpu", "CPU"),
    ("nproc", "cores (nproc)"),
    ("memory", "memory"),
    ("kernel", "kernel"),
    ("rustc", "rustc"),
    ("cargo_leptos", "cargo-leptos"),
    ("commit", "commit"),
    ("server_built", "release server built"),
    ("wasm_built", "wasm bundle built"),
    ("git", "baseline: git"),
    ("nginx", "baseline: nginx"),
    ("wrk", "load generator"),
    ("hyperfine", "timer for git"),
    ("chromium", "browser (web vitals)"),
    ("playwright", "Playwright"),
]:
    w(f"| {label} | {machine.get(key, '?')} |")
w(
    f"| load average (1/5/15 min) | {machine.get('load_start', '?')} at the start, "
    f"{machine.get('load_end', '?')} at the end |"
)
w(f"| run time | {machine.get('seconds', '?')} s (parts run: {machine.get('parts', '?')}) |")
w("")
w("Each part, when it ran and the load average (1 min) around it: the concurrent work on the")
w("machine is the main source of noise in absolute figures.")
w("")
w("| part | ran at | seconds | load at start → end (1/5/15 min) |")
w("|---|---|---|---|")
for name, label in PARTS:
    e = part_env[name]
    if e:
        w(
            f"| {label} | {e.get('started', '?')} | {e.get('seconds', '?')} | "
            f"{e.get('load_start', '?')} → {e.get('load_end', '?')} |"
        )
    else:
        w(f"| {label} | not run | | |")
w("")
w(
    f"Servers (redline, nginx), criterion and the git baseline run pinned to CPU "
    f"{machine.get('server_cpu', '?')}; wrk to CPU {machine.get('client_cpu', '?')}. "
    "A load average above 0 at the start means other work shared the machine: the ratios "
    "are the figures to compare, absolute times are indicative."
)
w("")

# Diff figures.
edition = load_json("edition.json") or {}
clause_ns = ns("clause/word_diff")
git_clause = hyperfine_mean_ns("git-clause.json")
clause300_ns = ns("clause/word_diff_300")
git_clause300 = hyperfine_mean_ns("git-clause-300.json")
clause300_ratio = git_clause300 / clause300_ns if clause300_ns and git_clause300 else None
edition_ns = ns("edition/parse_match_diff")
edition_md_ns = ns("edition/match_diff")
git_edition = hyperfine_mean_ns("git-edition.json")
clause_ratio = git_clause / clause_ns if clause_ns and git_clause else None
edition_ratio = git_edition / edition_ns if edition_ns and git_edition else None
edition_md_ratio = git_edition / edition_md_ns if edition_md_ns and git_edition else None
edition_do_ns = ns("edition/diff_only")
edition_do_ratio = git_edition / edition_do_ns if edition_do_ns and git_edition else None

adversarial = load_json("adversarial.json") or []
adv_ok = bool(adversarial) and all(
    c["rebuilds_both_texts"] and c["small_edit_kept_small"] for c in adversarial
)
adv_max_ns = max((ns(f"adversarial/{c['name']}") or 0 for c in adversarial), default=None)

# Throughput: uncached SSR (a server with --page-cache-secs 0), the default server answering
# from its page cache, and nginx serving the same bytes.
ssr, ssr_runs = best("ssr")
ngx, ngx_runs = best("nginx")
cached, cached_runs = best("cached")
tp_ratio = ssr["rps"] / ngx["rps"] if ssr and ngx else None
cached_ratio = cached["rps"] / ngx["rps"] if cached and ngx else None
cache_checks = [
    dict(zip(("when", "server", "first", "second"), row.split("\t")))
    for row in (read("cache-check.tsv") or "").splitlines()[1:]
    if row.count("\t") == 3
]
# Every check of the default server must end in a hit (its first request may fill the cache).
cache_ok = (
    all(c["second"] == "hit" for c in cache_checks if c["server"] == "cached")
    if any(c["server"] == "cached" for c in cache_checks)
    else None
)
uncached_never_hit = all(
    c["first"] != "hit" and c["second"] != "hit" for c in cache_checks if c["server"] == "uncached"
)

# Latency.
latency = {}
for row in (read("latency.tsv") or "").splitlines():
    parts = row.split("\t")
    if len(parts) == 5:
        route, mode, t, code, size = parts
        latency.setdefault(route, []).append((mode, float(t) * 1e3, code, int(size)))
worst_ms = max((t for rows in latency.values() for _, t, _, _ in rows), default=None)
nagle_ok = None if worst_ms is None else all(
    t < STALL_MS for rows in latency.values() for _, t, _, _ in rows
)

# Weight.
weight = []
for row in (read("weight.tsv") or "").splitlines()[1:]:
    part, url, raw, br, served, enc = row.split("\t")
    weight.append(
        {"part": part, "url": url, "raw": int(raw), "br": int(br), "served": int(served), "enc": enc}
    )
total_br = sum(x["br"] for x in weight) if weight else None
page_bytes_for_gap = next((x["raw"] for x in weight if x["part"] == "html"), None)
inline_script_bytes = None
if (OUT / "page.html").exists():
    _html = (OUT / "page.html").read_bytes()
    inline_script_bytes = sum(
        len(m.group(1)) for m in re.finditer(rb"<script\b[^>]*>(.*?)</script>", _html, re.S)
    )
weight_ok = total_br <= BUDGET_BYTES if total_br is not None else None

# Fuzz.
fuzz_log = read("fuzz.log")
fuzz_rows = []
fuzz_failed = []
if fuzz_log is not None:
    for m in re.finditer(r"^fuzz (.+): (\d+) executions$", fuzz_log, re.M):
        fuzz_rows.append((m.group(1), int(m.group(2))))
    results = dict(re.findall(r"^test (\S+) \.\.\. (ok|FAILED)", fuzz_log, re.M))
    # Ignored tests in the library report nothing themselves: count cases × runs from source.
    for name, res in results.items():
        short = name.split("::")[-1]
        if short in ("citation_parser_at_volume", "rulebook_importer_at_volume"):
            continue
        execs, runs = None, 0
        for src in (ROOT / "app" / "src").rglob("*.rs"):
            text = src.read_text(encoding="utf-8")
            m = re.search(rf"fn {short}\(\)\s*\{{(.*?)\n\}}", text, re.S)
            if m:
                body = m.group(1)
                cases = re.search(r"cases:\s*([\d_]+)", body)
                runs = body.count(".run(")
                if cases and runs:
                    execs = int(cases.group(1).replace("_", "")) * runs
                break
        fuzz_rows.append((f"{name} ({runs if execs else '?'} properties)", execs))
    fuzz_failed = [n for n, r in results.items() if r == "FAILED"]
fuzz_total = sum(n for _, n in fuzz_rows if n) if fuzz_rows else None

# A clause page with 200 proposed rule changes; the reading pack for 100 (then 300).
PROP_STAGES = [
    ("demo", "the demo data"),
    ("pack100", "after seeding rule changes on other clauses (reading pack 100)"),
    ("clause200", "after seeding 200 rule changes on the clause"),
]
PROP_ROUTES = {"clause": "clause page", "pack": "reading pack page", "json": "reading pack JSON"}
prop_counts = {}
for line in (read("proposals-counts.jsonl") or "").splitlines():
    if line.strip().startswith("{"):
        d = json.loads(line)
        prop_counts[d["stage"]] = d
prop_seed = [
    json.loads(x) for x in (read("proposals-seed.jsonl") or "").splitlines() if x.startswith("{")
]
prop_lat = {}  # (stage, route, server) -> timed requests
for row in (read("proposals-latency.tsv") or "").splitlines()[1:]:
    parts_ = row.split("\t")
    if len(parts_) == 8:
        stage, route, server, req, secs, code, size, cache = parts_
        prop_lat.setdefault((stage, route, server), []).append(
            {"request": req, "ms": float(secs) * 1e3, "status": code, "bytes": int(size),
             "cache": cache}
        )


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    m = len(xs) // 2
    return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2


def prop_one(stage, route, server="uncached"):
    """Median time of one request: the uncached server's (after one untimed); the cached
    server's hits."""
    rows = [r for r in prop_lat.get((stage, route, server), []) if r["request"] != "warmup"]
    if server == "cached":
        rows = [r for r in rows if r["cache"] == "hit"]
    return median([r["ms"] for r in rows])


def prop_miss(stage, route):
    """The cached server's first request (a miss: rendered and kept)."""
    rows = [r for r in prop_lat.get((stage, route, "cached"), []) if r["request"] == "1"]
    return rows[0] if rows else None


def prop_bytes(stage, route):
    f = OUT / f"prop-{stage}-{route}.body"
    return f.stat().st_size if f.exists() else None


def prop_wrk(stage, route, server):
    return wrk(f"prop-{stage}-{route}-{server}")


def fmt_ms(v):
    if v is None:
        return "n/a"
    return f"{v:,.0f} ms" if v >= 100 else f"{v:.1f} ms"


def fmt_rps(r):
    return f"{r['rps']:,.1f} req/s" if r and r["rps"] is not None and r["rps"] < 100 else (
        f"{r['rps']:,.0f} req/s" if r and r["rps"] is not None else "n/a"
    )


# Lab web vitals (e2e/bench/vitals.spec.ts).
vitals = load_json("vitals.json")
vitals_rc = (read("vitals.rc") or "").strip()
MAIN_PROFILE = "cpu4x-slow4g"


def vpage(profile, path_, js):
    for x in (vitals or {}).get("pages", []):
        if x["profile"] == profile and x["path"] == path_ and x["js"] == js:
            return x
    return None


def vint(profile, name):
    for x in (vitals or {}).get("interactions", []):
        if x["profile"] == profile and x["name"] == name:
            return x
    return None


def profile_label(name):
    for x in (vitals or {}).get("profiles", []):
        if x["name"] == name:
            return x["label"]
    return name


vt = (vitals or {}).get("targets", VITALS_TARGETS)
vitals_pages = sorted({x["path"] for x in (vitals or {}).get("pages", [])},
                      key=lambda p_: [x["path"] for x in vitals["pages"]].index(p_))
vitals_profiles = [x["name"] for x in (vitals or {}).get("profiles", [])]

w("## Summary: each figure next to its target")
w("")
w("| benchmark | redline | baseline (same run) | ratio | target | status |")
w("|---|---|---|---|---|---|")
w(
    f"| clause word diff ({edition.get('clause_old_words', '?')} → "
    f"{edition.get('clause_new_words', '?')} words) | {fmt_time(clause_ns)} | "
    f"git word-diff {fmt_time(git_clause)} | "
    f"{clause_ratio:.0f}× faster | ≥ {CLAUSE_VS_GIT}× | "
    f"{status(clause_ratio and clause_ratio >= CLAUSE_VS_GIT)} |"
    if clause_ratio
    else f"| clause word diff | n/a | n/a | n/a | ≥ {CLAUSE_VS_GIT}× | not measured |"
)
if clause300_ratio:
    w(
        f"| clause word diff, 300-word clause with 6 edits | {fmt_time(clause300_ns)} | "
        f"git word-diff {fmt_time(git_clause300)} | {clause300_ratio:.0f}× faster | "
        f"≥ {CLAUSE_VS_GIT}× | {status(clause300_ratio >= CLAUSE_VS_GIT)} |"
    )
w(
    f"| whole-edition compare 2023 → 2024 (parse + match + word diff) | {fmt_time(edition_ns)} | "
    f"git word-diff {fmt_time(git_edition)} | {edition_ratio:.1f}× | ≥ {EDITION_VS_GIT}× | "
    f"{status(edition_ratio >= EDITION_VS_GIT)} |"
    if edition_ratio
    else f"| whole-edition compare | n/a | n/a | n/a | ≥ {EDITION_VS_GIT}× | not measured |"
)
if edition_md_ratio:
    w(
        f"| … the same from parsed editions (match + word diff) | {fmt_time(edition_md_ns)} | "
        f"git word-diff {fmt_time(git_edition)} | {edition_md_ratio:.1f}× | (≥ {EDITION_VS_GIT}×) | "
        f"{status(edition_md_ratio >= EDITION_VS_GIT)} |"
    )
if edition_do_ratio:
    w(
        f"| … word diffs only, clause identities known (the app's per-request work) | "
        f"{fmt_time(edition_do_ns)} | git word-diff {fmt_time(git_edition)} | "
        f"{edition_do_ratio:.0f}× faster | (≥ {EDITION_VS_GIT}×) | "
        f"{status(edition_do_ratio >= EDITION_VS_GIT)} |"
    )
imported = load_json("import.json") or {}
import_ns = ns("import/pdf_extract_detect_match")
extract_ns = ns("import/extract_only")
if import_ns:
    exact = imported.get("exact") is True and imported.get("uncertain") == 0
    w(
        f"| import of a {imported.get('pages', '?')}-page Rule Book PDF (extract + detect + "
        f"match; {imported.get('rules', '?')} rules, exact: {'yes' if exact else 'NO'}) | "
        f"{fmt_time(import_ns)} | pdftotext's extraction alone {fmt_time(extract_ns)} | "
        f"{import_ns / extract_ns:.1f}× the extraction | ≤ {IMPORT_PDF_NS / 1e9:g} s on one core | "
        f"{status(import_ns <= IMPORT_PDF_NS and exact)} |"
        if extract_ns
        else f"| import of a Rule Book PDF | {fmt_time(import_ns)} | n/a | n/a | "
        f"≤ {IMPORT_PDF_NS / 1e9:g} s | {status(import_ns <= IMPORT_PDF_NS and exact)} |"
    )
w(
    f"| adversarial diff inputs ({len(adversarial)}) | slowest {fmt_time(adv_max_ns)} | — | — | "
    "bounded time; small edits stay small | "
    f"{status(adv_ok if adversarial else None)} |"
)
if tp_ratio:
    w(
        f"| reading throughput, uncached SSR of `{machine.get('page', '?')}` (`--page-cache-secs 0`) | "
        f"{ssr['rps']:,.0f} req/s | nginx {ngx['rps']:,.0f} req/s | {fmt_ratio(tp_ratio)}× | "
        f"≥ {UNCACHED_VS_NGINX}× | {status(tp_ratio >= UNCACHED_VS_NGINX)} |"
    )
else:
    w(f"| reading throughput, uncached SSR | n/a | n/a | n/a | ≥ {UNCACHED_VS_NGINX}× | not measured |")
if cached_ratio:
    w(
        f"| reading throughput, the same page from the page cache (default server) | "
        f"{cached['rps']:,.0f} req/s | nginx {ngx['rps']:,.0f} req/s | {fmt_ratio(cached_ratio)}× | "
        f"≥ {CACHED_VS_NGINX}× | "
        + (status(cached_ratio >= CACHED_VS_NGINX) if cache_ok else "**not a cache hit** (see below)")
        + " |"
    )
else:
    w(f"| reading throughput, from the page cache | n/a | n/a | n/a | ≥ {CACHED_VS_NGINX}× | not measured |")
w(
    f"| no Nagle/delayed-ACK stall (4 routes, curl) | worst {worst_ms:.1f} ms | — | — | "
    f"every request < {STALL_MS:.0f} ms | {status(nagle_ok)} |"
    if worst_ms is not None
    else f"| no Nagle stall | n/a | — | — | < {STALL_MS:.0f} ms | not measured |"
)
if total_br is not None:
    w(
        f"| page weight, first load of a reader page (brotli) | {total_br / KB:.1f} KB | "
        f"budget {BUDGET_BYTES / KB:.0f} KB | {total_br / BUDGET_BYTES:.2f}× the budget | "
        f"≤ {BUDGET_BYTES / KB:.0f} KB | {status(weight_ok)} |"
    )
c200 = prop_counts.get("clause200", {})
for stage, route, label, base_stage, base_label in [
    ("clause200", "clause",
     f"clause page `/rules/2024/6.I.1.C` with {c200.get('clause_proposals', '?')} proposed rule "
     f"changes ({c200.get('compared', '?'):,} pairs compared)" if c200.get("compared") is not None
     else "clause page with 200 proposed rule changes",
     "demo", "the same page on the demo data"),
    ("pack100", "pack",
     f"reading pack page `/conference/2027/reading-pack`, "
     f"{prop_counts.get('pack100', {}).get('reading_pack', '?')} rule changes",
     "demo", f"the demo's {prop_counts.get('demo', {}).get('reading_pack', '?')}"),
    ("pack100", "json",
     f"reading pack JSON `/api/reading_pack?year=2027`, "
     f"{prop_counts.get('pack100', {}).get('reading_pack', '?')} rule changes",
     "demo", f"the demo's {prop_counts.get('demo', {}).get('reading_pack', '?')}"),
]:
    one, base_one = prop_one(stage, route), prop_one(base_stage, route)
    un, base_un = prop_wrk(stage, route, "uncached"), prop_wrk(base_stage, route, "uncached")
    ng = prop_wrk(stage, route, "nginx")
    if one is None:
        w(f"| {label} | n/a | n/a | n/a | no numeric target | not measured |")
        continue
    size = prop_bytes(stage, route)
    w(
        f"| {label}, uncached | one request {fmt_ms(one)}; {fmt_rps(un)}; "
        f"{(size or 0) / KB:,.0f} KB | {base_label}: {fmt_ms(base_one)}, {fmt_rps(base_un)}; "
        f"nginx, same bytes: {fmt_rps(ng)} | "
        + (f"{one / base_one:,.1f}× the time of {base_label.replace('the same page on ', '')}; "
           if base_one else "")
        + (f"{fmt_ratio(un['rps'] / ng['rps'])}× nginx" if un and ng and un["rps"] and ng["rps"] else "")
        + " | none given (issue): reported | measured |"
    )
    if route != "json":
        ca = prop_wrk(stage, route, "cached")
        w(
            f"| … from the page cache | {fmt_rps(ca)} (hit: {fmt_ms(prop_one(stage, route, 'cached'))}) | "
            f"nginx, same bytes: {fmt_rps(ng)} | "
            + (f"{fmt_ratio(ca['rps'] / ng['rps'])}× nginx" if ca and ng and ca["rps"] and ng["rps"] else "n/a")
            + " | none given | measured |"
        )
if vitals:
    main = MAIN_PROFILE if MAIN_PROFILE in vitals_profiles else (vitals_profiles or ["?"])[0]
    short = "CPU 4×, Slow 4G" if main == "cpu4x-slow4g" else main
    for path_ in vitals_pages:
        on, off = vpage(main, path_, True), vpage(main, path_, False)
        lcp, lcp_off = on["median"]["lcp"] if on else None, off["median"]["lcp"] if off else None
        w(
            f"| LCP of `{path_}` (Chromium, {short}; median of {vitals['runs']}) | {fmt_ms(lcp)} | "
            f"without JavaScript: {fmt_ms(lcp_off)} | "
            + (f"{lcp / lcp_off:.2f}×" if lcp and lcp_off else "—")
            + f" | ≤ {vt['lcp_ms'] / 1000:.1f} s | "
            + (status(lcp <= vt["lcp_ms"]) if lcp is not None else "not measured")
            + " |"
        )
    cls_rows = [(p_, vpage(main, p_, True), vpage(main, p_, False)) for p_ in vitals_pages]
    cls_rows = [(p_, on, off) for p_, on, off in cls_rows if on]
    if cls_rows:
        worst = max(cls_rows, key=lambda r: r[1]["median"]["cls"])
        w(
            f"| CLS, worst of the pages above (`{worst[0]}`) | {worst[1]['median']['cls']:.3f} | "
            f"without JavaScript: {worst[2]['median']['cls'] if worst[2] else float('nan'):.3f} | — | "
            f"≤ {vt['cls']} | {status(worst[1]['median']['cls'] <= vt['cls'])} |"
        )
    # One row per interaction: its figure in each network profile; met only if all are.
    for it_name in dict.fromkeys(x["name"] for x in vitals.get("interactions", [])):
        its = [vint(prof, it_name) for prof in vitals_profiles if vint(prof, it_name)]
        figures = "; ".join(
            ("Slow 4G " if it["profile"] == "cpu4x-slow4g" else
             "network not throttled " if it["profile"] == "cpu4x" else f"{it['profile']} ")
            + fmt_ms(it["median"]["click_to_visible"])
            for it in its
        )
        w(
            f"| showing a diff: {its[0]['label']}, click → diff on screen (CPU 4×) | {figures} | "
            f"— | — | ≤ {vt['interaction_ms']} ms | "
            f"{status(all(it['median']['click_to_visible'] <= vt['interaction_ms'] for it in its))} |"
        )
    ev = [(x["median"]["event_duration"], x) for x in vitals.get("interactions", [])]
    if ev:
        worst_ev, wx = max(ev, key=lambda e: e[0] or 0)
        w(
            "| … the click's longest Event Timing entry (INP-style), worst of those | "
            + (f"{worst_ev:.0f} ms" if worst_ev and worst_ev >= 16 else "< 16 ms")
            + f" ({wx['name']}, {wx['profile']}) | — | — | ≤ {vt['interaction_ms']} ms | "
            f"{status((worst_ev or 0) <= vt['interaction_ms'])} |"
        )
elif vitals_rc:
    w(f"| lab web vitals | failed (exit {vitals_rc}; see `target/bench/vitals.log`) | — | — | "
      f"LCP ≤ {vt['lcp_ms'] / 1000:.1f} s, CLS ≤ {vt['cls']}, interaction ≤ {vt['interaction_ms']} ms | **FAILED** |")
else:
    w("| lab web vitals | not run | — | — | "
      f"LCP ≤ {vt['lcp_ms'] / 1000:.1f} s, CLS ≤ {vt['cls']}, interaction ≤ {vt['interaction_ms']} ms | not measured |")
if fuzz_rows:
    w(
        f"| fuzzing (wording parser, citation parser, importer) | {fuzz_total:,} executions | — | — | "
        f"no panic, a clear error | {status(not fuzz_failed)} |"
    )
else:
    w("| fuzzing | not run (BENCH_SKIP_FUZZ=1) | — | — | no panic | not measured |")
for bench_id, label in [
    ("generate clause (5 edits)", "wording: generate, clause-sized (5 edits)"),
    ("apply clause (5 instructions)", "wording: parse + apply, clause-sized (5 instructions)"),
]:
    v = ns(bench_id)
    w(
        f"| {label} | {fmt_time(v)} | 1 ms | {v / 1e6:.3f} of 1 ms | well under 1 ms | "
        f"{status(v < WELL_UNDER_NS)} |"
        if v
        else f"| {label} | n/a | | | well under 1 ms | not measured |"
    )
for bench_id, label, target_ms in MOTION_TARGETS:
    v = ns(bench_id)
    w(
        f"| {label} | {fmt_time(v)} | {target_ms:g} ms | {v / (target_ms * 1e6):.3f} of "
        f"{target_ms:g} ms | ≤ {target_ms:g} ms | {status(v <= target_ms * 1e6)} |"
        if v
        else f"| {label} | n/a | | | ≤ {target_ms:g} ms | not measured |"
    )
w("")
w("“Well under 1 ms” is checked as < 0.5 ms. KB = 1,024 bytes.")
w("")

# ---- gaps ---------------------------------------------------------------------------------------

gaps = []
if clause300_ratio and clause300_ratio < CLAUSE_VS_GIT:
    gaps.append(
        f"- **300-word clause diff** is {clause300_ratio:.1f}× git, short of {CLAUSE_VS_GIT}× by "
        f"{CLAUSE_VS_GIT / clause300_ratio:.1f}×."
    )
if clause_ratio and clause_ratio < CLAUSE_VS_GIT:
    gaps.append(
        f"- **Clause diff** is {clause_ratio:.1f}× git, short of {CLAUSE_VS_GIT}× by "
        f"{CLAUSE_VS_GIT / clause_ratio:.1f}×."
    )
if edition_ratio and edition_ratio < EDITION_VS_GIT:
    gaps.append(
        f"- **Edition compare** from the two files is {edition_ratio:.1f}× git, short of 3× by "
        f"{3 / edition_ratio:.1f}×. Clause matching dominates"
        + (
            f": the word diffs alone take {fmt_time(edition_do_ns)} "
            f"({edition_do_ratio:.0f}× git), matching the rest"
            if edition_do_ratio
            else ""
        )
        + ". The app itself compares from clause identities stored at import (the “word diffs "
        "only” row"
        + (", which meets the target" if edition_do_ratio and edition_do_ratio >= EDITION_VS_GIT else "")
        + "). `match_editions` already builds word profiles only for the nodes passes 1–3 leave "
        "unmatched and borrows every key and text (2026-11-25: 3.9 ms → 1.0 ms, results "
        "unchanged); what remains is parsing both files (about 270 µs, mostly allocation of "
        "labels and texts) and hashing every node's content in pass 1 with the standard SipHash "
        "(about 100 µs). A faster per-process-keyed hasher (e.g. `ahash`, which keeps the "
        "protection against crafted inputs) and parsing into borrowed slices of the file would "
        "close the remaining gap."
    )
if tp_ratio and tp_ratio < UNCACHED_VS_NGINX:
    gaps.append(
        f"- **Uncached SSR** (a server started with `--page-cache-secs 0`) is {fmt_ratio(tp_ratio)}× nginx "
        f"({ssr['rps']:,.0f} vs {ngx['rps']:,.0f} req/s, p50 {fmt_ms(ssr['p50'])} vs "
        f"{fmt_ms(ngx['p50'])}), short of {UNCACHED_VS_NGINX}× by {UNCACHED_VS_NGINX / tp_ratio:.1f}×"
        + (
            f"; {inline_script_bytes:,} of the page's {page_bytes_for_gap:,} bytes are inline "
            "scripts (the hydration data)"
            if inline_script_bytes and page_bytes_for_gap
            else ""
        )
        + ". This is what every signed-in reader pays, and an anonymous reader whose page is not "
        "in the cache (the first after a write, or after the 10 s the default server keeps a page). "
        "What would close it: keep each edition's placement tree and texts in memory (they never "
        "change after import; today every request reads the edition's ~470 placements and the "
        "chapter's versions from the database), and stop shipping the chapter again as hydration "
        "data (Leptos islands: reader text rendered on the server only), which halves the bytes "
        "to render and send."
    )
if cache_ok is False:
    gaps.append(
        "- **Cached throughput is not a cache measurement**: the default server did not answer "
        "`x-redline-cache: hit` on every check before a run ("
        + "; ".join(f"{c['when']}: {c['first']}, then {c['second']}" for c in cache_checks
                    if c["server"] == "cached")
        + ")."
    )
elif cached_ratio and cached_ratio < CACHED_VS_NGINX:
    gaps.append(
        f"- **Cached pages** are {fmt_ratio(cached_ratio)}× nginx ({cached['rps']:,.0f} vs "
        f"{ngx['rps']:,.0f} req/s, p50 {fmt_ms(cached['p50'])} vs {fmt_ms(ngx['p50'])}, p99 "
        f"{fmt_ms(cached['p99'])} vs {fmt_ms(ngx['p99'])}), short of {CACHED_VS_NGINX}× by "
        f"{CACHED_VS_NGINX / cached_ratio:.1f}×."
    )
if vitals:
    for path_ in vitals_pages:
        on, off = vpage(main, path_, True), vpage(main, path_, False)
        if on and on["median"]["lcp"] is not None and on["median"]["lcp"] > vt["lcp_ms"]:
            m_ = on["median"]
            gaps.append(
                f"- **LCP of `{path_}`** is {m_['lcp'] / 1000:.2f} s ({profile_label(main)}) "
                f"against {vt['lcp_ms'] / 1000:.1f} s"
                + (f"; without JavaScript {off['median']['lcp'] / 1000:.2f} s" if off and
                   off["median"]["lcp"] else "")
                + (f"; first contentful paint {m_['fcp'] / 1000:.2f} s" if m_["fcp"] else "")
                + (f", the HTML loaded at {fmt_ms(m_['html_loaded'])}" if m_.get("html_loaded") else "")
                + (f", hydrated at {m_['hydrated'] / 1000:.2f} s" if m_["hydrated"] else "")
                + f"; the LCP element: {on['runs'][0]['lcp_element']}."
            )
        if on and on["median"]["cls"] > vt["cls"]:
            src = on["runs"][0]["shift_sources"]
            gaps.append(
                f"- **CLS of `{path_}`** is {on['median']['cls']:.3f} against {vt['cls']}"
                + (f" (without JavaScript {off['median']['cls']:.3f})" if off else "")
                + (f"; largest shifts in the first run: {', '.join(src)}" if src else "")
                + "."
            )
    for it_name in dict.fromkeys(x["name"] for x in vitals.get("interactions", [])):
        its = [vint(prof, it_name) for prof in vitals_profiles if vint(prof, it_name)]
        slow = [it for it in its if it["median"]["click_to_visible"] > vt["interaction_ms"]]
        if slow:
            gaps.append(
                f"- **Showing a diff** ({its[0]['label']}) takes "
                + " and ".join(
                    f"{fmt_ms(it['median']['click_to_visible'])} ({it['profile']}; the click's "
                    "longest Event Timing entry "
                    + (f"{it['median']['event_duration']:.0f} ms"
                       if it["median"]["event_duration"] >= 16 else "< 16 ms")
                    + ")"
                    for it in slow
                )
                + f" from the click to the diff on screen, against {vt['interaction_ms']} ms. "
                "The rest of the time comes after the click's first paint: the server function's "
                "answer and the render of the diff."
            )
if total_br is not None and not weight_ok:
    wasm = next((x for x in weight if x["part"] == "wasm"), None)
    share = f"{wasm['br'] / total_br:.0%}" if wasm else "most"
    gaps.append(
        f"- **Page weight** is {total_br / KB:.0f} KB against {BUDGET_BYTES / KB:.0f} KB, over by "
        f"{(total_br - BUDGET_BYTES) / KB:.0f} KB ({total_br / BUDGET_BYTES:.1f}× the budget); "
        f"the wasm bundle is {share} of it. The release wasm is already built with opt-level "
        "\"z\", LTO, one codegen unit, panic=abort and wasm-opt -Oz. What would close the gap: "
        "Leptos islands (reader pages are static text; hydrate only the interactive parts such "
        "as the citation box and the diff toggle), or lazy routes / `#[lazy]` split so that the "
        "wording engine, `similar` and the compare view load only where used; then measure "
        "which crates dominate (`twiggy top`) and drop heavy ones from the hydrate build. "
        + (
            # Only while the server sends noticeably more than brotli -q 11 would.
            "Separately, the server sends the wasm compressed at a low level "
            f"({wasm['served'] / KB:.0f} KB served vs {wasm['br'] / KB:.0f} KB at "
            "-q 11): precompressing the bundle at build time and serving it with "
            "`ServeDir::precompressed_br()` saves both bytes and CPU."
            if wasm and wasm["served"] > wasm["br"] * 1.05
            else ""
        )
    )
w("## Targets missed or pending, and what would close the gap")
w("")
lines.extend([g.rstrip() for g in gaps] or ["None: every figure measured meets its target."])
w("")

# ---- details ------------------------------------------------------------------------------------

w("## Word diff and edition compare")
w("")
w(
    "redline: criterion, mean time per call (`app/benches/diff.rs`). git: "
    "`git diff --no-index --word-diff=plain` on the same files, mean wall time per process "
    "(hyperfine), which includes process start-up: that start-up is the price a user of git "
    "pays too."
)
w("")
w("| case | redline | git | ratio |")
w("|---|---|---|---|")
w(f"| clause: the largest changed clause ≤ 300 words in the demo editions | {fmt_time(clause_ns)} | {fmt_time(git_clause)} | "
  + (f"{clause_ratio:.0f}× |" if clause_ratio else "n/a |"))
w(f"| clause, 300 words, 6 edits (generated) | {fmt_time(clause300_ns)} | {fmt_time(git_clause300)} | "
  + (f"{clause300_ratio:.0f}× |" if clause300_ratio else "n/a |"))
w(f"| edition, from the files | {fmt_time(edition_ns)} | {fmt_time(git_edition)} | "
  + (f"{edition_ratio:.1f}× |" if edition_ratio else "n/a |"))
w(f"| edition, word diffs only (identities known) | {fmt_time(edition_do_ns)} | {fmt_time(git_edition)} | "
  + (f"{edition_do_ratio:.0f}× |" if edition_do_ratio else "n/a |"))
w(f"| edition, from parsed editions | {fmt_time(edition_md_ns)} | {fmt_time(git_edition)} | "
  + (f"{edition_md_ratio:.1f}× |" if edition_md_ratio else "n/a |"))
w("")
if edition:
    w(
        f"The demo editions (`server/demo/rulebook-2023.md` → `-2024.md`, {edition['old_words']:,} → "
        f"{edition['new_words']:,} words, {edition['old_nodes']} → {edition['new_nodes']} nodes): "
        f"{edition['changed']} nodes with changed text, {edition['added']} added, "
        f"{edition['removed']} removed, {edition['renumbered_only']} only renumbered; "
        f"{edition['diff_spans']} diff spans in all. Two levels, as the app does: nodes are "
        "matched first (identity survives renumbering), then words are diffed only inside the "
        "nodes whose text changed."
    )
    w("")

w("## Adversarial diff inputs")
w("")
w(
    "Timed with criterion (10 samples); checked once, untimed, by the bench itself: the spans "
    "must rebuild both texts exactly, and where the input is a small edit, the words marked "
    "changed must stay within the bound (no “delete everything, insert everything”)."
)
w("")
w("| input | words (old / new) | mean time | words marked changed | bound | both texts rebuilt | result |")
w("|---|---|---|---|---|---|---|")
for c in adversarial:
    bound = c["bound"]
    w(
        f"| `{c['name']}` | {c['old_words']:,} / {c['new_words']:,} | "
        f"{fmt_time(ns('adversarial/' + c['name']))} | {c['changed_words']:,} "
        f"({c['changed_share']:.1%}) | {bound if bound is not None else 'none (no small edit)'} | "
        f"{'yes' if c['rebuilds_both_texts'] else 'NO'} | "
        f"{'ok' if c['rebuilds_both_texts'] and c['small_edit_kept_small'] else '**FAILED**'} |"
    )
w("")
w(
    "Inputs: `full_rewrite_5k`: a 5,000-word text replaced by one in other words; `unrelated_50k`: "
    "two unrelated 50,000-word texts over one vocabulary; `repeated_phrase_15k`: “the Party "
    "shall” × 5,000 with three words changed far apart and one phrase inserted; "
    "`clause_100k_small_edit`: one 100,000-word clause with a word replaced near the start, one "
    "deleted in the middle, one replaced near the end; `clause_100k_no_sentences`: the same "
    "without any sentence breaks."
)
w("")

w("## Reading throughput")
w("")
page_bytes = next((x["raw"] for x in weight if x["part"] == "html"), None)
page_words = None
if (OUT / "page.html").exists():
    html = (OUT / "page.html").read_text(encoding="utf-8", errors="replace")
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    page_words = len(re.sub(r"<[^>]+>", " ", body).split())
uncached_page = OUT / "page-uncached.html"
http_env = part_env["http"]
w(
    f"`GET {machine.get('page', '?')}` (Chapter 2 of the 2024 demo edition: "
    f"{page_bytes or 0:,} bytes of HTML"
    + (f" from the default server, {uncached_page.stat().st_size:,} from the uncached one"
       if uncached_page.exists() else "")
    + f", about {page_words or 0:,} words), uncompressed, wrk with 1 thread and "
    f"{http_env.get('wrk_connections', machine.get('wrk_connections', '?'))} connections for "
    f"{http_env.get('wrk_seconds', machine.get('wrk_seconds', '?'))} s, two rounds each (the "
    "better round counts). Three servers, each pinned to the same core and run in turn: "
    "redline started with `--page-cache-secs 0` (every request rendered); redline with its "
    "default settings, whose page cache keeps a rendered reader page for anonymous readers "
    "(10 s by default); nginx, 1 worker, `access_log off`, sendfile, serving the page as the "
    "default server sent it. Before each run of the default server, one request fills its "
    "cache and the next must answer `x-redline-cache: hit`."
)
w("")
w("| server | round | req/s | × nginx (same round) | p50 | p99 | errors / non-2xx |")
w("|---|---|---|---|---|---|---|")
for label, kind in [
    ("redline, uncached SSR (`--page-cache-secs 0`)", "ssr"),
    ("redline, default server (page cache)", "cached"),
    ("nginx, same bytes", "nginx"),
]:
    for i in (1, 2):
        r, n = wrk(f"{kind}-{i}"), wrk(f"nginx-{i}")
        if not r or not r["rps"]:
            continue
        w(
            f"| {label} | {i} | {r['rps']:,.0f} | "
            + (f"{fmt_ratio(r['rps'] / n['rps'])}× | " if n and n["rps"] and kind != "nginx" else "— | ")
            + f"{r['p50'] if r['p50'] is not None else 0:.2f} ms | "
            f"{r['p99'] if r['p99'] is not None else 0:.2f} ms | {r['errors']} / {r['non2xx']} |"
        )
w("")
if cache_checks:
    w(
        "`x-redline-cache` on two requests in a row before each run: "
        + "; ".join(f"{c['server']} server, {c['when']}: {c['first']} → {c['second']}"
                    for c in cache_checks)
        + "."
        + ("" if uncached_never_hit else " **The uncached server answered from a cache.**")
    )
    w("")

w("## Latency per route (Nagle / delayed-ACK check)")
w("")
w(
    "Sequential `curl -w %{time_total}`: three requests on new connections, then five on one "
    f"kept-alive connection. A stall shows as ~40 ms; every request must stay under {STALL_MS:.0f} ms."
)
w("")
w("| route | status | bytes | new connection (ms) | kept-alive (ms) |")
w("|---|---|---|---|---|")
for route, rows in latency.items():
    new = ", ".join(f"{t:.1f}" for m, t, _, _ in rows if m == "new")
    keep = ", ".join(f"{t:.1f}" for m, t, _, _ in rows if m == "keep-alive")
    w(f"| `{route}` | {rows[0][2]} | {rows[0][3]:,} | {new} | {keep} |")
w("")

w("## Page weight")
w("")
w(
    "First load of `" + machine.get("page", "?") + "`: the HTML and every CSS, JS and wasm file it "
    "loads. `brotli -q 11` is what a build step would precompress to; “served” is what the "
    "server sends for `Accept-Encoding: br`."
)
w("")
w("| part | url | raw | brotli -q 11 | served (br) |")
w("|---|---|---|---|---|")
for x in weight:
    w(
        f"| {x['part']} | `{x['url']}` | {x['raw'] / KB:.1f} KB | {x['br'] / KB:.1f} KB | "
        f"{x['served'] / KB:.1f} KB ({x['enc']}) |"
    )
if weight:
    w(
        f"| **total** | | {sum(x['raw'] for x in weight) / KB:.1f} KB | **{total_br / KB:.1f} KB** | "
        f"{sum(x['served'] for x in weight) / KB:.1f} KB |"
    )
w("")

w("## Lab web vitals (Chromium, CPU throttled)")
w("")
if vitals:
    w(
        f"`e2e/bench/vitals.spec.ts` (`cd e2e && npx playwright test -c bench/vitals.config.ts`, "
        "run by `make bench` against the default server with the demo data): Chromium "
        f"{vitals.get('chromium', '?')} headless, viewport {vitals.get('viewport', '?')}, on CPU "
        f"{machine.get('client_cpu', '?')} (the server on CPU {machine.get('server_cpu', '?')}); "
        f"the CPU slowed {vitals['cpu_throttling_rate']}× through the DevTools protocol "
        "(`Emulation.setCPUThrottlingRate`), and two network profiles through "
        "`Network.emulateNetworkConditions`: "
        + "; ".join(f"**{x['name']}**: {x['label']}" for x in vitals["profiles"])
        + f". Each figure is the median of {vitals['runs']} loads, each in a fresh browser "
        "context (empty cache). LCP and CLS come from `PerformanceObserver` (`buffered: true`) "
        "once the page has hydrated (`body[data-hydrated]`; without JavaScript: once loaded) and "
        f"{vitals.get('settle_ms', 1000)} ms more have passed; CLS is the largest session window "
        "of `layout-shift` entries without recent input (gaps < 1 s, windows ≤ 5 s, as "
        "web-vitals counts it). The baseline is the same page with JavaScript disabled, in the "
        "same profile. Targets: web.dev's “good” thresholds "
        f"(LCP ≤ {vt['lcp_ms'] / 1000:.1f} s, CLS ≤ {vt['cls']}, interaction ≤ {vt['interaction_ms']} ms)."
    )
    w("")
    w("| profile | page | JavaScript | LCP | CLS | FCP | HTML loaded | hydrated | LCP element (first run) |")
    w("|---|---|---|---|---|---|---|---|---|")
    for x in vitals["pages"]:
        m_ = x["median"]
        w(
            f"| {x['profile']} | `{x['path']}` | {'on' if x['js'] else 'off'} | {fmt_ms(m_['lcp'])} | "
            f"{m_['cls']:.3f} | {fmt_ms(m_['fcp'])} | {fmt_ms(m_.get('html_loaded'))} | "
            f"{fmt_ms(m_['hydrated']) if x['js'] else '—'} | {x['runs'][0]['lcp_element'] or '—'} |"
        )
    w("")
    w(
        "Showing a diff: a click on a link that navigates in the page (no reload) to a view "
        "that fetches the diff from a server function and renders it. Timed in the page from "
        "the click's `pointerdown` to the first frame painted with the diff element on screen "
        "(polled every animation frame; then a task queued in that frame, which runs once it "
        "is painted). “Event” is the click's longest Event Timing entry (`event` entries, "
        "`durationThreshold: 16`, with an `interactionId`): what INP would count, input to the "
        "next paint, without the server function's answer. Each run loads the page, waits for "
        "hydration and clicks once."
    )
    w("")
    w("| profile | interaction | page | click → diff on screen | event (INP-style) | input delay | runs (click → diff) |")
    w("|---|---|---|---|---|---|---|")
    for x in vitals["interactions"]:
        m_ = x["median"]
        w(
            f"| {x['profile']} | {x['label']} | `{x['page']}` | {fmt_ms(m_['click_to_visible'])} | "
            + (f"{m_['event_duration']:.0f} ms" if m_["event_duration"] >= 16 else "< 16 ms")
            + f" | {fmt_ms(m_['first_input_delay'])} | "
            + ", ".join(f"{r['click_to_visible']:.0f}" for r in x["runs"])
            + " ms |"
        )
    w("")
    if vitals_rc not in ("", "0"):
        w(f"**Warning:** the vitals run exited with status {vitals_rc} (`target/bench/vitals.log`); "
          "the figures above are what it wrote before that.")
        w("")
elif vitals_rc:
    w(f"The vitals run failed (exit {vitals_rc}) before writing results; see `target/bench/vitals.log`.")
    w("")
else:
    w("Not run (BENCH_ONLY without `vitals`).")
    w("")

w("## A clause page with 200 proposed rule changes, and the reading pack for 100")
w("")
if prop_counts:
    prop_env = part_env["proposals"]
    seeded = sum(x.get("created", 0) for x in prop_seed)
    seed_s = sum(x.get("seconds", 0) for x in prop_seed)
    seed_req = sum(x.get("requests", 0) for x in prop_seed)
    w(
        "Two release servers over one fresh SQLite database with the demo data: one with default "
        "settings (page cache on) and one started with `--page-cache-secs 0`. "
        "`scripts/seed_proposals.py` signs in as the demo member and, through the same server "
        "functions as the browser (`create_draft`, `draft_clause`, `save_draft_edit`, "
        "`update_draft_details` with Riverside CLP as proposer, `record_step` submit), creates "
        "submitted rule changes for Annual Conference 2027: first one each on other clauses, "
        "spread over every chapter, until the 2027 reading pack lists 100; then 200 on "
        "`6.I.1.C` (“… review it within six months and at least once in every six months "
        "thereafter …”), in six families of edits: the same words replaced differently within "
        "a family (these conflict), different words across families (these can both be "
        "carried), some identical. "
        f"Seeding made {seeded} rule changes in {seed_s:.0f} s ({seed_req:,} requests). "
        "Every stage is measured against the same page at the demo stage (the demo's 3 rule "
        "changes, one of them on this clause) and against nginx serving the same bytes. “One "
        "request”: the median of five sequential requests on new connections (curl), from the "
        "uncached server (after one untimed), and from the default server once its cache holds "
        "the page (the first request, which fills it, is in the “cache miss” column). With one "
        "request at a time these are the time to render; wrk's latencies under 32 connections "
        "are mostly queueing behind other requests. wrk: 1 thread, "
        f"{prop_env.get('wrk_connections', '?')} connections, {prop_env.get('wrk_seconds', '?')} s, "
        "timeout 60 s, after a 1 s warm-up; the script waits for the server to go idle after "
        "each run. Pages are uncompressed HTML (or JSON)."
    )
    w("")
    w("| stage | rule changes on 6.I.1.C | pairs compared | of which conflict | pairs listed | reading pack 2027 |")
    w("|---|---|---|---|---|---|")
    for stage, label in PROP_STAGES:
        c = prop_counts.get(stage)
        if c:
            w(
                f"| {label} | {c['clause_proposals']} | {c['compared'] or 0:,} | "
                f"{c['conflicts'] or 0:,} | {c['pairs_shown']} | {c['reading_pack']} |"
            )
    w("")
    w("| stage | page | bytes | one request, uncached | cache miss / hit | wrk uncached: req/s, p50, p99 | wrk cached: req/s, p50, p99 | nginx: req/s, p50, p99 | errors |")
    w("|---|---|---|---|---|---|---|---|---|")

    def wcell(r):
        if not r or r["rps"] is None:
            return "—"
        return f"{fmt_rps(r)}, {fmt_ms(r['p50'])}, {fmt_ms(r['p99'])}"

    for stage, label in PROP_STAGES:
        for route, rlabel in PROP_ROUTES.items():
            if (stage, route, "uncached") not in prop_lat:
                continue
            un, ca, ng = (prop_wrk(stage, route, k) for k in ("uncached", "cached", "nginx"))
            miss = prop_miss(stage, route)
            errs = sum((r["errors"] + r["non2xx"]) for r in (un, ca, ng) if r)
            w(
                f"| {stage} | {rlabel} | {prop_bytes(stage, route) or 0:,} | "
                f"{fmt_ms(prop_one(stage, route))} | "
                + (f"{fmt_ms(miss['ms'])} ({miss['cache']}) / {fmt_ms(prop_one(stage, route, 'cached'))}"
                   if miss else "not cached (`/api`)")
                + f" | {wcell(un)} | {wcell(ca)} | {wcell(ng)} | {errs} |"
            )
    w("")
    d_one, c_one = prop_one("demo", "clause"), prop_one("clause200", "clause")
    if d_one and c_one:
        w(
            f"With 200 proposals, one uncached render of the clause page takes {fmt_ms(c_one)} "
            f"against {fmt_ms(d_one)} on the demo data ({c_one / d_one:,.1f}×), and the page "
            f"grows from {prop_bytes('demo', 'clause') or 0:,} to "
            f"{prop_bytes('clause200', 'clause') or 0:,} bytes; each render compares "
            f"{prop_counts.get('clause200', {}).get('compared') or 0:,} pairs (the `compared` "
            "count of `clause_proposals`) and lists "
            f"{prop_counts.get('clause200', {}).get('pairs_shown', '?')} of them."
        )
        w("")
else:
    w("Not run (BENCH_ONLY without `proposals`).")
    w("")

w("## Fuzzing at volume")
w("")
if fuzz_rows:
    w(
        f"`cargo test -p app --release --lib --test fuzz_volume -- --ignored` "
        f"(REDLINE_FUZZ_CASES={os.environ.get('REDLINE_FUZZ_CASES', '100000')}), "
        f"{read('fuzz.seconds', '?').strip()} s: "
        + ("all passed." if not fuzz_failed else f"**failed: {', '.join(fuzz_failed)}**")
    )
    w("")
    w("| property | executions |")
    w("|---|---|")
    for name, n in fuzz_rows:
        w(f"| {name} | {n:,} |" if n else f"| {name} | ? |")
    w(f"| **total** | **{fuzz_total:,}** |")
else:
    w("Not run in this run (BENCH_SKIP_FUZZ=1).")
w("")

w("## Wording engine")
w("")
w("Clause-sized text (about 1,000 characters), criterion mean (`app/benches/wording.rs`).")
w("")
w("| benchmark | mean |")
w("|---|---|")
for bench_id in [
    "generate clause (5 edits)",
    "apply clause (5 instructions)",
    "apply messy wording with problems",
    "word_diff clause",
]:
    w(f"| {bench_id} | {fmt_time(ns(bench_id))} |")
w("")

w("## Motions, the priorities ballot and composites")
w("")
w(
    "Criterion mean (`app/benches/motions.rs`; inputs from `server/demo/motions-2027.md`, "
    "described in `target/bench/motions.json`; the rules are in `docs/motions.md`)."
)
w("")
w("| benchmark | mean |")
w("|---|---|")
for bench_id in [
    "motions/keystroke_250",
    "motions/count_words_250",
    "ballot/count_650_clps_70_affiliates",
    "ballot/count_650_clps_70_affiliates_weighted",
    "provenance/composite_250_vs_20",
    "provenance/composite_250_vs_20_unrelated",
]:
    w(f"| {bench_id} | {fmt_time(ns(bench_id))} |")
w("")

conference_day = ROOT / "target" / "bench" / "conference-day.md"
if conference_day.exists():
    w(conference_day.read_text().rstrip())
    w("")
w("## Not measured yet (pending)")
w("")
if not conference_day.exists():
    w(
        "- Simulated conference day (1,200 delegates signing in, reading and pledging + 10,000 "
        "anonymous readers, SQLite and PostgreSQL): run `make conference-day` before `make bench` "
        "to include its report here; `make test` runs a short one (60 + 500) that fails on any error."
    )
w("- kill -9 in the middle of a stream of autosaves, and two writers on one draft: integration tests run by `make test` on SQLite and PostgreSQL (`server/tests/it/binary/faults.rs`: every acknowledged save survives; 80 racing saves, 0 lost updates); under conference-day load they are still to do.")
w("- Bad input (oversized bodies, deep JSON, invalid UTF-8, huge pastes) to every server function and the JSON API: covered by `server/tests/it/binary/bad_input.rs` in `make test` (4xx with a message, server stays up), not a benchmark.")
w("")
rc = (read("criterion.rc") or "0").strip()
if rc != "0":
    w(f"**Warning:** the criterion run exited with status {rc}; see `target/bench/criterion.log`.")
    w("")

print("\n".join(lines))
