"""pytest plugin (registered through the ``pytest11`` entry point): the ``bedrock_fake`` fixture.

Options come from the ``bedrock_fake`` marker::

    @pytest.mark.bedrock_fake(account_id="111122223333", real_sleep=False)
    def test_it(bedrock_fake): ...

A test (or class, or module) that carries the marker but does not ask for the fixture still runs
under a fake: the marker alone activates one (reach it with ``bedrock_fake.get_fake()``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._mock import BedrockFake


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker so ``--strict-markers`` accepts it."""
    config.addinivalue_line("markers", "bedrock_fake(**options): options for the bedrock_fake fixture")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The marker without the fixture: request the fixture for the test, as if it had named it."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is not None and "bedrock_fake" not in names and item.get_closest_marker("bedrock_fake"):
            names.append("bedrock_fake")


@pytest.fixture
def bedrock_fake(request: pytest.FixtureRequest) -> Iterator[BedrockFake]:
    """An active fake Bedrock control plane for one test; every ``bedrock`` client call goes to it."""
    marker = request.node.get_closest_marker("bedrock_fake")
    options = dict(marker.kwargs) if marker is not None else {}
    with BedrockFake(**options) as fake:
        yield fake
