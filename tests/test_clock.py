"""Clocks: the virtual and manual clocks, fast-forwarded sleep, freezegun and time-machine."""

from __future__ import annotations

import datetime as _dt
import re
import time
from pathlib import Path
from typing import Any

import boto3
import pytest
from conftest import REGION, customization_job_params
from freezegun import freeze_time

from bedrock_fake import BedrockFake, Clock, ManualClock, VirtualClock, mock_bedrock
from bedrock_fake._behaviour import DEFAULT_DURATIONS

DOCS = Path(__file__).resolve().parent.parent / "docs"
JOB_MINUTES = DEFAULT_DURATIONS["model_customization_job"] / 60


def _client() -> Any:
    return boto3.client("bedrock", region_name=REGION)


def _status(client: Any, arn: str) -> str:
    status: str = client.get_model_customization_job(jobIdentifier=arn)["status"]
    return status


def _create_job(client: Any, name: str = "job-1") -> str:
    params = customization_job_params(name, f"model-{name}")
    arn: str = client.create_model_customization_job(**params)["jobArn"]
    return arn


# --- the clocks themselves -------------------------------------------------------------------------


def test_virtual_clock_is_wall_clock_plus_offset() -> None:
    with freeze_time("2024-05-01T12:00:00Z"):
        clock = VirtualClock()
        assert clock.now() == _dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)
        clock.advance(90)
        clock.advance(_dt.timedelta(minutes=1))
        assert clock.offset == 150
        assert clock.now() == _dt.datetime(2024, 5, 1, 12, 2, 30, tzinfo=_dt.timezone.utc)
    assert "150" in repr(clock)


def test_virtual_clock_follows_the_wall_clock_as_it_moves() -> None:
    with freeze_time("2024-05-01T12:00:00Z") as frozen:
        clock = VirtualClock(offset=60)
        frozen.tick(_dt.timedelta(seconds=30))
        assert clock.now() == _dt.datetime(2024, 5, 1, 12, 1, 30, tzinfo=_dt.timezone.utc)


def test_clock_now_is_aware_utc() -> None:
    for clock in (VirtualClock(), ManualClock()):
        now = clock.now()
        assert now.tzinfo is not None and now.utcoffset() == _dt.timedelta(0)


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), _dt.timedelta(seconds=-5)])
def test_clocks_only_move_forward(bad: Any) -> None:
    for clock in (VirtualClock(), ManualClock()):
        with pytest.raises(ValueError, match="forward"):
            clock.advance(bad)


def test_manual_clock_stands_still_until_told() -> None:
    clock = ManualClock("2024-05-01T12:00:00Z")
    start = clock.now()
    assert start == _dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)
    assert clock.now() == start
    clock.advance(_dt.timedelta(hours=2))
    clock.advance(30)
    assert clock.now() == start + _dt.timedelta(hours=2, seconds=30)
    clock.move_to(_dt.datetime(2024, 5, 2))  # naive means UTC
    assert clock.now() == _dt.datetime(2024, 5, 2, tzinfo=_dt.timezone.utc)
    with pytest.raises(ValueError, match="only moves forward"):
        clock.move_to("2024-05-01T00:00:00+00:00")
    assert "2024-05-02" in repr(clock)


def test_manual_clock_accepts_other_timezones() -> None:
    clock = ManualClock(_dt.datetime(2024, 5, 1, 14, tzinfo=_dt.timezone(_dt.timedelta(hours=2))))
    assert clock.now() == _dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)
    assert clock.now().utcoffset() == _dt.timedelta(0)


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(VirtualClock(), Clock)
    assert isinstance(ManualClock(), Clock)


def test_default_clock_is_virtual(bedrock_fake: BedrockFake) -> None:
    assert isinstance(bedrock_fake.clock, VirtualClock)


# --- the fake's clock drives the lifecycle ------------------------------------------------------------


def test_advance_completes_a_job(bedrock_fake: BedrockFake) -> None:
    client = _client()
    arn = _create_job(client)
    bedrock_fake.clock.advance(_dt.timedelta(minutes=JOB_MINUTES - 1))
    assert _status(client, arn) == "InProgress"
    bedrock_fake.clock.advance(120)
    job = client.get_model_customization_job(jobIdentifier=arn)
    assert job["status"] == "Completed"
    run = _dt.timedelta(seconds=DEFAULT_DURATIONS["model_customization_job"])
    assert job["endTime"] - job["creationTime"] == run


def test_manual_clock_gives_exact_timestamps() -> None:
    clock = ManualClock("2024-05-01T12:00:00Z")
    with mock_bedrock(clock=clock) as fake:
        assert fake.clock is clock
        client = _client()
        arn = _create_job(client)
        assert client.get_model_customization_job(jobIdentifier=arn)["creationTime"] == clock.now()
        fake.set_duration("model_customization_job", 600)
        arn2 = _create_job(client, "job-2")
        clock.advance(600)
        job = client.get_model_customization_job(jobIdentifier=arn2)
        assert job["status"] == "Completed"
        assert job["endTime"] == _dt.datetime(2024, 5, 1, 12, 10, tzinfo=_dt.timezone.utc)
        assert fake.now() == clock.now()


