"""Every way of switching the fake on and off, and that switching it off leaves no trace."""

from __future__ import annotations

import asyncio
import inspect
import os
import re
import time
import unittest
from pathlib import Path
from typing import Any

import boto3
import botocore.credentials
import botocore.endpoint
import botocore.session
import pytest
from conftest import REGION, customization_job_params

import bedrock_fake
from bedrock_fake import BedrockFake, get_fake, mock_bedrock

pytest_plugins = ["pytester"]  # the marker test runs a small pytest session of its own


def _client() -> Any:
    return boto3.client("bedrock", region_name=REGION)


def _job_count(client: Any) -> int:
    return len(client.list_model_customization_jobs()["modelCustomizationJobSummaries"])


def _create_job(client: Any, name: str = "job-1") -> str:
    params = customization_job_params(name, f"model-{name}")
    arn: str = client.create_model_customization_job(**params)["jobArn"]
    return arn


# --- decorators ------------------------------------------------------------------------------------


@mock_bedrock
def _bare_decorated() -> tuple[int, str]:
    client = _client()
    before = _job_count(client)
    _create_job(client)
    fake = get_fake()
    assert fake is not None
    return before, fake.account_id


@mock_bedrock(account_id="111122223333")
def _decorated_with_options() -> str:
    arn = _create_job(_client())
    return arn


def test_bare_decorator_activates_and_gives_fresh_state_each_call() -> None:
    assert _bare_decorated() == (0, "123456789012")
    # The second call starts from an empty world again (the job of the first call is gone).
    assert _bare_decorated() == (0, "123456789012")
    assert get_fake() is None


def test_parameterised_decorator_passes_options() -> None:
    assert ":111122223333:model-customization-job/" in _decorated_with_options()


def test_decorator_keeps_the_function_metadata() -> None:
    assert _bare_decorated.__name__ == "_bare_decorated"


def test_decorator_with_keyword_target_is_refused() -> None:
    with pytest.raises(TypeError):
        mock_bedrock(_bare_decorated, account_id="111122223333")  # type: ignore[call-overload]


def test_async_function_runs_under_the_mock() -> None:
    @mock_bedrock
    async def scenario() -> tuple[bool, int]:
        await asyncio.sleep(0)  # the mock stays active across awaits
        fake = get_fake()
        client = _client()
        _create_job(client)
        return fake is not None and fake.active, _job_count(client)

    assert asyncio.iscoroutinefunction(scenario)
    assert asyncio.run(scenario()) == (True, 1)
    assert get_fake() is None


def test_parameterised_async_decorator() -> None:
    @mock_bedrock(account_id="111122223333")
    async def scenario() -> str:
        await asyncio.sleep(0)
        return _create_job(_client())

    assert ":111122223333:" in asyncio.run(scenario())


def test_async_with() -> None:
    async def scenario() -> tuple[bool, int]:
        async with mock_bedrock() as fake:
            await asyncio.sleep(0)
            _create_job(_client())
            return fake.active, _job_count(_client())

    assert asyncio.run(scenario()) == (True, 1)
    assert get_fake() is None


# --- classes ---------------------------------------------------------------------------------------


@mock_bedrock
class TestPlainClassDecorated:
    """Every test method runs under the mock with a fresh world."""

    created_in_first = ""

    def test_first(self) -> None:
        client = _client()
        assert _job_count(client) == 0
        TestPlainClassDecorated.created_in_first = _create_job(client)

    def test_second(self) -> None:
        # Whatever ran before, this method starts with no jobs.
        assert get_fake() is not None
        assert _job_count(_client()) == 0

    def helper_not_a_test(self) -> bool:
        return get_fake() is not None


def test_class_decorator_wraps_only_test_methods() -> None:
    assert TestPlainClassDecorated().helper_not_a_test() is False


@mock_bedrock(account_id="111122223333")
class TestParameterisedClassDecorated:
    def test_account(self) -> None:
        assert ":111122223333:" in _create_job(_client())


