"""A realistic Bedrock MLOps pipeline, run entirely under bedrock_fake in about a second.

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


def clean_up(bedrock: Any, model_arn: str, log: Log) -> None:
    """Delete what the pipeline made."""
    bedrock.delete_custom_model(modelIdentifier=model_arn)
    log("deleted the custom model")


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
        model_arn = fine_tune(bedrock, "support-bot", log)
        publish(bedrock, model_arn, log)
        clean_up(bedrock, model_arn, log)
    print(f"pipeline finished: {(time.perf_counter() - started) * 1000:.0f} ms of real time")


if __name__ == "__main__":
    main()
