"""The default prompt routers Bedrock provides (data for ``prompt_routers``).

Source: AWS, *Understanding intelligent prompt routing* (Amazon Bedrock user guide) and the routers a
ListPromptRouters call shows in us-east-1 and us-west-2 (serving reference §9). Each router routes between
two models of one family; the fallback is the first.
"""

from __future__ import annotations

#: router id (the ARN's last segment) -> (name, description, fallback model, other model)
DEFAULT_ROUTERS: dict[str, tuple[str, str, str, str]] = {
    "anthropic.claude:1": (
        "Anthropic Prompt Router",
        "Routes requests among models in the Claude family",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "anthropic.claude-3-haiku-20240307-v1:0",
    ),
    "meta.llama:1": (
        "Meta Prompt Router",
        "Routes requests among models in the LLaMA family",
        "meta.llama3-1-70b-instruct-v1:0",
        "meta.llama3-1-8b-instruct-v1:0",
    ),
}

#: the Regions that have the default routers
DEFAULT_ROUTER_REGIONS: frozenset[str] = frozenset(("us-east-1", "us-west-2"))
