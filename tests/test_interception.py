"""Which calls the fake answers, and that nothing ever reaches the network while it is active."""

from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError
from conftest import REGION, customization_job_params

import bedrock_fake
from bedrock_fake import BedrockFake, OperationNotImplementedError, UnservedRequestError, mock_bedrock
from bedrock_fake._operations import HANDLERS, load_resources


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record every attempt to resolve a host or open a connection, and refuse it.

    Refusing with OSErrors (not AssertionError) lets botocore fail the way it does offline, so a test
    can tell "botocore tried the network" (an entry here) from "the fake stopped it" (no entry).
    """
    attempts: list[Any] = []

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(host)
        raise socket.gaierror(socket.EAI_NONAME, f"no network in tests (resolving {host!r})")

    def connect(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise ConnectionRefusedError(f"no network in tests (connecting to {address!r})")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    return attempts


#: Clients used to show botocore reaching for the network: one attempt, no retries (no real backoff).
ONE_ATTEMPT = Config(retries={"total_max_attempts": 1})
KEYS = {"aws_access_key_id": "AKIAEXAMPLE", "aws_secret_access_key": "secret"}


def _unimplemented_operation() -> str:
    load_resources()
    model = botocore.session.get_session().get_service_model("bedrock")
    missing = [name for name in model.operation_names if name not in HANDLERS]
    assert "GetMarketplaceModelEndpoint" in missing
    return "GetMarketplaceModelEndpoint"


def test_client_created_before_activation_is_served(no_network: list[Any]) -> None:
    client = boto3.client("bedrock", region_name=REGION)  # (may look for credentials: not our business)
    no_network.clear()
    with mock_bedrock():
        arn = client.create_model_customization_job(**customization_job_params())["jobArn"]
        assert client.get_model_customization_job(jobIdentifier=arn)["jobArn"] == arn
    assert no_network == []


def test_credential_lookup_does_not_reach_the_metadata_service(no_network: list[Any]) -> None:
    # A session made before activation has read the environment already, so only the fake's
    # patch keeps its credential chain from asking the EC2 metadata service at 169.254.169.254.
    session = boto3.session.Session(region_name=REGION)
    session.get_credentials()  # builds the credential chain now, outside the mock
    no_network.clear()
    with mock_bedrock():
        assert session.get_credentials() is None
        session.client("bedrock").list_custom_models()
    assert no_network == []


def test_client_created_inside_activation_is_served(bedrock_fake: BedrockFake, no_network: list[Any]) -> None:
    client = boto3.client("bedrock", region_name=REGION)
    assert client.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []
    assert no_network == []


def test_client_from_an_explicit_boto3_session_is_served(
    bedrock_fake: BedrockFake, no_network: list[Any]
) -> None:
    client = boto3.session.Session(region_name="eu-west-1").client("bedrock")
    arn = client.create_model_customization_job(**customization_job_params())["jobArn"]
    assert arn.startswith("arn:aws:bedrock:eu-west-1:123456789012:model-customization-job/")


def test_client_from_a_plain_botocore_session_is_served(
    bedrock_fake: BedrockFake, no_network: list[Any]
) -> None:
    client = botocore.session.get_session().create_client("bedrock", region_name=REGION)
    assert client.list_custom_models()["modelSummaries"] == []


def test_served_without_any_credentials(bedrock_fake: BedrockFake) -> None:
    # tests/conftest.py strips the environment and config files: no credentials at all.
    session = boto3.session.Session(region_name=REGION)
    assert session.get_credentials() is None
    client = session.client("bedrock")
    assert client.list_model_customization_jobs()["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_served_with_arbitrary_credentials(bedrock_fake: BedrockFake) -> None:
    client = boto3.client("bedrock", region_name=REGION, **KEYS)
    arn = client.create_model_customization_job(**customization_job_params())["jobArn"]
    # Credentials that are not the fake's own act as the fake's default account.
    assert ":123456789012:" in arn


def test_client_that_escaped_interception_never_reaches_the_network(
    bedrock_fake: BedrockFake, no_network: list[Any]
) -> None:
    client = boto3.client("bedrock", region_name=REGION, **KEYS)
    # Simulate a client whose emitter lacks our hook (as one from a session made before our import would).
    client.meta.events.unregister("before-call.bedrock", bedrock_fake_module()._interceptor._answer)
    with pytest.raises(UnservedRequestError, match="ListCustomModels") as raised:
        client.list_custom_models()
    assert "import bedrock_fake" in str(raised.value)
    assert isinstance(raised.value, bedrock_fake_module().BedrockFakeError)
    assert no_network == []


def bedrock_fake_module() -> Any:
    """The package itself (the fixture of the same name shadows it inside tests)."""
    return bedrock_fake


def test_an_escaped_client_goes_back_to_normal_after_stop(no_network: list[Any]) -> None:
    client = boto3.client("bedrock", region_name=REGION, config=ONE_ATTEMPT, **KEYS)
    client.meta.events.unregister("before-call.bedrock", bedrock_fake._interceptor._answer)
    with mock_bedrock(), pytest.raises(UnservedRequestError):
        client.list_custom_models()
    assert no_network == []
    # Outside the mock botocore is untouched: the call really goes for the network.
    with pytest.raises(EndpointConnectionError):
        client.list_custom_models()
    assert "bedrock.us-east-1.amazonaws.com" in no_network


def test_without_an_active_fake_the_hook_lets_botocore_proceed(no_network: list[Any]) -> None:
    client = boto3.client("bedrock", region_name=REGION, config=ONE_ATTEMPT, **KEYS)
    with pytest.raises(EndpointConnectionError):
        client.list_custom_models()
    assert "bedrock.us-east-1.amazonaws.com" in no_network


def test_unimplemented_operation_names_itself(bedrock_fake: BedrockFake, no_network: list[Any]) -> None:
    operation = _unimplemented_operation()
    client = boto3.client("bedrock", region_name=REGION)
    with pytest.raises(OperationNotImplementedError, match=operation) as raised:
        client.get_marketplace_model_endpoint(endpointArn="arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint")
    assert isinstance(raised.value, NotImplementedError)
    assert no_network == []


def test_botocore_client_side_validation_still_applies(bedrock_fake: BedrockFake) -> None:
    from botocore.exceptions import ParamValidationError

    client = boto3.client("bedrock", region_name=REGION)
    with pytest.raises(ParamValidationError, match="jobIdentifier"):
        client.get_model_customization_job()


def test_server_side_validation_answers_as_a_modeled_error(bedrock_fake: BedrockFake) -> None:
    client = boto3.client("bedrock", region_name=REGION)
    with pytest.raises(client.exceptions.ValidationException) as raised:
        client.list_model_customization_jobs(maxResults=5000)
    assert "maxResults" in raised.value.response["Error"]["Message"]
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_other_services_are_not_intercepted(bedrock_fake: BedrockFake, no_network: list[Any]) -> None:
    sts = boto3.client("sts", region_name=REGION, config=ONE_ATTEMPT, **KEYS)
    # Our hook is not consulted: botocore goes on to the network (refused by the fixture).
    with pytest.raises(EndpointConnectionError):
        sts.get_caller_identity()
    # the regional or the global endpoint, depending on the botocore release
    assert any(host.startswith("sts.") and host.endswith(".amazonaws.com") for host in no_network)


def test_bedrock_runtime_is_refused_before_it_is_sent(bedrock_fake: BedrockFake, no_network: list[Any]) -> None:
    runtime = boto3.client("bedrock-runtime", region_name=REGION, config=ONE_ATTEMPT, **KEYS)
    with pytest.raises(OperationNotImplementedError, match="bedrock-runtime InvokeModel"):
        runtime.invoke_model(modelId="amazon.titan-text-express-v1", body=b"{}")
    assert no_network == []


def test_answers_look_like_botocore_parsed_them(bedrock_fake: BedrockFake) -> None:
    client = boto3.client("bedrock", region_name=REGION)
    created = client.create_model_customization_job(**customization_job_params())
    meta = created["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 201  # CreateModelCustomizationJob's modeled responseCode
    assert meta["RetryAttempts"] == 0
    assert meta["RequestId"] == meta["HTTPHeaders"]["x-amzn-requestid"]
    job = client.get_model_customization_job(jobIdentifier=created["jobArn"])
    assert job["creationTime"].tzinfo is not None
    assert None not in job.values()


def test_errors_are_client_errors_with_the_modeled_shape(bedrock_fake: BedrockFake) -> None:
    client = boto3.client("bedrock", region_name=REGION)
    with pytest.raises(ClientError) as raised:
        client.get_model_customization_job(jobIdentifier="no-such-job")
    response = raised.value.response
    assert response["Error"]["Code"] == "ResourceNotFoundException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert isinstance(raised.value, client.exceptions.ResourceNotFoundException)


def test_paginators_are_served(bedrock_fake: BedrockFake) -> None:
    client = boto3.client("bedrock", region_name=REGION)
    for i in range(5):
        client.create_model_customization_job(**customization_job_params(f"job-{i}", f"model-{i}"))
    paginator = client.get_paginator("list_model_customization_jobs")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["modelCustomizationJobSummaries"]) for p in pages] == [2, 2, 1]


# --- accounts and regions --------------------------------------------------------------------------


def _job_arns(client: Any) -> list[str]:
    return [j["jobArn"] for j in client.list_model_customization_jobs()["modelCustomizationJobSummaries"]]


@pytest.mark.bedrock_fake(account_id="111122223333")
def test_account_id_option_shows_in_arns(bedrock_fake: BedrockFake) -> None:
    client = boto3.client("bedrock", region_name="us-west-2")
    arn = client.create_model_customization_job(**customization_job_params())["jobArn"]
    assert arn.startswith("arn:aws:bedrock:us-west-2:111122223333:model-customization-job/")
    bedrock_fake.clock.advance(24 * 3600)
    job = client.get_model_customization_job(jobIdentifier=arn)
    assert job["outputModelArn"].startswith("arn:aws:bedrock:us-west-2:111122223333:custom-model/")


def test_state_is_per_region(bedrock_fake: BedrockFake) -> None:
    east = boto3.client("bedrock", region_name="us-east-1")
    west = boto3.client("bedrock", region_name="us-west-2")
    arn = east.create_model_customization_job(**customization_job_params())["jobArn"]
    assert west.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.get_model_customization_job(jobIdentifier="job-1")
    # The same name is free in the other region.
    west.create_model_customization_job(**customization_job_params())
    assert _job_arns(east) == [arn]


def test_state_is_per_account(bedrock_fake: BedrockFake) -> None:
    mine = boto3.client("bedrock", region_name=REGION)
    theirs = boto3.client("bedrock", region_name=REGION, **bedrock_fake.credentials_for("210987654321"))
    arn = mine.create_model_customization_job(**customization_job_params())["jobArn"]
    assert ":123456789012:" in arn
    assert theirs.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []
    with pytest.raises(theirs.exceptions.ResourceNotFoundException):
        theirs.get_model_customization_job(jobIdentifier="job-1")
    other_arn = theirs.create_model_customization_job(**customization_job_params())["jobArn"]
    assert other_arn.startswith("arn:aws:bedrock:us-east-1:210987654321:model-customization-job/")
    assert _job_arns(mine) == [arn]


def test_credentials_for_through_a_session(bedrock_fake: BedrockFake) -> None:
    session = boto3.session.Session(region_name=REGION, **bedrock_fake.credentials_for("210987654321"))
    arn = session.client("bedrock").create_model_customization_job(**customization_job_params())["jobArn"]
    assert ":210987654321:" in arn


@pytest.mark.parametrize("bad", ["123", "12345678901a", 123456789012])
def test_credentials_for_refuses_malformed_accounts(bedrock_fake: BedrockFake, bad: Any) -> None:
    with pytest.raises(ValueError, match="12 digits"):
        bedrock_fake.credentials_for(bad)


def test_many_threads_with_their_own_clients(bedrock_fake: BedrockFake) -> None:
    session = boto3.session.Session()
    session_lock = threading.Lock()

    def work(worker: int) -> list[str]:
        with session_lock:  # creating clients is not thread-safe in boto3; using them is
            client = session.client("bedrock", region_name=REGION)
        return [
            client.create_model_customization_job(
                **customization_job_params(f"job-{worker}-{i}", f"model-{worker}-{i}")
            )["jobArn"]
            for i in range(25)
        ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        arns = [arn for batch in pool.map(work, range(8)) for arn in batch]
    assert len(arns) == 200
    assert len(set(arns)) == 200
    client = boto3.client("bedrock", region_name=REGION)
    listed = [
        j["jobArn"]
        for page in client.get_paginator("list_model_customization_jobs").paginate()
        for j in page["modelCustomizationJobSummaries"]
    ]
    assert sorted(listed) == sorted(arns)


def test_a_stubber_on_a_client_takes_precedence(bedrock_fake: BedrockFake) -> None:
    # botocore's Stubber answers on the more specific ``before-call.*.*``: the way to script an
    # operation the fake does not implement (the OperationNotImplementedError message says so).
    from botocore.stub import Stubber

    stubbed = boto3.client("bedrock", region_name=REGION)
    with Stubber(stubbed) as stubber:
        stubber.add_response("list_custom_models", {"modelSummaries": []})
        stubber.add_client_error("get_guardrail", "ResourceNotFoundException", http_status_code=404)
        assert stubbed.list_custom_models()["modelSummaries"] == []
        with pytest.raises(stubbed.exceptions.ResourceNotFoundException):
            stubbed.get_guardrail(guardrailIdentifier="gr-1234567890ab")
        # Other clients are still served by the fake.
        served = boto3.client("bedrock", region_name=REGION)
        served.create_model_customization_job(**customization_job_params())
        assert len(served.list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 1
