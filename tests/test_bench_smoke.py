"""The benchmark runs end to end in quick mode and reports every workload (no timing assertions)."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"
WORKLOADS = (
    "get",
    "create",
    "list_page",
    "walk",
    "cold_walk",
    "page_isolation",
    "settle",
    "enter_exit",
    "first_call",
    "import",
    "memory",
)
HAS_MOTO = importlib.util.find_spec("moto") is not None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "target" in done.stdout and "fake/floor" in done.stdout, done.stdout[-2000:]
    loaded: dict[str, Any] = json.loads(out.read_text())
    return loaded


def _assert_numbers(node: dict[str, Any], *keys: str) -> None:
    for key in keys:
        assert _number(node.get(key)), f"{key} = {node.get(key)!r} in {sorted(node)}"


def _assert_contenders(row: dict[str, Any]) -> None:
    """fake and floor always numeric (wall and CPU); moto numeric whenever moto is installed."""
    for view in (row, row["cpu"]):
        _assert_numbers(view, "fake", "floor", "fake_over_floor")
        if HAS_MOTO:
            _assert_numbers(view, "moto", "moto_over_fake")


def test_every_workload_is_reported(results: dict[str, Any]) -> None:
    assert results["meta"]["mode"] == "quick"
    assert set(WORKLOADS) <= set(results["workloads"])


@pytest.mark.parametrize("name", ["get", "create", "enter_exit", "first_call"])
def test_per_call_workloads_have_all_contenders(results: dict[str, Any], name: str) -> None:
    _assert_contenders(results["workloads"][name])


def test_list_page_and_walk_cover_three_sizes(results: dict[str, Any]) -> None:
    page, walk = results["workloads"]["list_page"], results["workloads"]["walk"]
    sizes = [str(n) for n in results["meta"]["config"]["sizes"]]
    assert list(page["sizes"]) == sizes
    assert list(walk["sizes"]) == sizes
    for row in [*page["sizes"].values(), *walk["sizes"].values()]:
        _assert_contenders(row)
    _assert_numbers(page, "fake_over_floor_worst")
    for exponent in (walk["exponent"]["wall"], walk["cpu"]["exponent"]):
        _assert_numbers(exponent["fake"], "max_pairwise", "fit")
        assert len(exponent["fake"]["pairwise"]) == len(sizes) - 1


def test_cold_walk_covers_its_sizes(results: dict[str, Any]) -> None:
    cold = results["workloads"]["cold_walk"]
    assert list(cold["sizes"]) == [str(n) for n in results["meta"]["config"]["cold_sizes"]]
    for row in cold["sizes"].values():
        for view in (row, row["cpu"]):
            _assert_numbers(view, "fake", "floor", "fake_over_floor")
        assert row["pages"] >= 1
    _assert_numbers(cold, "fake_over_floor_worst")


def test_single_contender_workloads(results: dict[str, Any]) -> None:
    w = results["workloads"]
    for view in (w["page_isolation"], w["page_isolation"]["cpu"]):
        _assert_numbers(view, "alone", "with_others", "ratio")
    for view in (w["settle"], w["settle"]["cpu"]):
        _assert_numbers(view, "settle_ms", "nothing_due_ms")
    for view in (w["import"], w["import"]["cpu"]):
        _assert_numbers(view, "boto3", "bedrock_fake", "added", "added_direct")
    _assert_numbers(w["enter_exit"], "fake_reenter")
    _assert_numbers(w["memory"], "fake", "fake_retained")
    assert w["memory"]["fake"] > 0
    if HAS_MOTO:
        _assert_numbers(w["memory"], "moto", "moto_retained")


def test_every_target_is_judged(results: dict[str, Any]) -> None:
    targets = results["targets"]
    assert len(targets) == 11
    for target in targets:
        assert target["status"] in ("PASS", "MISS"), target
        assert _number(target["wall"]) and _number(target["limit"]), target
