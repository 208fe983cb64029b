#!/usr/bin/env python
"""Summarise a locust CSV run (``--csv PREFIX``): requests/s, p95 and errors.

    python bench/load_summary.py PREFIX

Prints one line per request name and the total, and writes bench/results/load-latest.json.
"""

from __future__ import annotations

import csv
import datetime
import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> int:
    prefix = sys.argv[1]
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.is_file():
        print(f"ERREUR : pas de statistiques locust ({stats_file}).", file=sys.stderr)
        return 2
    with stats_file.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    failures_file = Path(f"{prefix}_failures.csv")
    failures = []
    if failures_file.is_file():
        with failures_file.open(encoding="utf-8") as f:
            failures = list(csv.DictReader(f))

    def line(row: dict[str, str]) -> dict[str, object]:
        return {
            "name": row["Name"] if row["Type"] else "TOTAL",
            "method": row["Type"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]),
            "median_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "p99_ms": float(row["99%"] or 0),
        }

    lines = [line(row) for row in rows]
    header = (
        f"{'requête':<40} {'nb':>6} {'erreurs':>7} {'req/s':>7} {'méd. ms':>8} "
        f"{'p95 ms':>7} {'p99 ms':>7}"
    )
    print()
    print(header)
    print("-" * len(header))
    for item in lines:
        if item["name"] == "TOTAL":
            print("-" * len(header))
        print(
            f"{item['name'][:40]:<40} {item['requests']:>6} {item['failures']:>7} "
            f"{item['rps']:>7.1f} {item['median_ms']:>8.0f} {item['p95_ms']:>7.0f} "
            f"{item['p99_ms']:>7.0f}"
        )
    total = next((item for item in lines if item["name"] == "TOTAL"), None)
    if total:
        print(
            f"\nDébit : {total['rps']:.1f} requêtes/s · p95 : {total['p95_ms']:.0f} ms · "
            f"erreurs : {total['failures']} sur {total['requests']} requêtes"
        )
    for failure in failures:
        print(
            f"  erreur : {failure['Method']} {failure['Name']} "
            f"× {failure['Occurrences']} — {failure['Error']}"
        )

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "load-latest.json"
    out.write_text(
        json.dumps(
            {
                "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "requests": lines,
                "failures": failures,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"Résultats écrits dans bench/results/{out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
