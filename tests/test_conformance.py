"""Wire conformance: every answer the fake gives is what botocore's own parser would make of the JSON the
service would send.

For each implemented operation (``bedrock_fake._operations.HANDLERS``, so new families are picked up
automatically) a small scenario produces real answers through boto3 (resources in several states, so
optional members appear); each answer is serialised to the service's JSON by a serializer driven by the
operation's output shape (which also rejects members outside the shape, ``None`` values, wrong Python
types, unknown enum values and missing required members), parsed back with
``botocore.parsers.RestJSONParser`` and compared with what the fake returned. ``HTTPStatusCode`` must be
the operation's modeled ``responseCode``.
"""

from __future__ import annotations

import base64
import datetime as _dt
import importlib.util
import json
import pathlib
from collections.abc import Callable
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.parsers import RestJSONParser
from conftest import REGION, ROLE, customization_job_params

from bedrock_fake import BedrockFake, ManualClock
from bedrock_fake._operations import HANDLERS, load_resources

load_resources()
SERVICE = botocore.session.get_session().get_service_model("bedrock")
WEST = "us-west-2"
HOURS = 3 * 3600  # longer than every default duration
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
FM = "anthropic.claude-3-haiku-20240307-v1:0"
VARIANT = "amazon.titan-text-express-v1:0:8k"

#: the operations of the reference's scope (§4): each must be implemented by the end
IN_SCOPE = (
    "CreateModelCustomizationJob GetModelCustomizationJob ListModelCustomizationJobs "
    "StopModelCustomizationJob "
    "CreateCustomModel GetCustomModel ListCustomModels DeleteCustomModel CreateModelCopyJob GetModelCopyJob "
    "ListModelCopyJobs CreateModelImportJob GetModelImportJob ListModelImportJobs GetImportedModel "
    "ListImportedModels DeleteImportedModel CreateEvaluationJob GetEvaluationJob ListEvaluationJobs "
    "StopEvaluationJob BatchDeleteEvaluationJob CreateProvisionedModelThroughput "
    "GetProvisionedModelThroughput "
    "ListProvisionedModelThroughputs UpdateProvisionedModelThroughput DeleteProvisionedModelThroughput "
    "TagResource UntagResource ListTagsForResource GetFoundationModel ListFoundationModels"
).split()


# --- the serializer -----------------------------------------------------------------------------------
def to_wire(value: Any, shape: Any, path: str, problems: list[str]) -> Any:
    """``value`` as the service's JSON would carry it for ``shape``; type and shape problems are collected."""
    kind = shape.type_name
    if value is None:
        problems.append(f"{path}: None (absent members must be omitted)")
        return None
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: {type(value).__name__}, expected dict")
            return value
        for name in shape.required_members:
            if name not in value:
                problems.append(f"{path}.{name}: required member missing")
        out: dict[str, Any] = {}
        for name, item in value.items():
            member = shape.members.get(name)
            if member is None:
                problems.append(f"{path}.{name}: not a member of {shape.name}")
                continue
            out[member.serialization.get("name", name)] = to_wire(item, member, f"{path}.{name}", problems)
        return out
    if kind == "list":
        if type(value) is not list:
            problems.append(f"{path}: {type(value).__name__}, expected list")
            return value
        return [to_wire(item, shape.member, f"{path}[{i}]", problems) for i, item in enumerate(value)]
    if kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: {type(value).__name__}, expected dict")
            return value
        return {
            to_wire(k, shape.key, f"{path} key", problems): to_wire(
                v, shape.value, f"{path}[{k!r}]", problems
            )
            for k, v in value.items()
        }
    if kind == "timestamp":
        if not isinstance(value, _dt.datetime) or value.tzinfo is None:
            problems.append(f"{path}: {value!r}, expected an aware datetime")
            return str(value)
        return value.isoformat()  # timestampFormat iso8601
    if kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: {value!r}, expected str")
        elif shape.enum and value not in shape.enum:
            problems.append(f"{path}: {value!r} is not in enum {shape.name}")
        return value
    if kind in ("integer", "long"):
        if type(value) is not int:
            problems.append(f"{path}: {value!r}, expected int")
        return value
    if kind in ("float", "double"):
        if type(value) not in (int, float):
            problems.append(f"{path}: {value!r}, expected float")
        return value
    if kind == "boolean":
        if type(value) is not bool:
            problems.append(f"{path}: {value!r}, expected bool")
        return value
    if kind == "blob":
        return base64.b64encode(value).decode()
    return value  # document


