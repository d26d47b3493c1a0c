"""Wall time and peak memory of leadercli commands, as ratios against baselines measured in the same run.

Each command runs in a fresh process, interleaved with its baseline, and the median of many runs is
kept, so the ratios hold on a busy machine even when the absolute times do not. Peak memory is the
child's maximum resident set size (os.wait4). Results go to stdout and, with --write, into
docs/performance.md between markers.

    python benchmarks/perf.py startup [--runs 30] [--write docs/performance.md]
    python benchmarks/perf.py scale [--entries 100000] [--write docs/performance.md]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LEADERCLI = [str(BIN / "leadercli")] if (BIN / "leadercli").exists() else [sys.executable, "-m", "leadercli"]
TRIVIAL = [sys.executable, str(ROOT / "benchmarks" / "trivial_app.py")]
QUESTION = "why did LeCun leave"


@dataclass(frozen=True)
class Timing:
    label: str
    median: float
    peak_mb: float


def run_once(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak resident MB of one run, which must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read() if process.stderr else b""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {stderr.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024


def measure(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, Timing]:
    """Interleave the commands run by run, so that load on the machine hits them all alike."""
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
    for command, env in commands.values():  # warm-up: bytecode, page cache, leadercli's own cache
        run_once(command, env)
    for _ in range(runs):
        for label, (command, env) in commands.items():
            samples[label].append(run_once(command, env))
    return {
        label: Timing(label, statistics.median(t for t, _ in values), max(m for _, m in values))
        for label, values in samples.items()
    }


def environment(cache_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if key not in {"PYTHONDONTWRITEBYTECODE", "NO_COLOR"}
    }
    env.update({"LEADERCLI_CACHE_DIR": str(cache_dir), "COLUMNS": "100", **extra})
    env.pop("LEADERCLI_PACK", None)
    return env


def startup(runs: int) -> tuple[list[str], list[str]]:
    cache_dir = Path(tempfile.mkdtemp(prefix="leadercli-perf-"))
    plain, colour = environment(cache_dir), environment(cache_dir, FORCE_COLOR="1")
    timings = measure(
        {
            "trivial Typer app: hello world": ([*TRIVIAL, "hello", "world"], plain),
            "trivial Typer app: --help": ([*TRIVIAL, "--help"], colour),
            "leadercli ask --json": ([*LEADERCLI, "ask", "--json", QUESTION], plain),
            "leadercli ask (Rich, FORCE_COLOR=1)": ([*LEADERCLI, "ask", QUESTION], colour),
            "leadercli --help": ([*LEADERCLI, "--help"], colour),
        },
        runs,
    )
    shutil.rmtree(cache_dir, ignore_errors=True)
    # Each command is compared with the trivial app doing the same kind of thing: running a command, or
    # printing its help (Rich-rendered in both).
    hello, helped = "trivial Typer app: hello world", "trivial Typer app: --help"
    budgets = {
        "leadercli ask --json": (hello, 1.4),
        "leadercli ask (Rich, FORCE_COLOR=1)": (hello, 2.0),
        "leadercli --help": (helped, 2.0),
    }
    rows = ["| command | median s | compared with | ratio | budget | peak MB |", "|---|---|---|---|---|---|"]
    for label, timing in timings.items():
        if label not in budgets:
            rows.append(f"| {label} | {timing.median:.3f} | | | | {timing.peak_mb:.0f} |")
            continue
        baseline, budget = budgets[label]
        ratio = timing.median / timings[baseline].median
        verdict = f"{budget}x {'ok' if ratio <= budget else 'OVER'}"
        cells = (label, f"{timing.median:.3f}", baseline, f"{ratio:.2f}x", verdict, f"{timing.peak_mb:.0f}")
        rows.append(f"| {' | '.join(cells)} |")
    command = f"python benchmarks/perf.py startup --runs {runs}"
    return rows, [command]


def scale(entries: int, runs: int) -> tuple[list[str], list[str]]:
    work = Path(tempfile.mkdtemp(prefix="leadercli-scale-"))
    pack_dir = work / "pack"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "gen_pack.py"), str(entries), str(pack_dir)], check=True
    )
    cache_dir = work / "cache"
    env = environment(cache_dir)
    parse = [
        sys.executable,
        "-c",
        "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)",
        str(pack_dir / "faq.yaml"),
    ]
    parse_time, parse_mb = run_once(parse, env)
    first_time, first_mb = run_once([*LEADERCLI, "ask", "--json", "--pack", str(pack_dir), "entry"], env)
    question = "what is the"  # replaced below by a real alternate of the pack
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import gen_pack

    sample = gen_pack.entries(min(entries, 50))
    question = str(sample[-1]["alternates"][0])
    words = " ".join(str(sample[-1]["question"]).split()[-2:]).rstrip("?")  # two topic words of one entry
    search = [*LEADERCLI, "search", "--json", "-n", "10"]
    timings = measure(
        {
            "shipped pack: ask --json": ([*LEADERCLI, "ask", "--json", QUESTION], env),
            f"{entries:,}-entry pack: ask --json": (
                [*LEADERCLI, "ask", "--json", "--pack", str(pack_dir), question],
                env,
            ),
            "shipped pack: search": ([*search, "talent retention"], env),
            f"{entries:,}-entry pack: search": ([*search, "--pack", str(pack_dir), words], env),
        },
        runs,
    )
    shipped = timings["shipped pack: ask --json"].median
    big = timings[f"{entries:,}-entry pack: ask --json"]
    searched, big_search = timings["shipped pack: search"].median, timings[f"{entries:,}-entry pack: search"]
    first_ratio, big_ratio, search_ratio = (
        first_time / parse_time,
        big.median / shipped,
        big_search.median / searched,
    )
    accuracy = answer_quality(pack_dir, env, entries)
    shutil.rmtree(work, ignore_errors=True)
    rows = [
        "| measurement | value | budget |",
        "|---|---|---|",
        f"| PyYAML C loader, parse only | {parse_time:.1f} s ({parse_mb:.0f} MB) | |",
        f"| first use (parse, index, write cache) | {first_time:.1f} s = {first_ratio:.2f}x parse "
        f"({first_mb:.0f} MB) | 1.5x {'ok' if first_ratio <= 1.5 else 'OVER'} |",
        f"| shipped pack, ask --json (median of {runs}) | {shipped:.3f} s | |",
        f"| {entries:,} entries, ask --json (median of {runs}) | {big.median:.3f} s = {big_ratio:.2f}x "
        f"shipped | 3x {'ok' if big_ratio <= 3 else 'OVER'} |",
        f"| {entries:,} entries, ask --json peak memory | {big.peak_mb:.0f} MB | 400 MB "
        f"{'ok' if big.peak_mb < 400 else 'OVER'} |",
        f"| shipped pack, search --json -n 10 (median of {runs}) | {searched:.3f} s | |",
        f"| {entries:,} entries, search --json -n 10, after its first use (median of {runs}) | "
        f"{big_search.median:.3f} s = {search_ratio:.2f}x shipped | "
        f"3x {'ok' if search_ratio <= 3 else 'OVER'} |",
        f"| {entries:,} entries, search peak memory | {big_search.peak_mb:.0f} MB | |",
        f"| exact question or alternate answered with its entry (1,000 random) | {accuracy:.1%} | 99.5% "
        f"{'ok' if accuracy >= 0.995 else 'UNDER'} |",
    ]
    return rows, [f"python benchmarks/perf.py scale --entries {entries} --runs {runs}"]


def answer_quality(pack_dir: Path, env: dict[str, str], entries: int) -> float:
    """1,000 random entries: ask one of their phrasings (question or an alternate) through the real cache."""
    code = f"""