def test_sleep_fast_forwards_the_clock() -> None:
    clock = ManualClock("2024-05-01T12:00:00Z")
    with mock_bedrock(clock=clock):
        time.sleep(3600)
        assert clock.now() == _dt.datetime(2024, 5, 1, 13, tzinfo=_dt.timezone.utc)


def test_sleep_in_a_polling_loop_finishes_the_job(bedrock_fake: BedrockFake) -> None:
    client = _client()
    arn = _create_job(client)
    polls = 0
    while _status(client, arn) == "InProgress":
        time.sleep(60)
        polls += 1
        assert polls < 1000
    assert _status(client, arn) == "Completed"
    assert polls == pytest.approx(JOB_MINUTES, abs=1)


def test_sleep_moves_the_virtual_clock_offset(bedrock_fake: BedrockFake) -> None:
    assert isinstance(bedrock_fake.clock, VirtualClock)
    time.sleep(3600)
    assert bedrock_fake.clock.offset == 3600


def test_negative_sleep_is_refused_like_the_real_one(bedrock_fake: BedrockFake) -> None:
    with pytest.raises(ValueError):
        time.sleep(-1)


def test_real_sleep_keeps_time_sleep_real() -> None:
    with mock_bedrock(real_sleep=True) as fake:
        assert isinstance(fake.clock, VirtualClock)
        time.sleep(0.01)
        assert fake.clock.offset == 0


def test_real_sleep_with_a_manual_clock_leaves_it_still() -> None:
    clock = ManualClock("2024-05-01T12:00:00Z")
    with mock_bedrock(real_sleep=True, clock=clock):
        time.sleep(0.01)
        assert clock.now() == _dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)


def test_sleep_outside_the_mock_is_not_fast_forwarded() -> None:
    fake = mock_bedrock()
    with fake:
        pass
    time.sleep(0.01)
    assert isinstance(fake.clock, VirtualClock)
    assert fake.clock.offset == 0


# --- freezegun and time-machine ---------------------------------------------------------------------


def test_freezegun_tick_drives_transitions() -> None:
    with freeze_time("2024-05-01T12:00:00Z") as frozen, mock_bedrock():
        client = _client()
        arn = _create_job(client)
        job = client.get_model_customization_job(jobIdentifier=arn)
        assert job["creationTime"] == _dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)
        frozen.tick(_dt.timedelta(minutes=JOB_MINUTES - 1))
        assert _status(client, arn) == "InProgress"
        frozen.tick(_dt.timedelta(minutes=2))
        assert _status(client, arn) == "Completed"


def test_freezegun_move_to_drives_transitions() -> None:
    with freeze_time("2024-05-01T12:00:00Z") as frozen, mock_bedrock():
        client = _client()
        arn = _create_job(client)
        frozen.move_to("2024-05-01T18:00:00Z")
        job = client.get_model_customization_job(jobIdentifier=arn)
        assert job["status"] == "Completed"
        # The custom model the job produced exists, created when the job was.
        model = client.get_custom_model(modelIdentifier=job["outputModelArn"])
        assert model["creationTime"] == _dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)


def test_freezegun_decorator_with_mock_bedrock() -> None:
    @freeze_time("2024-05-01T12:00:00Z")
    @mock_bedrock
    def scenario() -> _dt.datetime:
        client = _client()
        arn = _create_job(client)
        created: _dt.datetime = client.get_model_customization_job(jobIdentifier=arn)["creationTime"]
        return created

    assert scenario() == _dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)


def test_freezegun_plus_sleep_fast_forward() -> None:
    with freeze_time("2024-05-01T12:00:00Z"), mock_bedrock() as fake:
        time.sleep(3600)
        assert fake.clock.now() == _dt.datetime(2024, 5, 1, 13, tzinfo=_dt.timezone.utc)


def test_time_machine_travel_drives_transitions() -> None:
    time_machine = pytest.importorskip("time_machine")
    start = _dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)
    with time_machine.travel(start, tick=False) as traveller, mock_bedrock():
        client = _client()
        arn = _create_job(client)
        assert client.get_model_customization_job(jobIdentifier=arn)["creationTime"] == start
        traveller.shift(_dt.timedelta(minutes=JOB_MINUTES - 1))
        assert _status(client, arn) == "InProgress"
        traveller.move_to(start + _dt.timedelta(hours=3))
        assert _status(client, arn) == "Completed"


# --- durations -------------------------------------------------------------------------------------


def test_set_duration_applies_to_resources_created_afterwards(bedrock_fake: BedrockFake) -> None:
    client = _client()
    slow = _create_job(client, "slow")
    bedrock_fake.set_duration("model_customization_job", _dt.timedelta(minutes=5))
    fast = _create_job(client, "fast")
    bedrock_fake.clock.advance(301)
    assert _status(client, fast) == "Completed"
    assert _status(client, slow) == "InProgress"


def test_set_duration_rejects_unknown_kinds_and_negative_values(bedrock_fake: BedrockFake) -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        bedrock_fake.set_duration("no_such_kind", 10)
    with pytest.raises(ValueError):
        bedrock_fake.set_duration("model_customization_job", -10)


