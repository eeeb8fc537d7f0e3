"""A realistic Bedrock MLOps pipeline, run entirely under bedrock_fake in about a second.

fine-tune -> read back and tag -> Provisioned Throughput -> evaluation -> copy to a second region
-> import an open-weight model -> clean-up.

The functions above ``main()`` are ordinary production code: they take a boto3 client, poll with
``time.sleep(60)`` like real pipelines do, and know nothing about the fake. ``main()`` runs them
under ``mock_bedrock()``: the sleeps move the fake's clock instead of blocking, so a job that takes
40 simulated minutes finishes in milliseconds.

Run:  python examples/finetune_pipeline.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import boto3

from bedrock_fake import mock_bedrock

ROLE = "arn:aws:iam::123456789012:role/BedrockCustomization"
POLL_SECONDS = 60
Log = Callable[[str], None]


# --- production code ------------------------------------------------------------------------------
def wait_until(read: Callable[[], dict[str, Any]], key: str, done: set[str], log: Log, what: str) -> dict[str, Any]:
    """Poll ``read()`` every minute until ``answer[key]`` is one of ``done``."""
    last = None
    while True:
        answer = read()
        if answer[key] != last:
            log(f"{what}: {answer[key]}")
            last = answer[key]
        if answer[key] in done:
            return answer
        time.sleep(POLL_SECONDS)


def fine_tune(bedrock: Any, name: str, log: Log) -> str:
    """Fine-tune Titan Text Express on our data; return the custom model ARN."""
    job_arn = bedrock.create_model_customization_job(
        jobName=f"{name}-job",
        customModelName=name,
        roleArn=ROLE,
        baseModelIdentifier="amazon.titan-text-express-v1",
        customizationType="FINE_TUNING",
        trainingDataConfig={"s3Uri": "s3://ml-data/support-tickets/train.jsonl"},
        validationDataConfig={"validators": [{"s3Uri": "s3://ml-data/support-tickets/validation.jsonl"}]},
        outputDataConfig={"s3Uri": "s3://ml-artifacts/support-bot/"},
        hyperParameters={"epochCount": "2", "batchSize": "1", "learningRate": "0.00001"},
        jobTags=[{"key": "team", "value": "support"}],
    )["jobArn"]
    log(f"created customization job {job_arn}")
    job = wait_until(
        lambda: bedrock.get_model_customization_job(jobIdentifier=job_arn),
        "status", {"Completed", "Failed", "Stopped"}, log, "customization job",
    )
    if job["status"] != "Completed":
        raise RuntimeError(f"fine-tuning ended {job['status']}: {job.get('failureMessage')}")
    log(f"training loss {job['trainingMetrics']['trainingLoss']}, "
        f"validation loss {job['validationMetrics'][0]['validationLoss']}")
    return str(job["outputModelArn"])


def publish(bedrock: Any, model_arn: str, log: Log) -> None:
    """Read the new model back and tag it as ready for review."""
    model = bedrock.get_custom_model(modelIdentifier=model_arn)
    log(f"custom model {model['modelName']} is {model['modelStatus']} (base {model['baseModelArn'].split('/')[-1]})")
    bedrock.tag_resource(resourceARN=model_arn, tags=[{"key": "stage", "value": "review"}])
    tags = bedrock.list_tags_for_resource(resourceARN=model_arn)["tags"]
    log(f"tagged: {', '.join(t['key'] + '=' + t['value'] for t in tags)}")


def provision(bedrock: Any, model_arn: str, name: str, log: Log) -> str:
    """Buy one model unit of Provisioned Throughput (no commitment) and wait until it serves."""
    pt_arn = bedrock.create_provisioned_model_throughput(
        provisionedModelName=name, modelId=model_arn, modelUnits=1, tags=[{"key": "team", "value": "support"}]
    )["provisionedModelArn"]
    wait_until(
        lambda: bedrock.get_provisioned_model_throughput(provisionedModelId=pt_arn),
        "status", {"InService", "Failed"}, log, "provisioned throughput",
    )
    return str(pt_arn)


def evaluate(bedrock: Any, pt_arn: str, name: str, log: Log) -> str:
    """Run an automated evaluation of the provisioned model on a built-in dataset."""
    job_arn = bedrock.create_evaluation_job(
        jobName=name,
        roleArn=ROLE,
        evaluationConfig={"automated": {"datasetMetricConfigs": [{
            "taskType": "QuestionAndAnswer",
            "dataset": {"name": "Builtin.BoolQ"},
            "metricNames": ["Builtin.Accuracy", "Builtin.Robustness"],
        }]}},
        inferenceConfig={"models": [{"bedrockModel": {"modelIdentifier": pt_arn, "inferenceParams": "{}"}}]},
        outputDataConfig={"s3Uri": "s3://ml-artifacts/evaluations/"},
    )["jobArn"]
    job = wait_until(
        lambda: bedrock.get_evaluation_job(jobIdentifier=job_arn),
        "status", {"Completed", "Failed", "Stopped"}, log, "evaluation job",
    )
    if job["status"] != "Completed":
        raise RuntimeError(f"evaluation ended {job['status']}: {job.get('failureMessages')}")
    return str(job_arn)


def copy_to_region(target: Any, model_arn: str, name: str, log: Log) -> str:
    """Copy the model into another region (the target client's) for disaster recovery."""
    job_arn = target.create_model_copy_job(sourceModelArn=model_arn, targetModelName=name)["jobArn"]
    job = wait_until(
        lambda: target.get_model_copy_job(jobArn=job_arn), "status", {"Completed", "Failed"}, log, "copy job",
    )
    if job["status"] != "Completed":
        raise RuntimeError(f"copy failed: {job.get('failureMessage')}")
    log(f"copied into {target.meta.region_name} as {job['targetModelArn']}")
    return str(job["targetModelArn"])


def import_open_weights(bedrock: Any, name: str, log: Log) -> str:
    """Import an open-weight Llama checkpoint from S3 as a Bedrock imported model."""
    job_arn = bedrock.create_model_import_job(
        jobName=f"{name}-import",
        importedModelName=name,
        roleArn=ROLE,
        modelDataSource={"s3DataSource": {"s3Uri": "s3://ml-artifacts/llama3-8b-support/"}},
    )["jobArn"]
    job = wait_until(
        lambda: bedrock.get_model_import_job(jobIdentifier=job_arn),
        "status", {"Completed", "Failed"}, log, "import job",
    )
    if job["status"] != "Completed":
        raise RuntimeError(f"import failed: {job.get('failureMessage')}")
    model = bedrock.get_imported_model(modelIdentifier=job["importedModelArn"])
    log(f"imported {model['modelName']} ({model['modelArchitecture']}, instruct={model['instructSupported']})")
    return str(model["modelArn"])


def clean_up(bedrock: Any, west: Any, made: dict[str, str], log: Log) -> None:
    """Delete everything the pipeline made, dependants first."""
    bedrock.delete_provisioned_model_throughput(provisionedModelId=made["throughput"])
    bedrock.batch_delete_evaluation_job(jobIdentifiers=[made["evaluation"]])
    bedrock.delete_custom_model(modelIdentifier=made["model"])
    west.delete_custom_model(modelIdentifier=made["copy"])
    bedrock.delete_imported_model(modelIdentifier=made["imported"])
    log("deleted throughput, evaluation job, both custom models and the imported model")


# --- running it under the fake --------------------------------------------------------------------
def main() -> None:
    """Run the pipeline under the fake and print its timeline (simulated time | real time)."""
    started = time.perf_counter()
    with mock_bedrock() as fake:
        origin = fake.clock.now()

        def log(event: str) -> None:
            simulated = fake.clock.now() - origin
            minutes, seconds = divmod(int(simulated.total_seconds()), 60)
            real_ms = (time.perf_counter() - started) * 1000
            print(f"[sim +{minutes:3d}m{seconds:02d}s | real {real_ms:7.1f} ms] {event}")

        bedrock = boto3.client("bedrock", region_name="us-east-1")
        west = boto3.client("bedrock", region_name="us-west-2")
        made: dict[str, str] = {}
        made["model"] = fine_tune(bedrock, "support-bot", log)
        publish(bedrock, made["model"], log)
        made["throughput"] = provision(bedrock, made["model"], "support-bot-pt", log)
        made["evaluation"] = evaluate(bedrock, made["throughput"], "support-bot-eval", log)
        made["copy"] = copy_to_region(west, made["model"], "support-bot-dr", log)
        made["imported"] = import_open_weights(bedrock, "support-llama", log)
        clean_up(bedrock, west, made, log)
    print(f"pipeline finished: {(time.perf_counter() - started) * 1000:.0f} ms of real time")


if __name__ == "__main__":
    main()
