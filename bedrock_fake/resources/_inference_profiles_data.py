"""System-defined (cross-Region) inference profiles (data for ``inference_profiles``).

Sources: AWS, *Supported Regions and models for inference profiles* (Amazon Bedrock user guide), read for
the models in this fake's catalog; for ``global.``: the Amazon Nova 2 user guide (*Core inference*: Nova 2 Lite
is called as ``global.amazon.nova-2-lite-v1:0`` or ``us.amazon.nova-2-lite-v1:0``), the Nova Lite model card
(*Global inference ID: Not supported* — the first-generation Nova and the Claude 3 models have none), the
inference-profile page ("the destination Regions for Global cross-Region inference profiles include all
commercial Regions") and GetInferenceProfile output quoted publicly: a global profile's ``models`` are the
source Region's model ARN and the Region-less ``arn:aws:bedrock:::foundation-model/<model>`` (any commercial
Region). AWS's other global profiles (Claude Sonnet 4 / 4.5, Haiku 4.5, Opus 4.5, ...) route to models this
fake's catalog does not have, so they are not seeded.

Simplifications (documented in docs/inference-profiles.md): every source Region of a geography routes to all
of that geography's Regions listed here, where AWS varies the destinations a little by source Region and
model; a ``global.`` profile is callable from every Region listed here (AWS: from most commercial Regions).
"""

from __future__ import annotations

#: geography prefix -> (display prefix, its Regions: the source Regions and the destinations)
GEOGRAPHIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "us": ("US", ("us-east-1", "us-east-2", "us-west-2")),
    "eu": ("EU", ("eu-central-1", "eu-west-1", "eu-west-3")),
    "apac": ("APAC", ("ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2")),
}
#: the geography whose destinations are every commercial Region, shown as one Region-less model ARN
GLOBAL = "global"
GEOGRAPHIES[GLOBAL] = ("Global", tuple(r for _, regions in tuple(GEOGRAPHIES.values()) for r in regions))

#: geography prefix -> the foundation models it has a system profile for
SYSTEM_PROFILE_MODELS: dict[str, tuple[str, ...]] = {
    "us": (
        "amazon.nova-micro-v1:0",
        "amazon.nova-lite-v1:0",
        "amazon.nova-pro-v1:0",
        "amazon.nova-premier-v1:0",
        "amazon.nova-2-lite-v1:0",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "anthropic.claude-3-sonnet-20240229-v1:0",
        "anthropic.claude-3-opus-20240229-v1:0",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        "meta.llama3-1-8b-instruct-v1:0",
        "meta.llama3-1-70b-instruct-v1:0",
        "meta.llama3-2-1b-instruct-v1:0",
        "meta.llama3-2-3b-instruct-v1:0",
        "meta.llama3-2-11b-instruct-v1:0",
        "meta.llama3-2-90b-instruct-v1:0",
        "meta.llama3-3-70b-instruct-v1:0",
    ),
    "eu": (
        "amazon.nova-micro-v1:0",
        "amazon.nova-lite-v1:0",
        "amazon.nova-pro-v1:0",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "anthropic.claude-3-sonnet-20240229-v1:0",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "meta.llama3-2-1b-instruct-v1:0",
        "meta.llama3-2-3b-instruct-v1:0",
    ),
    "apac": (
        "amazon.nova-micro-v1:0",
        "amazon.nova-lite-v1:0",
        "amazon.nova-pro-v1:0",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "anthropic.claude-3-sonnet-20240229-v1:0",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
    ),
    GLOBAL: ("amazon.nova-2-lite-v1:0",),
}


def system_profile(region: str, profile_id: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(geography, model id, destination Regions) of a system profile callable from ``region``, or None.

    A ``global.`` profile's destinations are ``region`` and ``""`` (the Region-less ARN: any commercial Region).
    """
    geo, _, model_id = profile_id.partition(".")
    found = GEOGRAPHIES.get(geo)
    if found is None or region not in found[1] or model_id not in SYSTEM_PROFILE_MODELS.get(geo, ()):
        return None
    return geo, model_id, (region, "") if geo == GLOBAL else found[1]


def system_profile_ids(region: str) -> list[str]:
    """Every system profile id callable from ``region``, sorted."""
    return sorted(
        f"{geo}.{model_id}"
        for geo, (_, regions) in GEOGRAPHIES.items() if region in regions
        for model_id in SYSTEM_PROFILE_MODELS[geo]
    )