def check_answer(operation: str, answer: dict[str, Any]) -> None:
    """The conformance assertions for one answer of ``operation``."""
    model = SERVICE.operation_model(operation)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == model.http.get("responseCode", 200)
    output = {k: v for k, v in answer.items() if k != "ResponseMetadata"}
    shape = model.output_shape
    if shape is None or not shape.members:
        assert output == {}, f"{operation} has no output members but answered {output}"
        return
    problems: list[str] = []
    wire = to_wire(output, shape, operation, problems)
    assert problems == []
    body = json.dumps(wire).encode()
    raw = {
        "status_code": model.http.get("responseCode", 200),
        "headers": {"content-type": "application/json", "x-amzn-requestid": "conformance"},
        "body": body,
    }
    parsed = RestJSONParser().parse(raw, shape)
    parsed.pop("ResponseMetadata", None)
    assert parsed == output


# --- the scenario -------------------------------------------------------------------------------------
Call = tuple[Any, dict[str, Any]]


class World:
    """Resources of every family in several states, built on demand (each family once per test)."""

    def __init__(self, fake: BedrockFake) -> None:
        self.fake = fake
        self.east = boto3.client("bedrock", region_name=REGION)
        self.west = boto3.client("bedrock", region_name=WEST)
        self.ids: dict[str, str] = {}
        self._built: set[str] = set()

    def need(self, *families: str) -> World:
        for family in families:
            if family not in self._built:
                self._built.add(family)
                getattr(self, f"_build_{family}")()
        return self

    def settle(self) -> None:
        self.fake.clock.advance(HOURS)

    # customization jobs and the models they make
    def _build_customization(self) -> None:
        c, fake = self.east, self.fake
        full = customization_job_params(
            "conf-done",
            "conf-done-model",
            validationDataConfig={
                "validators": [{"s3Uri": "s3://val-bucket/a"}, {"s3Uri": "s3://val-bucket/b"}]
            },
            customModelKmsKeyId="alias/conf-key",
            vpcConfig={"subnetIds": ["subnet-0123"], "securityGroupIds": ["sg-0123"]},
            jobTags=[{"key": "team", "value": "ml"}],
            customModelTags=[{"key": "model", "value": "yes"}],
        )
        self.ids["job_done"] = c.create_model_customization_job(**full)["jobArn"]
        c.create_model_customization_job(
            **customization_job_params(
                "conf-distil",
                "conf-distil-model",
                baseModelIdentifier="amazon.nova-micro-v1:0",
                customizationType="DISTILLATION",
                customizationConfig={
                    "distillationConfig": {
                        "teacherModelConfig": {"teacherModelIdentifier": "amazon.nova-pro-v1:0"}
                    }
                },
            )
        )
        fake.set_outcome("conf-failed", "Failed", message="bad data")
        c.create_model_customization_job(**customization_job_params("conf-failed", "conf-failed-model"))
        c.create_model_customization_job(**customization_job_params("conf-stopped", "conf-stopped-model"))
        c.stop_model_customization_job(jobIdentifier="conf-stopped")
        self.settle()
        self.ids["model_done"] = c.get_custom_model(modelIdentifier="conf-done-model")["modelArn"]
        c.create_model_customization_job(**customization_job_params("conf-running", "conf-running-model"))
        c.create_model_customization_job(**customization_job_params("conf-stopping", "conf-stopping-model"))
        c.stop_model_customization_job(jobIdentifier="conf-stopping")

    def _build_custom_models(self) -> None:
        """Nothing to prepare: CreateCustomModel needs no other resource."""

    # CreateCustomModel models
    def _build_create_custom_model(self) -> None:
        c, fake = self.east, self.fake
        source = {"s3DataSource": {"s3Uri": "s3://sagemaker-out/nova-micro/run"}}
        c.create_custom_model(
            modelName="conf-cm-active",
            modelSourceConfig=source,
            modelKmsKeyArn=KEY_ARN,
            roleArn=ROLE,
            modelTags=[{"key": "a", "value": "b"}],
        )
        fake.set_outcome("conf-cm-failed", "Failed", message="bad artifacts", kind="custom_model")
        c.create_custom_model(modelName="conf-cm-failed", modelSourceConfig=source)
        self.settle()
        c.create_custom_model(modelName="conf-cm-creating", modelSourceConfig=source)

    # copy jobs into us-west-2
    def _build_copy(self) -> None:
        self.need("customization")
        w, fake = self.west, self.fake
        source = self.ids["model_done"]
        self.ids["copy_done"] = w.create_model_copy_job(
            sourceModelArn=source,
            targetModelName="conf-copy",
            modelKmsKeyId=KEY_ARN.replace("us-east-1", WEST),
            targetModelTags=[{"key": "copy", "value": "1"}],
        )["jobArn"]
        fake.set_outcome("conf-copy-failed", "Failed", message="copy failed", kind="model_copy_job")
        self.ids["copy_failed"] = w.create_model_copy_job(
            sourceModelArn=source, targetModelName="conf-copy-failed"
        )["jobArn"]
        self.settle()
        self.ids["copy_running"] = w.create_model_copy_job(
            sourceModelArn=source, targetModelName="conf-copy-run"
        )["jobArn"]

    # import jobs and imported models
    def _build_import(self) -> None:
        c, fake = self.east, self.fake

        def params(name: str, **extra: Any) -> dict[str, Any]:
            return {
                "jobName": name,
                "importedModelName": f"{name}-model",
                "roleArn": ROLE,
                "modelDataSource": {"s3DataSource": {"s3Uri": "s3://weights-bucket/llama/"}},
                **extra,
            }

        c.create_model_import_job(
            **params(
                "conf-import",
                importedModelKmsKeyId=KEY_ARN,
                jobTags=[{"key": "j", "value": "1"}],
                importedModelTags=[{"key": "m", "value": "1"}],
                clientRequestToken="conf-import-token",
                vpcConfig={"subnetIds": ["subnet-0123"], "securityGroupIds": ["sg-0123"]},
            )
        )
        fake.set_outcome("conf-import-failed", "Failed", message="bad weights", kind="model_import_job")
        c.create_model_import_job(**params("conf-import-failed"))
        c.create_model_import_job(**params("conf-import-extra"))
        self.settle()
        c.create_model_import_job(**params("conf-import-running"))

    # evaluation jobs
    def _build_evaluation(self) -> None:
        c, fake = self.east, self.fake
        self.ids["eval_done"] = c.create_evaluation_job(**evaluation_params("conf-eval-done"))["jobArn"]
        fake.set_outcome("conf-eval-failed", "Failed", message="evaluation failed", kind="evaluation_job")
        self.ids["eval_failed"] = c.create_evaluation_job(**human_evaluation_params("conf-eval-failed"))[
            "jobArn"
        ]
        stopped = c.create_evaluation_job(**evaluation_params("conf-eval-stopped"))["jobArn"]
        c.stop_evaluation_job(jobIdentifier=stopped)
        self.ids["eval_stopped"] = stopped
        self.settle()
        self.ids["eval_running"] = c.create_evaluation_job(
            **evaluation_params(
                "conf-eval-running",
                jobDescription="still going",
                customerEncryptionKeyId=KEY_ARN,
                jobTags=[{"key": "e", "value": "1"}],
            )
        )["jobArn"]

    # provisioned throughput
    def _build_throughput(self) -> None:
        self.need("customization")
        c, fake = self.east, self.fake
        c.create_provisioned_model_throughput(provisionedModelName="conf-pt", modelId=VARIANT, modelUnits=1)
        c.create_provisioned_model_throughput(
            provisionedModelName="conf-pt-committed",
            modelId="conf-done-model",
            modelUnits=1,
            commitmentDuration="OneMonth",
            tags=[{"key": "p", "value": "1"}],
        )
        fake.set_outcome(
            "conf-pt-failed", "Failed", message="no capacity", kind="provisioned_model_throughput"
        )
        c.create_provisioned_model_throughput(
            provisionedModelName="conf-pt-failed", modelId=VARIANT, modelUnits=1
        )
        c.create_provisioned_model_throughput(
            provisionedModelName="conf-pt-doomed", modelId=VARIANT, modelUnits=1
        )
        self.settle()
        c.create_provisioned_model_throughput(
            provisionedModelName="conf-pt-creating", modelId=VARIANT, modelUnits=1
        )
        c.update_provisioned_model_throughput(
            provisionedModelId="conf-pt", desiredProvisionedModelName="conf-pt-2"
        )


