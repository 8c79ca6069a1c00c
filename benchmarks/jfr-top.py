#!/usr/bin/env python3
"""Summarises the execution samples of a JFR recording (from `run.sh --prof=jfr`): where the CPU time goes.

    benchmarks/jfr-top.py path/to/profile.jfr [filter-regex]

Prints the hottest methods by self time (top frame) and by total time (anywhere on the stack), and the share of
samples that pass through each layer: the library's core, the JPA adapter, Hibernate, the JDBC driver.
Needs the `jfr` tool of the JDK on the PATH.
"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
keep = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "200", path],
                      capture_output=True, text=True, check=True).stdout

samples = []
for block in text.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w$.<>]+)\(", block, re.M)
    if frames:
        samples.append(frames)
if keep:
    samples = [s for s in samples if any(keep.search(f) for f in s)]
total = len(samples)
if total == 0:
    sys.exit("no execution samples")

self_time = collections.Counter(s[0] for s in samples)
incl = collections.Counter()
for s in samples:
    for f in set(s):
        incl[f] += 1

layers = [("library core (io.github.commscentre.internal)", "io.github.commscentre.internal."),
          ("JPA adapter (io.github.commscentre.jpa)", "io.github.commscentre.jpa."),
          ("Hibernate (org.hibernate)", "org.hibernate."),
          ("PostgreSQL driver (org.postgresql)", "org.postgresql."),
          ("H2 (org.h2)", "org.h2."),
          ("SHA-256 (sun.security.provider)", "sun.security.provider."),
          ("benchmark baselines (io.github.commscentre.benchmarks)", "io.github.commscentre.benchmarks.")]
print(f"{total} samples")
print("\nshare of samples passing through each layer:")
for name, prefix in layers:
    n = sum(1 for s in samples if any(f.startswith(prefix) for f in s))
    print(f"  {100.0 * n / total:5.1f}%  {name}")
print("\nself time (top frame):")
for f, n in self_time.most_common(25):
    print(f"  {100.0 * n / total:5.1f}%  {f}")
print("\ntotal time (on the stack), library and adapter methods:")
for f, n in incl.most_common():
    if f.startswith("io.github.commscentre."):
        print(f"  {100.0 * n / total:5.1f}%  {f}")
