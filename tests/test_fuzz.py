"""Property-based fuzzing of every served operation, driven by botocore's service model.

Each hypothesis example plays one user's session against one fake: each step calls a served operation with a
valid-looking input generated from the operation's input shape (identifiers are often ones the fake
handed out earlier, so calls reach resources in every state), or with that input broken by exactly
one mutation, through a normal client or one with ``parameter_validation=False``; other steps move
the clock or choose outcomes, so resources run through their lifecycles. Every answer must be:

- a success (strict mode has already checked it against the output shape), or
- a ``ClientError`` whose code the operation's model lists (or every operation can answer), with a
  bounded message, after which the fake's world is exactly as it was (a failed request applies
  nothing), or
- an exception botocore raised before the fake saw the call (its own validation or serializer).

Anything else (a traceback from inside the fake, an unmodeled error, a half-applied request) fails.
New families are covered without an edit: operations come from the handler registry, inputs from
the model. ``BEDROCK_FAKE_FUZZ_EXAMPLES`` / ``BEDROCK_FAKE_FUZZ_STEPS`` run it deeper (the defaults
keep CI at about a minute); ``BEDROCK_FAKE_FUZZ_SEED`` replays a run; ``BEDROCK_FAKE_FUZZ_REPORT``
names a file for the per-operation counts; ``BEDROCK_FAKE_FUZZ_SHRINK=1`` shrinks a failure to its smallest
form (minutes: off by default).
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import random
import re
from typing import Any

import boto3
import botocore
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from shapes import Pool, Values, mutate
from world import snapshot

from bedrock_fake import ManualClock, mock_bedrock
from bedrock_fake._conformance import modeled_errors
from bedrock_fake._family import FAMILIES
from bedrock_fake._operations import HANDLERS, load_resources
from bedrock_fake._service_model import service_model

EXAMPLES = int(os.environ.get("BEDROCK_FAKE_FUZZ_EXAMPLES", "50"))
STEPS = int(os.environ.get("BEDROCK_FAKE_FUZZ_STEPS", "400"))
SEED = os.environ.get("BEDROCK_FAKE_FUZZ_SEED")
#: shrinking a failure to its smallest form can take minutes: on request only (the failure is printed anyway)
SHRINK = os.environ.get("BEDROCK_FAKE_FUZZ_SHRINK") == "1"
REGIONS = ("us-east-1", "us-west-2")

load_resources()
MODEL = service_model()
OPERATIONS = sorted(name for name in HANDLERS if name in MODEL.operation_names)
#: operations that make resources are drawn twice as often, so later calls find resources to act on
_WEIGHTS = [2 if name.startswith(("Create", "Put")) else 1 for name in OPERATIONS]

#: operation -> outcome -> count, over the whole run (the closing note and BEDROCK_FAKE_FUZZ_REPORT)
REPORT: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)


# --- one user's session -------------------------------------------------------------------------------
_ONE_ATTEMPT = Config(retries={"total_max_attempts": 1})
_UNCHECKED = Config(retries={"total_max_attempts": 1}, parameter_validation=False)
_ADVANCES = (1, 30, 60, 300, 900, 3600, 86_400)


class Session:
    """One user against one fake: calls, clock moves and chosen outcomes, all drawn from ``rng``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.fake = mock_bedrock(clock=ManualClock("2026-01-15T12:00:00Z"))
        self.pool = Pool()
        self.log: list[str] = []
        self.reached = False
        self.clients: dict[tuple[str, bool], Any] = {}

    def run(self, steps: int) -> None:
        with self.fake:
            for region in REGIONS:
                for checked in (True, False):
                    client = boto3.client(
                        "bedrock", region_name=region, config=_ONE_ATTEMPT if checked else _UNCHECKED
                    )
                    client.meta.events.register_first("before-call.bedrock", self._mark_reached)
                    self.clients[(region, checked)] = client
            self.pool.add_from(self.clients[(REGIONS[0], True)].list_foundation_models())
            for _ in range(steps):
                roll = self.rng.random()
                if roll < 0.08:
                    seconds = self.rng.choice(_ADVANCES)
                    self.log.append(f"advance {seconds}")
                    self.fake.clock.advance(seconds)
                elif roll < 0.12:
                    self._choose_outcome()
                else:
                    self._call()

    def _mark_reached(self, **_: Any) -> None:
        self.reached = True

    def _choose_outcome(self) -> None:
        if not self.pool.values:
            return
        kind = self.rng.choice(sorted(k for k, family in FAMILIES.items() if family.outcomes))
        name = self.rng.choice(self.pool.values)
        status = self.rng.choice(FAMILIES[kind].outcomes)
        self.log.append(f"set_outcome({name!r}, {status!r}, kind={kind!r})")
        with contextlib.suppress(ValueError):  # the resource already finished: refused, as documented
            self.fake.set_outcome(name, status, message="fuzzed outcome", kind=kind)

    def _call(self) -> None:
        rng = self.rng
        operation = rng.choices(OPERATIONS, _WEIGHTS)[0]
        model = MODEL.operation_model(operation)
        params = Values(rng, self.pool).of(model.input_shape) if model.input_shape is not None else {}
        what = "valid-looking"
        if model.input_shape is not None and rng.random() < 0.35:
            what, params = mutate(model.input_shape, params, rng)
        region, checked = rng.choice(REGIONS), rng.random() < 0.5
        home = _region_of(params)
        if home in REGIONS and rng.random() < 0.8:  # mostly where the resource it names lives
            region = home
        self.log.append(f"{operation} [{what}, {region}, {'checked' if checked else 'unchecked'}] "
                        f"{repr(params)[:300]}")
        method = getattr(self.clients[(region, checked)], botocore.xform_name(operation))
        before = snapshot(self.fake)
        self.reached = False
        try:
            out = method(**params)
        except ClientError as error:
            code = error.response["Error"]["Code"]
            message = error.response["Error"]["Message"]
            REPORT[operation][f"error {code}"] += 1
            assert code in modeled_errors(model), self._trace(f"{operation} answered {code}: {message}")
            assert message and len(message) <= 4096, self._trace(f"{operation} {code}: {len(message)} chars")
            assert snapshot(self.fake) == before, self._trace(f"{operation} failed ({code}) but changed the world")
            return
        except Exception as error:
            if self.reached:
                problem = f"{operation} raised from inside the fake: {repr(error)[:500]}"
                raise AssertionError(self._trace(problem)) from error
            REPORT[operation]["refused by botocore"] += 1
            return
        REPORT[operation]["success"] += 1
        self.pool.add_from(out)
        self.pool.add_from(params, made=not operation.startswith(("Get", "List")))

    def _trace(self, problem: str) -> str:
        steps = "\n  ".join(self.log[-15:])
        return f"{problem}\nlast steps:\n  {steps}"