@mock_bedrock
class DecoratedCase(unittest.TestCase):
    """setUp, the test and tearDown all run under the mock; each test gets fresh state."""

    def setUp(self) -> None:
        self.client = _client()
        self.setup_saw_fake = get_fake() is not None
        self.jobs_at_setup = _job_count(self.client)
        _create_job(self.client, "from-setup")

    def test_one(self) -> None:
        assert self.setup_saw_fake
        assert self.jobs_at_setup == 0
        assert _job_count(self.client) == 1

    def test_two(self) -> None:
        assert self.jobs_at_setup == 0
        _create_job(self.client, "from-test")
        assert _job_count(self.client) == 2

    def tearDown(self) -> None:
        assert get_fake() is not None


def test_unittest_case_runs_clean_and_leaves_no_active_fake() -> None:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(DecoratedCase)
    result = unittest.TestResult()
    suite.run(result)
    assert result.testsRun == 2
    assert result.errors == [] and result.failures == []
    assert get_fake() is None


# --- context manager, start/stop, nesting ----------------------------------------------------------


def test_context_manager_yields_the_active_fake() -> None:
    with mock_bedrock() as fake:
        assert isinstance(fake, BedrockFake)
        assert fake.active and get_fake() is fake
        _create_job(_client())
    assert not fake.active
    assert get_fake() is None


def test_start_stop_and_state_survives_restart() -> None:
    fake = mock_bedrock()
    assert fake.start() is fake
    try:
        _create_job(_client())
    finally:
        fake.stop()
    assert get_fake() is None
    with fake:
        # start() keeps the state of an earlier activation; reset() forgets it.
        assert _job_count(_client()) == 1
        fake.reset()
        assert _job_count(_client()) == 0


def test_starting_an_active_fake_twice_is_refused() -> None:
    with mock_bedrock() as fake, pytest.raises(RuntimeError, match="already active"):
        fake.start()


def test_nested_fakes_inner_serves_outer_resumes() -> None:
    client = _client()
    with mock_bedrock(account_id="111111111111") as outer:
        _create_job(client, "outer-job")
        with mock_bedrock(account_id="222222222222") as inner:
            assert get_fake() is inner
            assert _job_count(client) == 0
            assert ":222222222222:" in _create_job(client, "inner-job")
        assert get_fake() is outer
        summaries = client.list_model_customization_jobs()["modelCustomizationJobSummaries"]
        names = [j["jobName"] for j in summaries]
        assert names == ["outer-job"]
        # A sleep still goes to the outer fake's clock (not to the real time.sleep).
        before = outer.clock.now()
        time.sleep(600)
        assert (outer.clock.now() - before).total_seconds() >= 600
    assert get_fake() is None


def test_stopping_the_outer_fake_first_keeps_the_inner_one_serving() -> None:
    outer = mock_bedrock(account_id="111111111111").start()
    inner = mock_bedrock(account_id="222222222222").start()
    try:
        outer.stop()
        assert get_fake() is inner
        assert ":222222222222:" in _create_job(_client())
    finally:
        inner.stop()
    assert get_fake() is None


def test_stop_leaves_no_trace() -> None:
    environ = dict(os.environ)
    sleep = time.sleep
    make_request = botocore.endpoint.Endpoint.make_request
    imds_load = botocore.credentials.InstanceMetadataProvider.load
    fake = mock_bedrock().start()
    try:
        assert time.sleep is not sleep
        assert botocore.endpoint.Endpoint.make_request is not make_request
        assert botocore.credentials.InstanceMetadataProvider.load is not imds_load
        _create_job(_client())
        with mock_bedrock():
            pass
    finally:
        fake.stop()
    assert dict(os.environ) == environ
    assert time.sleep is sleep
    assert botocore.endpoint.Endpoint.make_request is make_request
    assert botocore.credentials.InstanceMetadataProvider.load is imds_load


