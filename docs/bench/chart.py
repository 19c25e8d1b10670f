#!/usr/bin/python3
"""Draws docs/bench/start-to-ready.png from the figures recorded in docs/bench/start-to-ready.csv.

The figures are the medians that docs/bench/ready-vs-stock.sh printed (OUT=... writes the same CSV
lines): process start to readiness 200 with nothing pending, on PostgreSQL, for Spring Boot's own
migrate-on-startup, the starter (its readiness check reads the status) and Liquibase disabled. The
right-hand panel shows what reading the status costs as the ratio to the Liquibase-disabled start, which
a machine shared with other work disturbs less than the seconds themselves.

Needs matplotlib from Debian (apt-get install -y python3-matplotlib), hence /usr/bin/python3 rather
than whatever python3 comes first on the PATH. Usage: /usr/bin/python3 docs/bench/chart.py
"""
import csv
import pathlib
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

here = pathlib.Path(__file__).resolve().parent
rows = [row for row in csv.DictReader((here / "start-to-ready.csv").open()) if not row["changesets"].startswith("#")]
changesets = [int(row["changesets"]) for row in rows]
stock = [int(row["stock_ms"]) / 1000 for row in rows]
starter = [int(row["starter_ms"]) / 1000 for row in rows]
disabled = [int(row["disabled_ms"]) / 1000 for row in rows]

figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
for axis in (left, right):
    axis.set_xscale("log")
    axis.set_xticks(changesets, [f"{n:,}" for n in changesets])
    axis.set_xlabel("changesets in the changelog (all applied)")
    axis.grid(True, alpha=0.3)
left.plot(changesets, stock, "o-", label="Spring Boot's migrate on start-up")
left.plot(changesets, starter, "s-", label="starter (readiness reads the status)")
left.plot(changesets, disabled, "^--", label="Liquibase disabled")
left.set_ylabel("process start to readiness 200 (s)")
left.set_ylim(bottom=0)
left.set_title("Start to ready, PostgreSQL")
left.legend(fontsize=8)
right.plot(changesets, [s / d for s, d in zip(stock, disabled)], "o-", label="Spring Boot's update with nothing to do")
right.plot(changesets, [s / d for s, d in zip(starter, disabled)], "s-", label="starter's status read")
right.axhline(1, color="grey", linewidth=0.8)
right.set_ylabel("start to ready / Liquibase disabled")
right.set_ylim(bottom=0.9)
right.set_title("Cost of the status read (ratio of medians)")
right.legend(fontsize=8)
figure.suptitle("\n".join(textwrap.wrap(rows[0].get("recorded", ""), 140)), fontsize=8)
figure.tight_layout()
figure.savefig(here / "start-to-ready.png", dpi=100)