def test_durations_survive_reset(bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("model_customization_job", 60)
    bedrock_fake.reset()
    client = _client()
    arn = _create_job(client)
    bedrock_fake.clock.advance(61)
    assert _status(client, arn) == "Completed"


def test_default_durations_fit_production_waiter_budgets() -> None:
    # Airflow's Bedrock waiters: 2.5 h for customization, 20 min for provisioned throughput;
    # SageMaker's BedrockModelBuilder: 1 h for an import job.
    assert DEFAULT_DURATIONS["model_customization_job"] < 2.5 * 3600
    assert DEFAULT_DURATIONS["provisioned_model_throughput"] < 20 * 60
    assert DEFAULT_DURATIONS["model_import_job"] < 3600


def _durations_table() -> dict[str, str]:
    text = (DOCS / "clock-and-lifecycle.md").read_text()
    return dict(re.findall(r"^\| `([a-z_]+)` \| ([0-9.]+) \|", text, flags=re.MULTILINE))


def test_durations_table_in_docs_matches_the_defaults() -> None:
    table = _durations_table()
    for kind, seconds in DEFAULT_DURATIONS.items():
        assert kind in table, f"docs/clock-and-lifecycle.md lacks a row for {kind}"
        assert float(table[kind]) == seconds, f"{kind}: docs say {table[kind]} s, the default is {seconds} s"
    assert set(table) == set(DEFAULT_DURATIONS), "the docs table lists kinds that do not exist"


def test_every_duration_kind_is_settable(bedrock_fake: BedrockFake) -> None:
    for kind in DEFAULT_DURATIONS:
        bedrock_fake.set_duration(kind, 1)


def test_sleeps_from_many_threads_all_move_the_clock() -> None:
    import threading

    from bedrock_fake import ManualClock

    clock = ManualClock("2025-01-01T00:00:00Z")
    with mock_bedrock(clock=clock):
        start = clock.now()

        def sleeper() -> None:
            for _ in range(2000):
                time.sleep(1)

        threads = [threading.Thread(target=sleeper) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert (clock.now() - start).total_seconds() == 8 * 2000


# --- time never runs backwards ----------------------------------------------------------------------


def test_what_the_fake_has_shown_stays_shown_when_freeze_time_ends() -> None:
    with mock_bedrock() as fake:
        client = _client()
        arn = _create_job(client)
        later = fake.clock.now() + _dt.timedelta(days=30)
        with freeze_time(later):
            job = client.get_model_customization_job(jobIdentifier=arn)
            assert job["status"] == "Completed"
        # The wall clock is back where it was; the fake's time is not.
        after = client.get_model_customization_job(jobIdentifier=arn)
        assert after["status"] == "Completed"
        assert after["endTime"] == job["endTime"] and after["outputModelArn"] == job["outputModelArn"]
        assert client.get_custom_model(modelIdentifier=job["outputModelArn"])["modelStatus"] == "Active"
        assert fake.clock.now() >= later
        # ... and it still moves forward from there
        time.sleep(60)
        assert fake.clock.now() >= later + _dt.timedelta(seconds=60)


def test_a_clock_that_goes_back_holds_the_fakes_time_still() -> None:
    class Wobbly:
        """A user's clock that steps back once."""

        def __init__(self) -> None:
            self.times = [_dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)]

        def now(self) -> _dt.datetime:
            return self.times[-1]

        def advance(self, delta: Any) -> None:
            self.times.append(self.times[-1] + _dt.timedelta(seconds=float(delta)))

    clock = Wobbly()
    with mock_bedrock(clock=clock):
        client = _client()
        arn = _create_job(client)
        clock.advance(3600)
        assert _status(client, arn) == "Completed"
        clock.times.append(_dt.datetime(2024, 5, 1, 12, 1, tzinfo=_dt.timezone.utc))  # back in time
        assert _status(client, arn) == "Completed"


def test_a_fresh_world_may_start_in_the_past() -> None:
    fake = mock_bedrock()

    @fake
    def first() -> None:
        _create_job(_client())

    @freeze_time("2024-05-01T12:00:00Z")
    @fake
    def second() -> _dt.datetime:
        arn = _create_job(_client())
        created: _dt.datetime = _client().get_model_customization_job(jobIdentifier=arn)["creationTime"]
        return created

    first()
    assert second() == _dt.datetime(2024, 5, 1, 12, tzinfo=_dt.timezone.utc)


@pytest.mark.parametrize("bad", ["60", b"60", None, True, [60]])
def test_seconds_must_be_numbers(bad: Any) -> None:
    for clock in (VirtualClock(), ManualClock()):
        with pytest.raises(TypeError, match="number"):
            clock.advance(bad)
    with mock_bedrock() as fake:
        with pytest.raises(TypeError, match="number"):
            fake.set_duration("model_customization_job", bad)
        with pytest.raises(TypeError):
            time.sleep(bad)


def test_steps_beyond_a_century_are_refused() -> None:
    with pytest.raises(ValueError, match="100 years"):
        VirtualClock().advance(_dt.timedelta(days=365 * 200))