import json, random, sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
from pathlib import Path
import gen_pack
from leadercli.store.compiled import open_pack
from leadercli.matching import DEFAULT_MARGIN, DEFAULT_THRESHOLD
rng = random.Random(1)
compiled = open_pack(Path({str(pack_dir)!r}))
matcher = compiled.matcher()
chosen = rng.sample(gen_pack.entries({entries}), 1000)
right = 0
for entry in chosen:
    phrasing = rng.choice([entry["question"], *entry["alternates"]])
    decision = matcher.decide(phrasing, threshold=DEFAULT_THRESHOLD, margin=DEFAULT_MARGIN)
    right += decision.answered and decision.best.id == entry["id"]
print(right / len(chosen))
"""
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def machine() -> str:
    return f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"


def write(
    path: Path, name: str, rows: list[str], commands: list[str], script: str = "benchmarks/perf.py"
) -> None:
    begin, end = f"<!-- {name}:begin (written by {script}) -->", f"<!-- {name}:end -->"
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    block = "\n".join(
        [begin, *rows, "", f"Command: `{commands[0]}`  ", f"Date: {stamp}  ", f"Machine: {machine()}", end]
    )
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if begin in text:
        before, rest = text.split(begin, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n## {name}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=["startup", "scale"])
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--write", type=Path, default=None)
    arguments = parser.parse_args()
    if arguments.which == "startup":
        rows, commands = startup(arguments.runs or 30)
    else:
        rows, commands = scale(arguments.entries, arguments.runs or 15)
    print("\n".join(rows))
    if arguments.write:
        write(arguments.write, arguments.which, rows, commands)


if __name__ == "__main__":
    main()