_REGION_IN_ARN = re.compile(r"arn:aws[-a-z]*:bedrock:([a-z0-9-]+):[0-9]{12}:")


def _region_of(value: Any) -> str | None:
    """The Region of the first account-scoped Bedrock ARN in a request, if any."""
    if isinstance(value, str):
        found = _REGION_IN_ARN.match(value)
        return found.group(1) if found else None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        region = _region_of(item)
        if region is not None:
            return region
    return None


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=SEED is None,  # CI runs the same sessions every time unless a seed is asked for
    suppress_health_check=list(HealthCheck),
    print_blob=True,
    phases=list(Phase) if SHRINK else [p for p in Phase if p is not Phase.shrink],
)
@given(rng=st.randoms(use_true_random=True))
def _sessions(rng: random.Random) -> None:
    Session(rng).run(STEPS)


def test_every_served_operation_answers_only_as_its_model_allows() -> None:
    test = _sessions
    if SEED is not None:
        test = seed(int(SEED))(_sessions)
    try:
        test()
    finally:
        _write_report()
    called = {op for op, counts in REPORT.items() if sum(counts.values())}
    assert called == set(OPERATIONS), f"never called: {sorted(set(OPERATIONS) - called)}"
    succeeded = {op for op, counts in REPORT.items() if counts["success"]}
    # Every operation is reached with inputs it accepts, not only with ones it refuses.
    assert len(succeeded) >= len(OPERATIONS) * 0.8, f"never succeeded: {sorted(set(OPERATIONS) - succeeded)}"


def _write_report() -> None:
    path = os.environ.get("BEDROCK_FAKE_FUZZ_REPORT")
    if path:
        with open(path, "w") as handle:
            json.dump({op: dict(counts) for op, counts in sorted(REPORT.items())}, handle, indent=1, sort_keys=True)


@pytest.fixture(autouse=True)
def _fresh_report() -> None:
    REPORT.clear()
