"""`python -m bench [ack|overhead|fanout|stats] [--profile]`: run the benchmarks (all by default).

Prints the machine's facts, one compact table per benchmark, and a summary of every
figure with its target. Nothing is asserted; the exit status is 0 unless a benchmark
could not run at all.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bench import ack_latency, fanout, learning, orchestrator_overhead, preferences, stats
from bench.common import PROFILE, Figure, machine_facts, print_table


@dataclass(frozen=True)
class Benchmark:
    name: str
    run: Callable[[], Awaitable[list[Figure]]]
    timeout: float  # seconds; the benchmark is cancelled after this


async def _preference_figures() -> list[Figure]:
    """`bench.preferences` gives (name, value, unit, target) tuples; "≤ 5" is an upper bound."""
    return [
        Figure("preferences", name, value, unit, float(target.lstrip("≤ ")) if target else None)
        for name, value, unit, target in await preferences.run()
    ]


BENCHMARKS = {
    "ack": Benchmark("ack", ack_latency.run, timeout=150),
    "overhead": Benchmark("overhead", orchestrator_overhead.run, timeout=60),
    "fanout": Benchmark("fanout", fanout.run, timeout=40),
    "stats": Benchmark("stats", stats.run, timeout=300),
    "preferences": Benchmark("preferences", _preference_figures, timeout=60),
    "learning": Benchmark("learning", learning.run, timeout=300),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "benchmark", nargs="?", choices=sorted(BENCHMARKS), help="run only this one"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the measured part of the in-process benchmarks (overhead, fanout)",
    )
    args = parser.parse_args(argv)
    PROFILE["enabled"] = args.profile
    chosen = [BENCHMARKS[args.benchmark]] if args.benchmark else list(BENCHMARKS.values())
    print("Kaizen benchmarks")
    for key, value in machine_facts():
        print(f"  {key}: {value}")
    sys.stdout.flush()
    return asyncio.run(_run_all(chosen))


async def _run_all(chosen: list[Benchmark]) -> int:
    figures: list[Figure] = []
    durations: list[list[object]] = []
    broken = 0
    for benchmark in chosen:
        started = time.perf_counter()
        try:
            figures += await asyncio.wait_for(benchmark.run(), benchmark.timeout)
        except TimeoutError:
            broken += 1
            print(f"\n{benchmark.name}: stopped after {benchmark.timeout:.0f}s", file=sys.stderr)
        except Exception:
            broken += 1
            print(f"\n{benchmark.name}: could not run", file=sys.stderr)
            traceback.print_exc()
        durations.append([benchmark.name, f"{time.perf_counter() - started:.1f} s"])
    rows = [[f.benchmark, f.name, f.value_text, f.target_text, f.verdict] for f in figures]
    print_table("Summary", ["bench", "figure", "value", "target", "verdict"], rows)
    print_table("Time taken", ["bench", "wall"], durations)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
