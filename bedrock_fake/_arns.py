"""ARNs: building them as AWS does (they match the service model's own patterns) and reading them."""

from __future__ import annotations

import random
import uuid
from typing import NamedTuple

_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def partition_for(region: str) -> str:
    """The AWS partition a region belongs to."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-iso-"):
        return "aws-iso"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    return "aws"


def new_id(rng: random.Random) -> str:
    """A resource id like AWS's: 12 characters of ``[a-z0-9]``."""
    return "".join(rng.choices(_ID_ALPHABET, k=12))


def bedrock_arn(partition: str, region: str, account: str, resource: str) -> str:
    """``arn:{partition}:bedrock:{region}:{account}:{resource}`` (account may be empty)."""
    return f"arn:{partition}:bedrock:{region}:{account}:{resource}"


class Arn(NamedTuple):
    """The parts of a Bedrock ARN: ``resource_type`` is the text before the first ``/``."""

    partition: str
    region: str
    account: str
    resource_type: str
    resource: str


def parse_arn(value: str) -> Arn | None:
    """Split a Bedrock ARN, or None if ``value`` is not one."""
    parts = value.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "bedrock":
        return None
    resource = parts[5]
    return Arn(parts[1], parts[3], parts[4], resource.split("/", 1)[0], resource)


def is_arn(value: str) -> bool:
    """True for anything that starts like an ARN."""
    return value.startswith("arn:")


def kms_key_arn(partition: str, region: str, account: str, key: str) -> str:
    """The key ARN a KMS key id, key ARN, alias or alias ARN stands for.

    The fake has no KMS: an alias resolves to a stable made-up key id derived from its name, so the
    same alias always yields the same key ARN (a documented approximation).
    """
    if key.startswith("arn:") and ":key/" in key:
        return key
    if key.startswith("arn:"):  # alias ARN: arn:aws:kms:region:account:alias/name
        _, kms_partition, _, kms_region, kms_account, _ = key.split(":", 5)
        return f"arn:{kms_partition}:kms:{kms_region}:{kms_account}:key/{uuid.uuid5(uuid.NAMESPACE_URL, key)}"
    if key.startswith("alias/"):
        return f"arn:{partition}:kms:{region}:{account}:key/{uuid.uuid5(uuid.NAMESPACE_URL, key)}"
    return f"arn:{partition}:kms:{region}:{account}:key/{key}"
