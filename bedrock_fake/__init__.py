"""bedrock_fake: an in-process, clock-driven fake of the Amazon Bedrock control plane for boto3.

::

    from bedrock_fake import mock_bedrock

    with mock_bedrock() as fake:
        client = boto3.client("bedrock", region_name="us-east-1")
        ...
"""

from __future__ import annotations

from ._clock import Clock, ManualClock, VirtualClock
from ._mock import BedrockFake, get_fake, mock_bedrock
from .errors import BedrockFakeError, OperationNotImplementedError, UnservedRequestError

__all__ = [
    "BedrockFake",
    "BedrockFakeError",
    "Clock",
    "ManualClock",
    "OperationNotImplementedError",
    "UnservedRequestError",
    "VirtualClock",
    "__version__",
    "get_fake",
    "mock_bedrock",
]

__version__ = "0.1.0"