def evaluation_params(name: str, **extra: Any) -> dict[str, Any]:
    """An automated model evaluation job."""
    dataset = {"name": "my-dataset", "datasetLocation": {"s3Uri": "s3://eval-bucket/data/prompts.jsonl"}}
    return {
        "jobName": name,
        "roleArn": ROLE,
        "evaluationConfig": {
            "automated": {
                "datasetMetricConfigs": [
                    {"taskType": "Summarization", "dataset": dataset, "metricNames": ["Builtin.Accuracy"]}
                ]
            }
        },
        "inferenceConfig": {"models": [{"bedrockModel": {"modelIdentifier": FM}}]},
        "outputDataConfig": {"s3Uri": "s3://eval-bucket/out"},
        **extra,
    }


def human_evaluation_params(name: str) -> dict[str, Any]:
    """A human evaluation job over two models."""
    dataset = {"name": "my-dataset", "datasetLocation": {"s3Uri": "s3://eval-bucket/data/prompts.jsonl"}}
    params = evaluation_params(name)
    params["evaluationConfig"] = {
        "human": {
            "humanWorkflowConfig": {
                "flowDefinitionArn": "arn:aws:sagemaker:us-east-1:123456789012:flow-definition/my-flow",
                "instructions": "Rate each answer.",
            },
            "customMetrics": [
                {"name": "Relevance", "description": "Is it relevant", "ratingMethod": "ThumbsUpDown"}
            ],
            "datasetMetricConfigs": [
                {"taskType": "Generation", "dataset": dataset, "metricNames": ["Relevance"]}
            ],
        }
    }
    params["inferenceConfig"] = {
        "models": [{"bedrockModel": {"modelIdentifier": m}} for m in (FM, "amazon.titan-text-express-v1")]
    }
    return params