def test_stop_restores_an_environment_variable_the_user_had_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "false")
    with mock_bedrock():
        pass
    assert os.environ["AWS_EC2_METADATA_DISABLED"] == "false"


def test_stop_is_safe_when_not_started() -> None:
    fake = mock_bedrock()
    fake.stop()
    assert get_fake() is None
    assert not fake.active


def test_get_fake_outside_any_mock_is_none() -> None:
    assert get_fake() is None


def test_bad_account_id_is_refused() -> None:
    with pytest.raises(ValueError, match="12 digits"):
        mock_bedrock(account_id="123")


def test_repr_names_account_and_state() -> None:
    fake = mock_bedrock(account_id="111122223333")
    assert "111122223333" in repr(fake) and "inactive" in repr(fake)
    with fake:
        assert "active" in repr(fake) and "inactive" not in repr(fake)


# --- pytest plugin ---------------------------------------------------------------------------------


def test_fixture_is_active_and_is_get_fake(bedrock_fake: BedrockFake) -> None:
    assert bedrock_fake.active
    assert get_fake() is bedrock_fake
    assert bedrock_fake.account_id == "123456789012"
    assert ":123456789012:" in _create_job(_client())


@pytest.mark.bedrock_fake(account_id="111122223333")
def test_marker_passes_options_to_the_fixture(bedrock_fake: BedrockFake) -> None:
    assert bedrock_fake.account_id == "111122223333"
    assert ":111122223333:" in _create_job(_client())


@pytest.mark.bedrock_fake(real_sleep=True)
def test_marker_real_sleep_option(bedrock_fake: BedrockFake) -> None:
    before = bedrock_fake.clock.now()
    time.sleep(0.01)
    # A real sleep: the fake's clock follows the wall clock only, it did not jump by an hour or so.
    assert (bedrock_fake.clock.now() - before).total_seconds() < 60


def test_fixture_state_does_not_leak_between_tests_part_1(bedrock_fake: BedrockFake) -> None:
    _create_job(_client(), "leak-check")
    assert _job_count(_client()) == 1


def test_fixture_state_does_not_leak_between_tests_part_2(bedrock_fake: BedrockFake) -> None:
    assert _job_count(_client()) == 0


def test_public_surface() -> None:
    for name in bedrock_fake.__all__:
        assert hasattr(bedrock_fake, name), name


# --- the user docs' snippets run as written -----------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: every docs page with Python snippets: they are run, so they cannot drift from the code
DOC_PAGES = sorted(p.name for p in DOCS.glob("*.md") if "```python" in p.read_text())


def _run_doc_test(function: Any) -> None:
    """Call a pytest-style test function from a snippet, giving it the ``bedrock_fake`` fixture."""
    parameters = list(inspect.signature(function).parameters)
    if not parameters:
        function()
        return
    assert parameters == ["bedrock_fake"], f"{function.__name__}: unsupported fixtures {parameters}"
    options: dict[str, Any] = {}
    for mark in getattr(function, "pytestmark", []):
        if mark.name == "bedrock_fake":
            options.update(mark.kwargs)
    with BedrockFake(**options) as fake:
        function(fake)


def _bedrock_operation_names() -> list[str]:
    return botocore.session.get_session().get_service_model("bedrock").operation_names


