"""Which foundation models support batch inference (data for ``model_invocation_jobs``).

Source: AWS, *Supported Regions and models for batch inference* (Amazon Bedrock user guide), read for the
models in this fake's catalog. The fake does not vary this by Region (the page lists most of these in the
main US Regions); a model missing here is refused at CreateModelInvocationJob with ValidationException.
Base model ids (without a context-window suffix) are listed; variants share their base's answer.
"""

from __future__ import annotations

BATCH_MODELS: frozenset[str] = frozenset(
    (
        # Amazon
        "amazon.nova-micro-v1:0",
        "amazon.nova-lite-v1:0",
        "amazon.nova-pro-v1:0",
        "amazon.nova-premier-v1:0",
        "amazon.nova-2-lite-v1:0",
        "amazon.titan-embed-text-v2:0",
        "amazon.titan-embed-image-v1",
        # Anthropic
        "anthropic.claude-3-haiku-20240307-v1:0",
        "anthropic.claude-3-sonnet-20240229-v1:0",
        "anthropic.claude-3-opus-20240229-v1:0",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        # Meta
        "meta.llama3-1-8b-instruct-v1:0",
        "meta.llama3-1-70b-instruct-v1:0",
        "meta.llama3-1-405b-instruct-v1:0",
        "meta.llama3-2-1b-instruct-v1:0",
        "meta.llama3-2-3b-instruct-v1:0",
        "meta.llama3-2-11b-instruct-v1:0",
        "meta.llama3-2-90b-instruct-v1:0",
        "meta.llama3-3-70b-instruct-v1:0",
        # Mistral AI
        "mistral.mistral-large-2407-v1:0",
    )
)