# --- recipes: operation -> (resource modules it needs, the calls to make) ------------------------------
def _cust_jobs(w: World) -> list[Call]:
    names = ("conf-done", "conf-distil", "conf-failed", "conf-stopped", "conf-running", "conf-stopping")
    calls: list[Call] = [(w.east, {"jobIdentifier": n}) for n in names]
    return [*calls, (w.east, {"jobIdentifier": w.ids["job_done"]})]


def _custom_models(w: World) -> list[Call]:
    names = ["conf-done-model", "conf-distil-model", "conf-cm-active", "conf-cm-failed", "conf-cm-creating"]
    calls: list[Call] = [(w.east, {"modelIdentifier": n}) for n in names]
    return [*calls, (w.west, {"modelIdentifier": "conf-copy"})]


def _list(
    client_of: Callable[[World], Any] = lambda w: w.east, **params: Any
) -> Callable[[World], list[Call]]:
    def calls(w: World) -> list[Call]:
        return [
            (client_of(w), {}),
            (client_of(w), {"maxResults": 1, **params}),
            (client_of(w), {"sortOrder": "Ascending", **params}),
        ]

    return calls


def _tag_targets(w: World) -> list[str]:
    return [w.ids["job_done"], w.ids["model_done"]]


RECIPES: dict[str, tuple[tuple[str, ...], Callable[[World], list[Call]]]] = {
    # customization.py
    "CreateModelCustomizationJob": (
        ("customization",),
        lambda w: [
            (w.east, customization_job_params("conf-new", "conf-new-model", clientRequestToken="conf-token")),
            (w.east, customization_job_params("conf-new", "conf-new-model", clientRequestToken="conf-token")),
        ],
    ),
    "GetModelCustomizationJob": (("customization",), _cust_jobs),
    "ListModelCustomizationJobs": (("customization",), _list(statusEquals="Completed")),
    "StopModelCustomizationJob": (
        ("customization",),
        lambda w: [(w.east, {"jobIdentifier": "conf-running"})],
    ),
    # custom_models.py (+ the families that make custom models)
    "CreateCustomModel": (
        ("custom_models",),
        lambda w: [
            (
                w.east,
                {
                    "modelName": "conf-cm-new",
                    "modelSourceConfig": {"s3DataSource": {"s3Uri": "s3://sm-out/x"}},
                },
            ),
        ],
    ),
    "GetCustomModel": (("customization", "create_custom_model", "copy"), _custom_models),
    "ListCustomModels": (("customization", "create_custom_model"), _list(modelStatus="Active")),
    "DeleteCustomModel": (("customization",), lambda w: [(w.east, {"modelIdentifier": "conf-distil-model"})]),
    # copy_jobs.py
    "CreateModelCopyJob": (
        ("copy",),
        lambda w: [
            (w.west, {"sourceModelArn": w.ids["model_done"], "targetModelName": "conf-copy-new"}),
        ],
    ),
    "GetModelCopyJob": (
        ("copy",),
        lambda w: [(w.west, {"jobArn": w.ids[k]}) for k in ("copy_done", "copy_failed", "copy_running")],
    ),
    "ListModelCopyJobs": (("copy",), _list(lambda w: w.west, statusEquals="Completed")),
    # import_jobs.py
    "CreateModelImportJob": (
        ("import",),
        lambda w: [
            (
                w.east,
                {
                    "jobName": "conf-import-new",
                    "importedModelName": "conf-import-new-model",
                    "roleArn": ROLE,
                    "modelDataSource": {"s3DataSource": {"s3Uri": "s3://weights-bucket/mistral/"}},
                },
            )
        ],
    ),
    "GetModelImportJob": (
        ("import",),
        lambda w: [
            (w.east, {"jobIdentifier": n})
            for n in ("conf-import", "conf-import-failed", "conf-import-running")
        ],
    ),
    "ListModelImportJobs": (("import",), _list(statusEquals="Completed")),
    "GetImportedModel": (("import",), lambda w: [(w.east, {"modelIdentifier": "conf-import-model"})]),
    "ListImportedModels": (("import",), _list(nameContains="conf")),
    "DeleteImportedModel": (
        ("import",),
        lambda w: [(w.east, {"modelIdentifier": "conf-import-extra-model"})],
    ),
    # evaluation.py
    "CreateEvaluationJob": (("evaluation",), lambda w: [(w.east, evaluation_params("conf-eval-new"))]),
    "GetEvaluationJob": (
        ("evaluation",),
        lambda w: [
            (w.east, {"jobIdentifier": w.ids[k]})
            for k in ("eval_done", "eval_failed", "eval_stopped", "eval_running")
        ],
    ),
    "ListEvaluationJobs": (("evaluation",), _list(statusEquals="Completed")),
    "StopEvaluationJob": (("evaluation",), lambda w: [(w.east, {"jobIdentifier": w.ids["eval_running"]})]),
    "BatchDeleteEvaluationJob": (
        ("evaluation",),
        lambda w: [
            (
                w.east,
                {
                    "jobIdentifiers": [
                        w.ids["eval_done"],
                        w.ids["eval_running"],
                        w.ids["eval_done"][:-12] + "zzzzzzzzzzzz",
                    ]
                },
            )
        ],
    ),
    # provisioned_throughput.py
    "CreateProvisionedModelThroughput": (
        ("throughput",),
        lambda w: [
            (
                w.east,
                {
                    "provisionedModelName": "conf-pt-new",
                    "modelId": VARIANT,
                    "modelUnits": 1,
                },
            )
        ],
    ),
    "GetProvisionedModelThroughput": (
        ("throughput",),
        lambda w: [
            (w.east, {"provisionedModelId": n})
            for n in ("conf-pt-2", "conf-pt-committed", "conf-pt-failed", "conf-pt-creating")
        ],
    ),
    "ListProvisionedModelThroughputs": (("throughput",), _list(statusEquals="InService")),
    "UpdateProvisionedModelThroughput": (
        ("throughput",),
        lambda w: [
            (
                w.east,
                {"provisionedModelId": "conf-pt-committed", "desiredProvisionedModelName": "conf-pt-renamed"},
            ),
        ],
    ),
    "DeleteProvisionedModelThroughput": (
        ("throughput",),
        lambda w: [(w.east, {"provisionedModelId": "conf-pt-doomed"})],
    ),
    # _tags.py
    "TagResource": (
        ("customization",),
        lambda w: [
            (w.east, {"resourceARN": arn, "tags": [{"key": "added", "value": "1"}]})
            for arn in _tag_targets(w)
        ],
    ),
    "UntagResource": (
        ("customization",),
        lambda w: [(w.east, {"resourceARN": arn, "tagKeys": ["team", "absent"]}) for arn in _tag_targets(w)],
    ),
    "ListTagsForResource": (
        ("customization", "import", "evaluation", "throughput"),
        lambda w: (
            [(w.east, {"resourceARN": arn}) for arn in _tag_targets(w)]
            + [
                (w.east, {"resourceARN": s["jobArn"]})
                for s in w.east.list_model_import_jobs()["modelImportJobSummaries"]
            ]
            + [(w.east, {"resourceARN": w.ids["eval_running"]})]
            + [
                (w.east, {"resourceARN": p["provisionedModelArn"]})
                for p in w.east.list_provisioned_model_throughputs()["provisionedModelSummaries"]
            ]
        ),
    ),
}