@pytest.mark.parametrize("page", DOC_PAGES)
def test_doc_snippets_run(page: str) -> None:
    text = (DOCS / page).read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)
    assert blocks, f"no python snippets in docs/{page}"
    # A page may name optional packages its snippets need: <!-- snippets need: aiobotocore -->
    for needed in re.findall(r"<!-- snippets need: ([\w.]+) -->", text):
        pytest.importorskip(needed)
    # ... or operations that the oldest supported botocore does not model yet:
    # <!-- snippets need operation: CreateCustomModelDeployment -->
    for operation in re.findall(r"<!-- snippets need operation: (\w+) -->", text):
        if operation not in _bedrock_operation_names():
            pytest.skip(f"this botocore does not model {operation}")
    for number, block in enumerate(blocks, 1):
        module = f"docs_{page.split('.')[0].replace('-', '_')}_{number}"
        namespace: dict[str, Any] = {"__name__": module}
        exec(compile(block, f"docs/{page} (snippet {number})", "exec"), namespace)
        for name, value in list(namespace.items()):
            if name.startswith("test_") and inspect.isfunction(value):
                _run_doc_test(value)
            elif inspect.isclass(value) and value.__module__ == module:
                assert issubclass(value, unittest.TestCase), f"{name}: only TestCase classes are run"
                result = unittest.TestResult()
                unittest.defaultTestLoader.loadTestsFromTestCase(value).run(result)
                assert result.testsRun, (page, number, name)
                assert result.wasSuccessful(), (page, number, result.errors, result.failures)
        assert get_fake() is None, f"docs/{page} snippet {number} left a fake active"


class _InheritedTests:
    """A mixin whose test methods a decorated subclass inherits."""

    def test_inherited_method_runs_under_the_mock(self) -> None:
        fake = get_fake()
        assert fake is not None and fake.active
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        assert bedrock.list_custom_models()["modelSummaries"] == []


@mock_bedrock
class TestInheritedMethodsAreWrapped(_InheritedTests):
    pass


def test_stop_of_a_fake_that_never_started_leaves_the_process_alone() -> None:
    def my_sleep(seconds: float) -> None:
        return None

    original = time.sleep
    time.sleep = my_sleep  # type: ignore[assignment]
    try:
        mock_bedrock().stop()
        assert time.sleep is my_sleep
    finally:
        time.sleep = original


def test_start_and_stop_from_many_threads_restore_the_process() -> None:
    import threading

    before_sleep, before_env = time.sleep, dict(os.environ)
    errors: list[BaseException] = []

    def churn() -> None:
        fake = mock_bedrock()
        try:
            for _ in range(200):
                fake.start()
                fake.stop()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=churn) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert time.sleep is before_sleep and dict(os.environ) == before_env and get_fake() is None


def test_decorating_a_sync_wrapper_of_a_coroutine_stays_active_while_it_runs() -> None:
    import functools

    def sync_wrapper(function: Any) -> Any:  # what e.g. moto's decorator does to a coroutine function
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return function(*args, **kwargs)

        return wrapper

    @mock_bedrock
    @sync_wrapper
    async def poll() -> Any:
        await asyncio.sleep(0)
        fake = get_fake()
        assert fake is not None
        return boto3.client("bedrock", region_name=REGION).list_custom_models()["modelSummaries"]

    assert asyncio.run(poll()) == []
    assert get_fake() is None


