"""Nothing escapes an active fake: no socket or DNS lookup, no credential provider run, no user state.

The checks use Python's audit hooks (PEP 578), which see every ``socket.connect``, ``getaddrinfo``,
subprocess and file open in the process, whoever makes it: a test here fails if anything under the
fake so much as tries. The suite is generic over Bedrock services: every ``bedrock*`` service the
installed botocore knows is covered, with no list to keep up to date.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from conftest import REGION, customization_job_params

from bedrock_fake import OperationNotImplementedError, mock_bedrock

_FAKE_ACCOUNT = "123456789012"
_REAL_KEY = "AKIAREALKEYNOTFAKE00"


_NETWORK_AND_PROCESSES = frozenset(
    ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "subprocess.Popen", "os.system",
     "os.posix_spawn", "os.exec", "os.fork")
)


class _Audit:
    """Audit events recorded while armed: network, processes, and opens of watched paths."""

    def __init__(self) -> None:
        self.armed = False
        self.events: list[tuple[str, str]] = []
        self.watched: list[str] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.armed:
            return
        if event in _NETWORK_AND_PROCESSES:
            self.events.append((event, repr(args[:2])))
        elif event == "open" and isinstance(args[0], (str, Path)):
            path = str(args[0])
            if any(path.startswith(watched) for watched in self.watched) and _credential_code_on_stack():
                self.events.append(("credential read", path))


def _credential_code_on_stack() -> bool:
    """Whether botocore's (or aiobotocore's) credential or token providers are doing the opening.

    botocore also parses the credentials file for its *profile names* whenever a session first loads
    its configuration; that reads no credential and is not what this suite forbids.
    """
    frame: Any = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_filename.replace(os.sep, "/").endswith(("/credentials.py", "/tokens.py")):
            return True  # botocore's or aiobotocore's credential and token providers
        if getattr(code, "co_qualname", code.co_name).startswith("SSOTokenLoader"):
            return True  # botocore.utils: reads the SSO token cache
        frame = frame.f_back
    return False


AUDIT = _Audit()
sys.addaudithook(AUDIT)  # hooks cannot be removed; it records only while a test arms it


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[_Audit]:
    AUDIT.events.clear()
    AUDIT.watched = [str(tmp_path)]
    AUDIT.armed = True
    try:
        yield AUDIT
    finally:
        AUDIT.armed = False


@pytest.fixture
def booby_trapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An AWS configuration that would reach for real credentials everywhere it is read.

    A credentials file with a real-looking key; a profile whose ``credential_process`` leaves a marker
    file when run; an SSO profile whose token cache lives under ``tmp_path``; container credentials at
    a local URI; no AWS_* keys in the environment.
    """
    marker = tmp_path / "credential-process-ran"
    script = tmp_path / "credential-process"
    script.write_text(f"#!/bin/sh\ntouch {marker}\necho '{{\"Version\": 1, \"AccessKeyId\": \"{_REAL_KEY}\", "
                      '"SecretAccessKey": "s"}\'\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "credentials").write_text(
        f"[default]\naws_access_key_id = {_REAL_KEY}\naws_secret_access_key = real-secret\n"
        f"aws_account_id = 999988887777\n"
    )
    (tmp_path / "config").write_text(
        f"[profile p]\ncredential_process = {script}\nregion = {REGION}\n\n"
        "[profile sso]\nsso_session = corp\nsso_account_id = 999988887777\nsso_role_name = Admin\n"
        f"region = {REGION}\n\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
        "sso_registration_scopes = sso:account:access\n"
    )
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))  # the SSO token cache: ~/.aws/sso/cache
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/credentials")
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "a-real-bedrock-api-key")
    boto3.DEFAULT_SESSION = None  # the next boto3.client() builds a session from this configuration
    return marker


def _account_of(client: Any) -> str:
    arn = client.create_model_customization_job(**customization_job_params())["jobArn"]
    return str(arn.split(":")[4])


# --- credentials ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("profile", [None, "p", "sso"])
def test_clients_never_run_the_users_credential_chain(
    booby_trapped: Path, audit: _Audit, profile: str | None
) -> None:
    with mock_bedrock():
        session = boto3.Session(profile_name=profile) if profile else boto3.Session()
        client = session.client("bedrock", region_name=REGION)
        assert _account_of(client) == _FAKE_ACCOUNT  # the fake's account, not 999988887777
        assert client._request_signer._credentials.access_key != _REAL_KEY
    assert not booby_trapped.exists(), "credential_process ran"
    assert audit.events == []


def test_the_default_boto3_session_is_left_as_it_was(booby_trapped: Path) -> None:
    with mock_bedrock():
        boto3.client("bedrock", region_name=REGION).list_custom_models()
    # After the fake, the user's own chain answers again (and nothing of the fake's was cached).
    credentials = boto3.Session().get_credentials()
    assert credentials is not None and credentials.access_key == _REAL_KEY


