"""`python -m bench.pb_mes [--repeat 3]` (or `python -m bench --measures pb_mes`): our Method of
Equal Shares and greedy (shequ.pb.allocation) against pabutools' on the largest pabulib file in
shared/data/pabulib, in the same process, interleaved, medians. Prints time ratios: ours ÷
theirs (below 1: ours is faster). pabutools (GPL) is a dev dependency, imported here only."""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "pabulib"


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(repeat: int = 3, path: Path | None = None) -> dict:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    from shequ.pb.allocation import pabulib
    from shequ.pb.allocation.equal_shares import equal_shares
    from shequ.pb.allocation.greedy import greedy

    path = path or max(DATA.glob("*.pb"), key=lambda p: p.stat().st_size)
    instance = pabulib.read(path.read_text(encoding="utf-8")).instance
    theirs, profile = parse_pabulib(str(path))
    if instance.vote_type != "approval":
        raise SystemExit(f"{path.name}: the bench compares approval instances (Cost_Sat)")
    sides = {
        "mes": (lambda: equal_shares(instance).funded,
                lambda: [p.name for p in method_of_equal_shares(theirs, profile,
                                                                 sat_class=Cost_Sat)]),
        "greedy": (lambda: greedy(instance).funded,
                   lambda: [p.name for p in greedy_utilitarian_welfare(theirs, profile,
                                                                       sat_class=Cost_Sat)]),
    }  # fmt: skip
    out = {"file": path.name, "voters": len(instance.ballots),
           "projects": len(instance.projects)}  # fmt: skip
    for name, (ours, pabutools) in sides.items():
        times = {"ours": [], "pabutools": []}
        for n in range(repeat):
            order = (("ours", ours), ("pabutools", pabutools))
            for side, fn in order if n % 2 == 0 else order[::-1]:
                seconds, funded = _timed(fn)
                times[side].append(seconds)
                out.setdefault(f"{name}_funded_{side}", funded)
        if out[f"{name}_funded_ours"] != out[f"{name}_funded_pabutools"]:
            raise SystemExit(f"{name}: ours and pabutools' funded different projects")
        ours_s = statistics.median(times["ours"])
        theirs_s = statistics.median(times["pabutools"])
        out[name] = {"ours_s": ours_s, "pabutools_s": theirs_s, "ratio": ours_s / theirs_s}
    return out


def print_table(result: dict) -> None:
    print(f"\npb allocation — {result['file']} ({result['voters']:,} voters, "
          f"{result['projects']} projects), same results, medians")  # fmt: skip
    print(f"{'rule':<8}{'ours (s)':>12}{'pabutools (s)':>16}{'ours ÷ theirs':>16}")
    for name in ("mes", "greedy"):
        row = result[name]
        print(f"{name:<8}{row['ours_s']:>12.3f}{row['pabutools_s']:>16.3f}{row['ratio']:>16.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pb_mes", description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--file", type=Path, default=None)
    args = parser.parse_args()
    print_table(measure(args.repeat, args.file))


if __name__ == "__main__":
    main()
