#!/usr/bin/env python3
"""Markdown tables for one size from run.sh's JSON lines: ours vs each peer, with ratios.

usage: table.py OUT_DIR/N [ENGINES_RUN_NOW]   (engines not in the list are marked as reused)
"""
import json
import os
import sys

PEERS = ["virtuoso", "oxigraph", "jena"]


def read(path):
    rows = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line.startswith("{"):
                try:
                    rows.append(json.loads(line))
                except ValueError:
                    pass
    return rows


def fmt_ms(r):
    if r is None:
        return "-"
    if "error" in r:
        return "error"
    return "%.2f%s" % (r["median_ms"], "" if r["runs"] > 1 else "*")


def main():
    d = sys.argv[1]
    now = sys.argv[2].split(",") if len(sys.argv) > 2 else None
    n = os.path.basename(d.rstrip("/"))
    data = {e: read(os.path.join(d, e + ".jsonl")) for e in ["phd"] + PEERS}
    peers = [e for e in PEERS if data[e]]
    out = ["### N = %s instruments" % format(int(n), ",") if n.isdigit() else "### " + n, ""]
    if os.path.exists(os.path.join(d, "load-average.txt")):
        la = [l.strip() for l in open(os.path.join(d, "load-average.txt")) if l.strip()]
        out.append("Load average (uptime) before / after: " + " / ".join("`%s`" % l.split("load average:")[-1].strip() for l in la))
        out.append("")
    if now:
        reused = [e for e in ["phd"] + peers if e not in now]
        if reused:
            out.append("Reused from an earlier run (not measured in this run): " + ", ".join(reused))
            out.append("")
    out.append("| engine | triples | load s | triples/s | bytes/triple (live) | peak RSS MB | peak RSS bytes/triple |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for e in ["phd"] + peers:
        load = next((r for r in data[e] if "load_ms" in r), None)
        if not load:
            continue
        tail = [r for r in data[e] if r.get("peak_rss_kb")]
        peak = tail[-1]["peak_rss_kb"] / 1024 if tail else None
        secs = (load.get("total_ms") or load["load_ms"]) / 1000
        bpt = load.get("bytes_per_triple")
        if bpt is None and load.get("heap_used_mb"):   # jena: live heap after load (+GC)
            bpt = "%.0f (heap)" % (load["heap_used_mb"] * 1048576 / load["triples"])
        out.append("| %s | %s | %.1f | %s | %s | %s | %s |" % (
            e, format(load["triples"], ","), secs, format(int(load["triples_per_s"]), ","),
            bpt if bpt is not None else "-", "%.0f" % peak if peak else "-",
            "%.0f" % (peak * 1048576 / load["triples"]) if peak else "-"))
    out.append("")
    queries = sorted({r["query"] for e in data for r in data[e] if "query" in r})
    head = "| query | rows | phd ms | " + " | ".join("%s ms" % p for p in peers) + " | " + \
        " | ".join("phd/%s" % p[:4] for p in peers) + " |"
    out.append(head)
    out.append("|---|---:|---:|" + "---:|" * (2 * len(peers)))
    mism = []
    for q in queries:
        rec = {e: next((r for r in data[e] if r.get("query") == q), None) for e in ["phd"] + peers}
        counts = {e: r["count"] for e, r in rec.items() if r and "count" in r}
        rows = str(counts.get("phd", next(iter(counts.values()), "-")))
        if len(set(counts.values())) > 1:
            rows += " **MISMATCH**"
            mism.append("%s: %s" % (q, ", ".join("%s=%s" % kv for kv in counts.items())))
        ours = rec["phd"]
        cells = [fmt_ms(rec[p]) for p in peers]
        ratios = []
        for p in peers:
            if ours and "median_ms" in ours and rec[p] and "median_ms" in rec[p] and rec[p]["median_ms"] > 0:
                x = ours["median_ms"] / rec[p]["median_ms"]
                ratios.append("%.2f" % x)
            else:
                ratios.append("-")
        out.append("| %s | %s | %s | %s | %s |" % (q, rows, fmt_ms(ours), " | ".join(cells), " | ".join(ratios)))
    out.append("")
    out.append("Ratios < 1: ours faster. `*` = single run. Virtuoso times include HTTP + JSON over loopback (~1 ms).")
    if mism:
        out.append("")
        out.append("Row-count MISMATCHES: " + "; ".join(mism))
    else:
        out.append("All engines agree on every row count.")
    print("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