def test_explicit_keys_in_code_are_used(booby_trapped: Path) -> None:
    with mock_bedrock() as fake:
        client = boto3.client("bedrock", region_name=REGION, **fake.credentials_for("210987654321"))
        assert _account_of(client) == "210987654321"
        session = boto3.Session(**fake.credentials_for("111122223333"))
        assert _account_of(session.client("bedrock", region_name=REGION)) == "111122223333"


def test_clients_made_before_the_fake_keep_their_keys_unused(booby_trapped: Path, audit: _Audit) -> None:
    audit.armed = False
    client = boto3.client("bedrock", region_name=REGION)  # resolves the user's chain: not under the fake
    audit.armed = True
    with mock_bedrock():
        assert _account_of(client) == _FAKE_ACCOUNT
    assert audit.events == []


# --- other Bedrock services ------------------------------------------------------------------------------
def _bedrock_services() -> list[str]:
    return sorted(s for s in botocore.session.get_session().get_available_services() if s.startswith("bedrock"))


def _simple_operation(service: str) -> tuple[str, dict[str, str]]:
    """An operation of ``service`` whose required members are all strings, with params botocore accepts."""
    model = botocore.session.get_session().get_service_model(service)
    for name in sorted(model.operation_names, key=lambda n: len(model.operation_model(n).input_shape.required_members
                                                               if model.operation_model(n).input_shape else ())):
        shape = model.operation_model(name).input_shape
        required = shape.required_members if shape is not None else []
        if all(shape.members[m].type_name == "string" for m in required):
            return str(name), {m: "a" * max(1, shape.members[m].metadata.get("min", 1)) for m in required}
    raise AssertionError(f"{service} has no operation that takes only strings")


OTHER_SERVICES = [s for s in _bedrock_services() if s != "bedrock"]


def test_every_bedrock_service_of_this_botocore_is_covered() -> None:
    assert {"bedrock-runtime", "bedrock-agent", "bedrock-agent-runtime"} <= set(OTHER_SERVICES)


@pytest.mark.parametrize("service", OTHER_SERVICES)
def test_unserved_bedrock_services_are_refused_before_anything_is_sent(
    booby_trapped: Path, audit: _Audit, service: str
) -> None:
    operation, params = _simple_operation(service)
    with mock_bedrock():
        client = boto3.client(service, region_name=REGION, config=Config(retries={"total_max_attempts": 1}))
        method = getattr(client, botocore.xform_name(operation))
        with pytest.raises(OperationNotImplementedError, match=f"{service} {operation}"):
            method(**params)
    assert audit.events == []
    assert not booby_trapped.exists()


def test_moto_still_answers_the_bedrock_services_it_serves(booby_trapped: Path, audit: _Audit) -> None:
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_bedrock():
        agent = boto3.client("bedrock-agent", region_name=REGION)
        created = agent.create_agent(agentName="helper", foundationModel="amazon.titan-text-express-v1")
        listed = agent.list_agents()["agentSummaries"]
        assert [a["agentId"] for a in listed] == [created["agent"]["agentId"]]
        # ... while the control plane is still ours
        assert boto3.client("bedrock", region_name=REGION).list_custom_models()["modelSummaries"] == []
    assert [e for e in audit.events if e[0].startswith("socket")] == []


# --- state and activation ---------------------------------------------------------------------------------
def test_nothing_is_served_after_exit(audit: _Audit) -> None:
    client = boto3.client(
        "bedrock", region_name=REGION, config=Config(retries={"total_max_attempts": 1}),
        aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="secret",
    )
    with mock_bedrock():
        client.list_custom_models()
    audit.events.clear()
    with pytest.raises(Exception) as raised:
        client.list_custom_models()
    assert not isinstance(raised.value, OperationNotImplementedError)
    assert any(event == "socket.getaddrinfo" for event, _ in audit.events)  # botocore went for the network


def test_no_state_passes_between_consecutive_fakes() -> None:
    with mock_bedrock():
        client = boto3.client("bedrock", region_name=REGION)
        client.create_model_customization_job(**customization_job_params())
        assert len(client.list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 1
    with mock_bedrock():
        assert client.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_the_process_is_left_as_it_was() -> None:
    import asyncio
    import time

    import botocore.credentials
    import botocore.endpoint

    before = (
        time.sleep, asyncio.sleep, botocore.endpoint.Endpoint.make_request, botocore.endpoint.Endpoint._send,
        botocore.endpoint.Endpoint._do_get_response, botocore.session.Session.create_client,
        botocore.credentials.InstanceMetadataProvider.load, os.environ.get("AWS_EC2_METADATA_DISABLED"),
    )
    with mock_bedrock(), mock_bedrock():
        assert time.sleep is not before[0]
    after = (
        time.sleep, asyncio.sleep, botocore.endpoint.Endpoint.make_request, botocore.endpoint.Endpoint._send,
        botocore.endpoint.Endpoint._do_get_response, botocore.session.Session.create_client,
        botocore.credentials.InstanceMetadataProvider.load, os.environ.get("AWS_EC2_METADATA_DISABLED"),
    )
    assert after == before
