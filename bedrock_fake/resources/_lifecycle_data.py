"""When each catalog model launched, went Legacy, enters public extended access and reaches end of life.

``modelLifecycle`` of GetFoundationModel / ListFoundationModels (the four timestamps are in botocore 1.40+).
Sources: AWS's "Model lifecycle" pages (model-lifecycle.html, about 2025-10 and 2026-05..09) and
ListFoundationModels output captured from the live API between 2026-02 and 2026-08 (the repository
amazonbedrockmodels/amazonbedrockmodels.github.io, data/models.json). The values are us-east-1's. A bare date
is at 08:00 UTC (midnight Pacific standard time), as the API reports dates the pages give without a time.
As the API does: an ACTIVE model carries only its launch time; a LEGACY one also its legacy and end-of-life
times, and its public-extended-access time only where AWS gives one. Launch dates marked "start inferred"
are not from a source (Titan Text G1 Express / Lite, Titan Image Generator G1 v1, Claude 3 Opus).
"""

from __future__ import annotations

#: modelId -> (startOfLifeTime, legacyTime, publicExtendedAccessTime, endOfLifeTime): "YYYY-MM-DD" (08:00 UTC),
#: "YYYY-MM-DDTHH:MM" (UTC) or None
LIFECYCLE: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "amazon.titan-text-express-v1:0:8k": ("2023-11-29", "2025-01-31", None, "2025-08-15"),  # start inferred
    "amazon.titan-text-express-v1": ("2023-11-29", "2025-01-31", None, "2025-08-15"),  # start inferred
    "amazon.titan-text-lite-v1:0:4k": ("2023-11-29", "2025-01-31", None, "2025-08-15"),  # start inferred
    "amazon.titan-text-lite-v1": ("2023-11-29", "2025-01-31", None, "2025-08-15"),  # start inferred
    "amazon.titan-embed-text-v1:2:8k": ("2025-04-03", None, None, None),
    "amazon.titan-embed-text-v1": ("2025-04-03", None, None, None),
    "amazon.titan-embed-text-v2:0:8k": ("2024-04-30", None, None, None),
    "amazon.titan-embed-text-v2:0": ("2024-04-30", None, None, None),
    "amazon.titan-embed-image-v1:0": ("2023-11-29", None, None, None),
    "amazon.titan-embed-image-v1": ("2023-11-29", None, None, None),
    "amazon.titan-image-generator-v1:0": ("2023-11-29", "2025-01-31", None, "2025-08-15"),  # start inferred
    "amazon.titan-image-generator-v1": ("2023-11-29", "2025-01-31", None, "2025-08-15"),  # start inferred
    "amazon.titan-image-generator-v2:0": ("2024-08-06", "2025-12-30", None, "2026-06-30"),
    "amazon.nova-micro-v1:0:128k": ("2024-12-03", None, None, None),
    "amazon.nova-micro-v1:0:24k": ("2024-12-03", None, None, None),
    "amazon.nova-micro-v1:0": ("2024-12-03", None, None, None),
    "amazon.nova-lite-v1:0:300k": ("2024-12-03", None, None, None),
    "amazon.nova-lite-v1:0:24k": ("2024-12-03", None, None, None),
    "amazon.nova-lite-v1:0": ("2024-12-03", None, None, None),
    "amazon.nova-2-lite-v1:0:256k": ("2025-12-02", None, None, None),
    "amazon.nova-2-lite-v1:0": ("2025-12-02", None, None, None),
    "amazon.nova-pro-v1:0:300k": ("2024-12-03", None, None, None),
    "amazon.nova-pro-v1:0:24k": ("2024-12-03", None, None, None),
    "amazon.nova-pro-v1:0": ("2024-12-03", None, None, None),
    "amazon.nova-premier-v1:0:1000k": ("2025-04-30", None, None, None),
    "amazon.nova-premier-v1:0": ("2025-04-30", None, None, None),
    "anthropic.claude-3-haiku-20240307-v1:0:200k": ("2024-03-13", None, None, None),
    "anthropic.claude-3-haiku-20240307-v1:0:48k": ("2024-03-13", None, None, None),
    "anthropic.claude-3-haiku-20240307-v1:0": ("2024-03-13", None, None, None),
    "anthropic.claude-3-sonnet-20240229-v1:0:28k": ("2024-03-04", "2026-01-30", None, "2026-07-30"),
    "anthropic.claude-3-sonnet-20240229-v1:0:200k": ("2024-03-04", "2026-01-30", None, "2026-07-30"),
    "anthropic.claude-3-sonnet-20240229-v1:0": ("2024-03-04", "2026-01-30", None, "2026-07-30"),
    "anthropic.claude-3-5-sonnet-20240620-v1:0:18k": ("2024-06-20", "2025-08-25", "2025-12-01", "2026-03-01"),
    "anthropic.claude-3-5-sonnet-20240620-v1:0:51k": ("2024-06-20", "2025-08-25", "2025-12-01", "2026-03-01"),
    "anthropic.claude-3-5-sonnet-20240620-v1:0:200k": ("2024-06-20", "2025-08-25", "2025-12-01", "2026-03-01"),
    "anthropic.claude-3-5-sonnet-20240620-v1:0": ("2024-06-20", "2025-08-25", "2025-12-01", "2026-03-01"),
    "anthropic.claude-3-5-sonnet-20241022-v2:0:18k": ("2024-10-22", "2025-08-25", "2025-12-01", "2026-03-01"),
    "anthropic.claude-3-5-sonnet-20241022-v2:0:51k": ("2024-10-22", "2025-08-25", "2025-12-01", "2026-03-01"),
    "anthropic.claude-3-5-sonnet-20241022-v2:0:200k": ("2024-10-22", "2025-08-25", "2025-12-01", "2026-03-01"),
    "anthropic.claude-3-5-sonnet-20241022-v2:0": ("2024-10-22", "2025-08-25", "2025-12-01", "2026-03-01"),
    "anthropic.claude-3-opus-20240229-v1:0:12k": ("2024-04-16", None, None, None),  # start inferred
    "anthropic.claude-3-opus-20240229-v1:0:28k": ("2024-04-16", None, None, None),  # start inferred
    "anthropic.claude-3-opus-20240229-v1:0:200k": ("2024-04-16", None, None, None),  # start inferred
    "anthropic.claude-3-opus-20240229-v1:0": ("2024-04-16", None, None, None),  # start inferred
    "meta.llama3-8b-instruct-v1:0": ("2024-04-23", None, None, None),
    "meta.llama3-70b-instruct-v1:0": ("2024-04-23", None, None, None),
    "meta.llama3-1-8b-instruct-v1:0:128k": ("2024-07-23", None, None, None),
    "meta.llama3-1-8b-instruct-v1:0": ("2024-07-23", None, None, None),
    "meta.llama3-1-70b-instruct-v1:0:128k": ("2024-07-23", None, None, None),
    "meta.llama3-1-70b-instruct-v1:0": ("2024-07-23", None, None, None),
    "meta.llama3-1-405b-instruct-v1:0": ("2024-07-23", "2026-01-07", "2026-04-07", "2026-07-07"),
    "meta.llama3-2-1b-instruct-v1:0:128k": ("2024-09-25", "2026-01-07", "2026-04-07", "2026-07-07"),
    "meta.llama3-2-1b-instruct-v1:0": ("2024-09-25", "2026-01-07", "2026-04-07", "2026-07-07"),
    "meta.llama3-2-3b-instruct-v1:0:128k": ("2024-09-25", "2026-01-07", "2026-04-07", "2026-07-07"),
    "meta.llama3-2-3b-instruct-v1:0": ("2024-09-25", "2026-01-07", "2026-04-07", "2026-07-07"),
    "meta.llama3-2-11b-instruct-v1:0:128k": ("2024-09-25", "2026-01-07", "2026-04-07", "2026-07-07"),
    "meta.llama3-2-11b-instruct-v1:0": ("2024-09-25", "2026-01-07", "2026-04-07", "2026-07-07"),
    "meta.llama3-2-90b-instruct-v1:0:128k": ("2024-09-25", "2026-01-07", "2026-04-07", "2026-07-07"),
    "meta.llama3-2-90b-instruct-v1:0": ("2024-09-25", "2026-01-07", "2026-04-07", "2026-07-07"),
    "meta.llama3-3-70b-instruct-v1:0:128k": ("2024-12-19", None, None, None),
    "meta.llama3-3-70b-instruct-v1:0": ("2024-12-19", None, None, None),
    "cohere.command-r-v1:0": ("2024-04-30", None, None, None),
    "cohere.command-r-plus-v1:0": ("2024-04-30", None, None, None),
    "cohere.embed-english-v3:0:512": ("2025-01-24", None, None, None),
    "cohere.embed-english-v3": ("2025-01-24", None, None, None),
    "cohere.embed-multilingual-v3:0:512": ("2025-01-24", None, None, None),
    "cohere.embed-multilingual-v3": ("2025-01-24", None, None, None),
    "mistral.mistral-7b-instruct-v0:2": ("2024-03-01", None, None, None),
    "mistral.mixtral-8x7b-instruct-v0:1": ("2024-03-01", None, None, None),
    "mistral.mistral-large-2402-v1:0": ("2024-04-03", None, None, None),
    "mistral.mistral-large-2407-v1:0": ("2024-07-24", None, None, None),
}