def _family_recipes() -> dict[str, tuple[tuple[str, ...], Callable[[World], list[Call]]]]:
    """Recipes a family's own test module declares as ``CONFORMANCE_RECIPES`` (operation -> a function
    of a :class:`World` giving the calls), so a new family adds its scenario without editing this file."""
    found: dict[str, tuple[tuple[str, ...], Callable[[World], list[Call]]]] = {}
    for path in sorted(pathlib.Path(__file__).parent.glob("test_*.py")):
        if path.stem == pathlib.Path(__file__).stem:
            continue
        if "CONFORMANCE_RECIPES" not in path.read_text(encoding="utf-8"):
            continue
        module = importlib.import_module(path.stem)
        for operation, calls in module.CONFORMANCE_RECIPES.items():
            if operation in RECIPES or operation in found:
                raise AssertionError(f"{operation} has two conformance recipes ({path.name})")
            found[operation] = ((), calls)
    return found


RECIPES.update(_family_recipes())

#: scenario family -> the resource modules it drives (a missing module skips recipes that need it)
FAMILY_MODULES = {
    "customization": ("customization", "custom_models"),
    "custom_models": ("custom_models",),
    "create_custom_model": ("custom_models",),
    "copy": ("copy_jobs",),
    "import": ("import_jobs",),
    "evaluation": ("evaluation",),
    "throughput": ("provisioned_throughput",),
}