def test_a_decorated_function_called_again_while_running_is_refused_and_harms_nothing() -> None:
    fake = mock_bedrock()

    @fake
    async def job(name: str) -> int:
        bedrock = boto3.client("bedrock", region_name=REGION)
        bedrock.create_model_customization_job(**customization_job_params(name, f"{name}-model"))
        await asyncio.sleep(0)
        return len(bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"])

    async def both() -> list[Any]:
        return await asyncio.gather(job("first"), job("second"), return_exceptions=True)

    first, second = asyncio.run(both())
    assert first == 1
    assert isinstance(second, RuntimeError)


# --- class-level hooks ---------------------------------------------------------------------------------


@mock_bedrock
class SetUpClassCase(unittest.TestCase):
    """setUpClass and tearDownClass run under the fake; each test starts from what setUpClass made."""

    shared_arn = ""
    teardown_saw: list[int] = []

    @classmethod
    def setUpClass(cls) -> None:
        assert get_fake() is not None, "setUpClass ran without the fake"
        cls.shared_arn = _create_job(_client(), "from-setup-class")

    def test_one_sees_the_class_fixture_and_adds_a_job(self) -> None:
        assert _job_count(_client()) == 1
        _client().get_model_customization_job(jobIdentifier=self.shared_arn)
        _create_job(_client(), "from-test-one")
        assert _job_count(_client()) == 2

    def test_two_starts_from_the_class_fixture_again(self) -> None:
        assert _job_count(_client()) == 1

    @classmethod
    def tearDownClass(cls) -> None:
        assert get_fake() is not None, "tearDownClass ran without the fake"
        cls.teardown_saw.append(_job_count(_client()))


def test_set_up_class_and_tear_down_class_run_under_the_fake() -> None:
    SetUpClassCase.teardown_saw.clear()
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(SetUpClassCase).run(result)
    assert result.testsRun == 2
    assert result.errors == [] and result.failures == [], result.errors + result.failures
    assert SetUpClassCase.teardown_saw == [1]
    assert get_fake() is None


@mock_bedrock
class ChildOfADecoratedCase(SetUpClassCase):
    """A subclass, decorated again, gets its own fake: the inherited hooks are not wrapped twice."""


def test_a_decorated_subclass_of_a_decorated_case_runs_once_under_its_own_fake() -> None:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(ChildOfADecoratedCase).run(result)
    assert result.testsRun == 2 and result.wasSuccessful(), result.errors + result.failures
    assert get_fake() is None


def test_a_failing_set_up_class_leaves_no_active_fake() -> None:
    @mock_bedrock
    class Broken(unittest.TestCase):
        @classmethod
        def setUpClass(cls) -> None:
            raise RuntimeError("boom")

        def test_never_runs(self) -> None:
            raise AssertionError("unreachable")

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Broken).run(result)
    assert len(result.errors) == 1 and "boom" in result.errors[0][1]
    assert get_fake() is None


@mock_bedrock
class TestPytestSetupClass:
    """pytest's setup_class / teardown_class are covered the same way."""

    arn = ""

    @classmethod
    def setup_class(cls) -> None:
        cls.arn = _create_job(_client(), "from-setup-class")

    def test_first(self) -> None:
        assert _job_count(_client()) == 1
        _create_job(_client(), "extra")

    def test_second(self) -> None:
        assert _job_count(_client()) == 1

    @classmethod
    def teardown_class(cls) -> None:
        assert get_fake() is not None


# --- the pytest marker ----------------------------------------------------------------------------------

def test_the_marker_alone_activates_a_fake(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import unittest
        import boto3
        import pytest
        from bedrock_fake import get_fake

        @pytest.mark.bedrock_fake(account_id="111122223333")
        def test_function():
            fake = get_fake()
            assert fake is not None and fake.account_id == "111122223333"
            client = boto3.client("bedrock", region_name="us-east-1")
            assert client.list_custom_models()["modelSummaries"] == []

        @pytest.mark.bedrock_fake
        class TestClass:
            def test_method(self):
                assert get_fake() is not None

        @pytest.mark.bedrock_fake
        class Case(unittest.TestCase):
            def test_case(self):
                assert get_fake() is not None

        def test_unmarked():
            assert get_fake() is None
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


@mock_bedrock
class TestPytestSetupMethod:
    """pytest's setup_method / teardown_method run under each test's fake, fresh for every test."""

    def setup_method(self, method: Any) -> None:
        assert get_fake() is not None, "setup_method ran without the fake"
        self.arn = _create_job(_client(), "for-" + method.__name__.replace("_", "-"))

    def test_one(self) -> None:
        assert _job_count(_client()) == 1
        _create_job(_client(), "extra")

    def test_two(self) -> None:
        assert _job_count(_client()) == 1

    def teardown_method(self) -> None:
        assert get_fake() is not None, "teardown_method ran without the fake"


def test_no_fake_is_left_active_after_a_setup_method_class_ran() -> None:
    assert get_fake() is None
