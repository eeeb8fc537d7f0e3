#!/usr/bin/env python
"""Profile the fake's hot operations with cProfile and say where the time goes.

    python bench/profile_fake.py                  # get, create, list page, next page, settle
    python bench/profile_fake.py --calls 5000 --top 15 --only get,list_page

For each workload it prints the split of own time (``tottime``) between bedrock_fake/, botocore/ and
everything else, then the top functions by tottime and by cumtime. (Named ``profile_fake`` rather than
``profile`` so it does not shadow the standard library module cProfile imports.)
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import argparse
import cProfile
import io
import pstats
from collections.abc import Callable
from typing import Any

import run

from bedrock_fake import ManualClock, mock_bedrock

PROFILES = ("get", "create", "list_page", "next_page", "settle", "memory")


def area(filename: str) -> str:
    """Which part of the stack a function belongs to."""
    if f"{os.sep}bedrock_fake{os.sep}" in filename:
        return "bedrock_fake"
    if f"{os.sep}botocore{os.sep}" in filename:
        return "botocore"
    if f"{os.sep}boto3{os.sep}" in filename:
        return "boto3"
    if filename.startswith("~") or filename == "<built-in>":
        return "builtins"
    return "other"


def summarise(profile: cProfile.Profile, calls: int, top: int) -> str:
    stats = pstats.Stats(profile)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())
    by_area: dict[str, float] = {}
    for (filename, _, _), entry in raw.items():
        by_area[area(filename)] = by_area.get(area(filename), 0.0) + entry[2]
    lines = [
        f"  own time per call: {total / calls * 1e6:.1f} us (profiled; cProfile inflates small functions)"
    ]
    for name, spent in sorted(by_area.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {name:<13} {spent / total * 100:5.1f}%  {spent / calls * 1e6:8.1f} us/call")
    for key in ("tottime", "cumtime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats(key).print_stats(top)
        body = out.getvalue()
        start = body.find("   ncalls")
        lines.append(f"  top {top} by {key}:")
        lines.append(body[start:].rstrip())
    return "\n".join(lines)


def profile_calls(
    setup: Callable[[Any], Any], call: Callable[[Any, int], Any], calls: int
) -> cProfile.Profile:
    with mock_bedrock() as fake:
        client = run.new_client()
        state = setup((fake, client))
        for i in range(min(50, calls)):  # warm-up outside the profile
            call(state, -1 - i)
        profile = cProfile.Profile()
        profile.enable()
        for i in range(calls):
            call(state, i)
        profile.disable()
    return profile


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=5000, help="calls per get/create profile (default 5000)")
    parser.add_argument("--pages", type=int, default=500, help="calls per list-page profile (default 500)")
    parser.add_argument("--jobs", type=int, default=1000, help="stored jobs for list pages (default 1000)")
    parser.add_argument("--settle", type=int, default=10_000, help="jobs settled by one call (default 10000)")
    parser.add_argument("--memory-jobs", type=int, default=5000, help="jobs for the memory breakdown")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--only", help=f"comma-separated subset of: {','.join(PROFILES)}")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(PROFILES)

    def seeded(count: int) -> Callable[[Any], Any]:
        def setup(pair: Any) -> Any:
            _, client = pair
            for i in range(count):
                client.create_model_customization_job(**run.job_params(f"p-{i}", f"p-model-{i}"))
            return client

        return setup

    if "get" in chosen:
        profile = profile_calls(
            seeded(1), lambda c, i: c.get_model_customization_job(jobIdentifier="p-0"), args.calls
        )
        print(f"== GetModelCustomizationJob x {args.calls}\n{summarise(profile, args.calls, args.top)}\n")
    if "create" in chosen:
        profile = profile_calls(
            lambda pair: pair[1],
            lambda c, i: c.create_model_customization_job(
                **run.job_params(
                    f"c-{i + 100}" if i >= 0 else f"w{-i}", f"cm-{i + 100}" if i >= 0 else f"wm{-i}"
                )
            ),
            args.calls,
        )
        print(f"== CreateModelCustomizationJob x {args.calls}\n{summarise(profile, args.calls, args.top)}\n")
    if "list_page" in chosen:
        profile = profile_calls(
            seeded(args.jobs), lambda c, i: c.list_model_customization_jobs(maxResults=run.PAGE), args.pages
        )
        print(
            f"== ListModelCustomizationJobs first page of 100 ({args.jobs} jobs) x {args.pages}\n"
            f"{summarise(profile, args.pages, args.top)}\n"
        )
    if "next_page" in chosen:

        def setup(pair: Any) -> Any:
            client = seeded(args.jobs)(pair)
            token = client.list_model_customization_jobs(maxResults=run.PAGE)["nextToken"]
            return client, token

        profile = profile_calls(
            setup,
            lambda st, i: st[0].list_model_customization_jobs(maxResults=run.PAGE, nextToken=st[1]),
            args.pages,
        )
        print(
            f"== ListModelCustomizationJobs second page (with nextToken, {args.jobs} jobs) x {args.pages}\n"
            f"{summarise(profile, args.pages, args.top)}\n"
        )
    if "settle" in chosen:
        with mock_bedrock(clock=ManualClock("2025-01-01T00:00:00Z")) as fake:
            fake.set_duration("model_customization_job", 1)
            client = run.new_client()
            seeded(args.settle)((fake, client))
            fake.clock.advance(2)
            profile = cProfile.Profile()
            profile.enable()
            client.get_model_customization_job(jobIdentifier="p-0")
            profile.disable()
        print(f"== the one call that settles {args.settle} jobs\n{summarise(profile, 1, args.top)}\n")
    if "memory" in chosen:
        print(f"== memory retained per stored job, by allocating line ({args.memory_jobs} jobs)")
        print(memory_by_line(args.memory_jobs, args.top))
    return 0


def memory_by_line(jobs: int, top: int) -> str:
    """Bytes per job still allocated after ``jobs`` creates, grouped by the line that allocated them."""
    import gc
    import tracemalloc

    with mock_bedrock():
        client = run.new_client()
        for i in range(20):  # warm-up: caches and lazy loading are not per-job memory
            client.create_model_customization_job(**run.job_params(f"w-{i}", f"w-model-{i}"))
        gc.collect()
        tracemalloc.start(1)
        before = tracemalloc.take_snapshot()
        for i in range(jobs):
            client.create_model_customization_job(**run.job_params(f"m-{i}", f"m-model-{i}"))
        gc.collect()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
    diff = after.compare_to(before, "lineno")
    total = sum(d.size_diff for d in diff)
    lines = [f"  total {total / jobs:,.0f} B/job"]
    for d in diff[:top]:
        frame = d.traceback[0]
        name = frame.filename
        where = name[name.index("bedrock_fake") :] if "bedrock_fake" in name else name
        lines.append(
            f"  {d.size_diff / jobs:8.1f} B/job {d.count_diff / jobs:6.2f} blocks/job  {where}:{frame.lineno}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