def _missing_modules(families: tuple[str, ...]) -> list[str]:
    modules = {m for f in families for m in FAMILY_MODULES[f]}
    return sorted(m for m in modules if importlib.util.find_spec(f"bedrock_fake.resources.{m}") is None)


def _operation_of(name: str) -> Any:
    return SERVICE.operation_model(name)


def _call(client: Any, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    method = getattr(client, botocore.xform_name(operation))
    return method(**params)  # type: ignore[no-any-return]


@pytest.mark.bedrock_fake(clock=ManualClock("2024-05-01T12:00:00Z"))
@pytest.mark.parametrize("operation", sorted(HANDLERS))
def test_answers_round_trip_through_botocores_parser(bedrock_fake: BedrockFake, operation: str) -> None:
    if operation not in RECIPES:
        if (
            _operation_of(operation).input_shape is not None
            and _operation_of(operation).input_shape.required_members
        ):
            pytest.fail(f"{operation} is implemented but has no recipe: add one to RECIPES in {__name__} or to "
                        "CONFORMANCE_RECIPES in the family's test module")
        families: tuple[str, ...] = ()
        calls: Callable[[World], list[Call]] = lambda w: [(w.east, {})]  # noqa: E731
    else:
        families, calls = RECIPES[operation]
    missing = _missing_modules(families)
    if missing:
        pytest.skip(f"{operation} needs resource modules that do not exist yet: {', '.join(missing)}")
    world = World(bedrock_fake).need(*families)
    made = calls(world)
    assert made
    for client, params in made:
        answer = _call(client, operation, params)
        check_answer(operation, answer)


def test_every_operation_in_scope_is_implemented() -> None:
    missing = [op for op in IN_SCOPE if op not in HANDLERS]
    if missing:
        pytest.skip(f"not implemented yet (other families in progress): {', '.join(missing)}")
    assert set(IN_SCOPE) <= set(HANDLERS)


def test_every_handler_names_a_real_operation() -> None:
    assert set(HANDLERS) <= set(SERVICE.operation_names)


def test_the_serializer_catches_what_the_parser_would_hide() -> None:
    """The checks beyond the parser's fail on bad answers (the conformance test itself can fail)."""
    ok = {"jobArn": "x", "ResponseMetadata": {"HTTPStatusCode": 201}}
    check_answer("CreateModelCustomizationJob", ok)
    bad_answers: list[dict[str, Any]] = [
        {"jobArn": "x", "extra": 1, "ResponseMetadata": {"HTTPStatusCode": 201}},
        {"jobArn": None, "ResponseMetadata": {"HTTPStatusCode": 201}},
        {"jobArn": "x", "ResponseMetadata": {"HTTPStatusCode": 200}},
        {"ResponseMetadata": {"HTTPStatusCode": 201}},
    ]
    for bad in bad_answers:
        with pytest.raises(AssertionError):
            check_answer("CreateModelCustomizationJob", bad)
    naive = {
        "modelSummaries": [
            {
                "modelArn": "a",
                "modelName": "n",
                "creationTime": _dt.datetime(2024, 1, 1),
                "baseModelArn": "b",
                "baseModelName": "c",
            }
        ],
        "ResponseMetadata": {"HTTPStatusCode": 200},
    }
    with pytest.raises(AssertionError):
        check_answer("ListCustomModels", naive)
    as_tuple = {"modelSummaries": (), "ResponseMetadata": {"HTTPStatusCode": 200}}
    with pytest.raises(AssertionError):
        check_answer("ListCustomModels", as_tuple)
    bad_enum = {
        "jobArn": "a",
        "jobName": "n",
        "outputModelName": "m",
        "roleArn": "r",
        "status": "Running",
        "creationTime": _dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc),
        "baseModelArn": "b",
        "trainingDataConfig": {},
        "validationDataConfig": {"validators": []},
        "outputDataConfig": {"s3Uri": "s"},
        "ResponseMetadata": {"HTTPStatusCode": 200},
    }
    with pytest.raises(AssertionError):
        check_answer("GetModelCustomizationJob", bad_enum)
    bad_enum["status"] = "InProgress"
    check_answer("GetModelCustomizationJob", bad_enum)
