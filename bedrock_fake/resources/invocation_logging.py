"""Model invocation logging configuration (serving reference §8).

Operations: Put / Get / DeleteModelInvocationLoggingConfiguration.

One configuration per account and Region, an account/Region singleton (a :class:`~bedrock_fake._registry.Table`),
no lifecycle. Put replaces the whole configuration; Get returns exactly what was put, or no
``loggingConfig`` member while nothing is set; Delete clears it and succeeds when nothing is set (the model
lists no ResourceNotFoundException for either). Lengths and the role ARN pattern are checked by the core's
model-driven validation; the rules below are the ones the model cannot express.
"""

from __future__ import annotations

import re
from typing import Any

from .._choices import choice, note
from .._data import clone
from .._operations import operation
from .._registry import Table
from .._request import Request
from ..errors import shown, validation

_SECTION = "Model invocation logging"

REQUIRE_A_DESTINATION = choice(
    "LOGGING_REQUIRES_A_DESTINATION", True,
    "whether a `loggingConfig` with neither `s3Config` nor `cloudWatchConfig` is refused (ValidationException)",
    section=_SECTION, ref="§8", shown="refused",
)
CHECK_BUCKET_NAMES = choice(
    "LOGGING_CHECKS_BUCKET_NAMES", True,
    "whether S3 bucket names must follow S3's naming rules (AWS refuses a bucket that does not exist; a name "
    "off those rules cannot exist). The fake cannot check that buckets, log groups or roles exist",
    section=_SECTION, ref="§8", shown="checked",
)
UNSET_ANSWER = choice(
    "LOGGING_UNSET_ANSWER", "absent",
    "what GetModelInvocationLoggingConfiguration answers while nothing is set: no `loggingConfig` member "
    "(as an IaC provider observes) rather than `{}`",
    section=_SECTION, ref="§8", shown="`loggingConfig` absent",
)
note(_SECTION, "Put replaces the whole configuration (REST PUT semantics, as infrastructure tools use it): members "
     "not sent are gone, nothing is merged and no defaults are added; Get returns exactly what was put. Delete "
     "succeeds whether or not a configuration is set (the model lists no not-found error) (§8, §12.6).")
note(_SECTION, "One configuration per account and Region, off until one is put. The fake has no S3, CloudWatch Logs "
     "or IAM: that the bucket and log group exist in the caller's account and Region and that the role trusts "
     "`bedrock.amazonaws.com` is not checked (real Bedrock answers ValidationException) (§8).")

#: the configuration of each account and Region (None: logging is off, the default)
CONFIGS: Table[dict[str, Any]] = Table("model invocation logging configuration", dict)
_KEY = "loggingConfig"

# S3 general-purpose bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and ending
# with a letter or digit, no two adjacent dots, not formatted as an IP address.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_IP = re.compile(r"\d+\.\d+\.\d+\.\d+")


def _check_bucket(member: str, name: str) -> None:
    if not CHECK_BUCKET_NAMES.value:
        return
    if not _BUCKET.fullmatch(name) or ".." in name or _IP.fullmatch(name):
        raise validation(
            f"{member} {shown(name)} is not a valid S3 bucket name: use 3-63 lowercase letters, digits, dots "
            "and hyphens, starting and ending with a letter or digit."
        )


def _check(config: dict[str, Any]) -> None:
    """What the model cannot say: a destination is needed, and bucket names must be possible ones."""
    cloudwatch, s3 = config.get("cloudWatchConfig"), config.get("s3Config")
    if REQUIRE_A_DESTINATION.value and cloudwatch is None and s3 is None:
        raise validation(
            "loggingConfig must have a destination: set loggingConfig.s3Config, loggingConfig.cloudWatchConfig "
            "or both."
        )
    if s3 is not None:
        _check_bucket("loggingConfig.s3Config.bucketName", s3["bucketName"])
    large = (cloudwatch or {}).get("largeDataDeliveryS3Config")
    if large is not None:
        _check_bucket("loggingConfig.cloudWatchConfig.largeDataDeliveryS3Config.bucketName", large["bucketName"])


@operation("PutModelInvocationLoggingConfiguration")
def put_logging_configuration(request: Request) -> dict[str, Any]:
    """Set (replace) this account's logging configuration in this Region."""
    config = request.params["loggingConfig"]
    _check(config)
    request.region.table(CONFIGS)[_KEY] = clone(config)
    return {}


@operation("GetModelInvocationLoggingConfiguration")
def get_logging_configuration(request: Request) -> dict[str, Any]:
    """The configuration exactly as it was put, or nothing while logging is off."""
    config = (request.region.peek(CONFIGS) or {}).get(_KEY)
    if config is None:
        return {} if UNSET_ANSWER.value == "absent" else {_KEY: {}}
    return {_KEY: clone(config)}


@operation("DeleteModelInvocationLoggingConfiguration")
def delete_logging_configuration(request: Request) -> dict[str, Any]:
    """Turn logging off (also when it is off already: the model lists no not-found error)."""
    request.region.table(CONFIGS).pop(_KEY, None)
    return {}

