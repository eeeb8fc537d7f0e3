"""A guardrail's policies: the content rules a configuration must follow, and the config → policy
translation that GetGuardrail answers (governance reference §2.2, §2.3).

The translation walks botocore's shapes, so it answers exactly the members the installed release models:
``topicsConfig`` becomes ``topics``, ``tierConfig`` becomes ``tier`` and so on, and per-filter members the
request left out are filled with the values AWS applies (``FILL_POLICY_DEFAULTS``). The stored, translated
form is what GetGuardrail returns and what the runtime evaluates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._arns import parse_arn
from .._choices import choice, note
from .._data import clone
from .._service_model import service_model
from ..errors import not_found, shown, validation
from ._guardrail_regex import PatternError, compile_pattern
from ._inference_profiles_data import GEOGRAPHIES
from .resource_policies import policy_target

if TYPE_CHECKING:
    from .._request import Request

_SECTION = "Guardrails"
REQUIRE_A_POLICY = choice(
    "GUARDRAIL_REQUIRES_A_POLICY", True,
    "whether a guardrail without any policy (topics, content, words, sensitive information, grounding, automated "
    "reasoning) is refused with ValidationException, as the console refuses it",
    section=_SECTION, ref="§2.2", shown="`True`",
)
FILL_POLICY_DEFAULTS = choice(
    "FILL_POLICY_DEFAULTS", True,
    "whether GetGuardrail fills per-filter members the request left out with AWS's defaults (actions `BLOCK`, or "
    "the entity's `action` for sensitive information; `...Enabled` true; modalities `[\"TEXT\"]`; tier "
    "`CLASSIC`)",
    section=_SECTION, ref="§2.3", shown="`True`",
)
MAX_GROUNDING_THRESHOLD = choice(
    "MAX_GROUNDING_THRESHOLD", 0.99,
    "the largest contextual grounding / relevance `threshold` accepted (the model only says ≥ 0; AWS documents "
    "0 to 0.99)",
    section=_SECTION, ref="§2.2", shown="0.99",
)

note(_SECTION, "Guardrail profiles for `crossRegionConfig`: `us.guardrail.v1:0`, `eu.guardrail.v1:0` and "
     "`apac.guardrail.v1:0`, each from the Regions of its geography (as inference profiles); another is "
     "ResourceNotFoundException. Automated-reasoning policy ARNs are stored as given (that family is not served "
     "yet).")

#: geography -> its guardrail profile id (a guardrail in one of the geography's Regions may use it)
GUARDRAIL_PROFILES = {geo: f"{geo}.guardrail.v1:0" for geo in GEOGRAPHIES}

#: request member -> GetGuardrail member, for the policies
POLICIES = {
    "topicPolicyConfig": "topicPolicy",
    "contentPolicyConfig": "contentPolicy",
    "wordPolicyConfig": "wordPolicy",
    "sensitiveInformationPolicyConfig": "sensitiveInformationPolicy",
    "contextualGroundingPolicyConfig": "contextualGroundingPolicy",
    "automatedReasoningPolicyConfig": "automatedReasoningPolicy",
}
_RENAMES = {
    **POLICIES,
    "topicsConfig": "topics",
    "filtersConfig": "filters",
    "wordsConfig": "words",
    "managedWordListsConfig": "managedWordLists",
    "piiEntitiesConfig": "piiEntities",
    "regexesConfig": "regexes",
    "tierConfig": "tier",
}
_DEFAULTS: dict[str, Any] = {
    "inputAction": "BLOCK",
    "outputAction": "BLOCK",
    "inputEnabled": True,
    "outputEnabled": True,
    "inputModalities": ["TEXT"],
    "outputModalities": ["TEXT"],
    "action": "BLOCK",
    "enabled": True,
}


def policies(params: dict[str, Any]) -> dict[str, Any]:
    """The GetGuardrail form of the policies a Create/UpdateGuardrail request configures."""
    model = service_model()
    given = model.operation_model("CreateGuardrail").input_shape.members
    answered = model.operation_model("GetGuardrail").output_shape.members
    out: dict[str, Any] = {}
    for member, policy in POLICIES.items():
        if member in params and policy in answered:
            out[policy] = _render(params[member], given[member], answered[policy])
    return out


def _render(value: Any, given: Any, answered: Any) -> Any:
    if answered.type_name == "list":
        return [_render(item, given.member, answered.member) for item in value]
    if answered.type_name != "structure":
        return clone(value)
    out: dict[str, Any] = {}
    for name, item in value.items():
        target = _RENAMES.get(name, name)
        if target in answered.members:
            out[target] = _render(item, given.members[name], answered.members[target])
    if FILL_POLICY_DEFAULTS.value:
        for name, default in _DEFAULTS.items():
            if name in answered.members and name in given.members and name not in out:
                # a sensitive-information entity or regex acts on input and output as its `action` says
                out[name] = value.get("action", default) if name.endswith("Action") else clone(default)
        if "tier" in answered.members and "tier" not in out:
            out["tier"] = {"tierName": "CLASSIC"}
    return out


def guardrail_profile(request: Request, identifier: str) -> tuple[str, str] | None:
    """(id, ARN) of the guardrail profile ``identifier`` names (id or ARN) for the caller, or None."""
    profile_id = identifier
    if identifier.startswith("arn:"):
        parts = parse_arn(identifier)
        if parts is None or (parts.account, parts.region) != (request.account_id, request.region_name):
            return None
        profile_id = parts.resource.partition("/")[2]
    geo = profile_id.partition(".")[0]
    if GUARDRAIL_PROFILES.get(geo) != profile_id or request.region_name not in GEOGRAPHIES[geo][1]:
        return None
    return profile_id, request.arn(f"guardrail-profile/{profile_id}")


@policy_target("guardrail-profile")
def _profile_takes_policies(request: Request, arn: str) -> bool:
    return guardrail_profile(request, arn) is not None


def cross_region(request: Request) -> dict[str, Any]:
    """``crossRegionDetails`` (profile id and ARN) of the request's ``crossRegionConfig``, if it has one."""
    if "crossRegionConfig" not in request.params:
        return {}
    identifier = request.params["crossRegionConfig"]["guardrailProfileIdentifier"]
    profile = guardrail_profile(request, identifier)
    if profile is None:
        raise not_found(f"Could not find guardrail profile {shown(identifier)} for {request.region_name} "
                        "(crossRegionConfig.guardrailProfileIdentifier).")
    return {"crossRegionDetails": {"guardrailProfileId": profile[0], "guardrailProfileArn": profile[1]}}


# --- the content rules ------------------------------------------------------------------------------------
def check(params: dict[str, Any]) -> None:
    """Refuse a configuration that breaks AWS's documented rules (ValidationException naming the member)."""
    if REQUIRE_A_POLICY.value and not any(member in params for member in POLICIES):
        raise validation("A guardrail needs at least one policy: give one of " + ", ".join(POLICIES) + ".")
    _check_topics(params.get("topicPolicyConfig"))
    _check_content(params.get("contentPolicyConfig"))
    _check_words(params.get("wordPolicyConfig"))
    _check_sensitive(params.get("sensitiveInformationPolicyConfig"))
    _check_grounding(params.get("contextualGroundingPolicyConfig"))
    if "crossRegionConfig" not in params:
        for member in ("topicPolicyConfig", "contentPolicyConfig", "contextualGroundingPolicyConfig"):
            if params.get(member, {}).get("tierConfig", {}).get("tierName") == "STANDARD":
                raise validation(f"The STANDARD tier at '{member}.tierConfig.tierName' needs a crossRegionConfig "
                                 "(a guardrail profile).")


def _unique(items: list[dict[str, Any]], key: str, member: str, *, fold: bool = False) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        value = item[key].lower() if fold else item[key]
        if value in seen:
            raise validation(f"Value '{shown(item[key])}' at '{member}.{i}.member.{key}' repeats an earlier "
                             f"{key}{' (case-insensitively)' if fold else ''}: each must be unique.")
        seen.add(value)


def _check_topics(config: dict[str, Any] | None) -> None:
    if config is not None:
        _unique(config["topicsConfig"], "name", "topicPolicyConfig.topicsConfig", fold=True)


def _check_content(config: dict[str, Any] | None) -> None:
    if config is None:
        return
    filters = config["filtersConfig"]
    _unique(filters, "type", "contentPolicyConfig.filtersConfig")
    for i, item in enumerate(filters, 1):
        if item["type"] == "PROMPT_ATTACK" and item["outputStrength"] != "NONE":
            raise validation(f"Value '{item['outputStrength']}' at 'contentPolicyConfig.filtersConfig.{i}.member."
                             "outputStrength' failed to satisfy constraint: the PROMPT_ATTACK filter applies to "
                             "input only, so its outputStrength must be NONE.")


def _check_words(config: dict[str, Any] | None) -> None:
    if config is None:
        return
    _unique(config.get("wordsConfig", []), "text", "wordPolicyConfig.wordsConfig", fold=True)
    _unique(config.get("managedWordListsConfig", []), "type", "wordPolicyConfig.managedWordListsConfig")
    if not config.get("wordsConfig") and not config.get("managedWordListsConfig"):
        raise validation("wordPolicyConfig needs wordsConfig or managedWordListsConfig.")


def _check_sensitive(config: dict[str, Any] | None) -> None:
    if config is None:
        return
    _unique(config.get("piiEntitiesConfig", []), "type", "sensitiveInformationPolicyConfig.piiEntitiesConfig")
    _unique(config.get("regexesConfig", []), "name", "sensitiveInformationPolicyConfig.regexesConfig")
    if not config.get("piiEntitiesConfig") and not config.get("regexesConfig"):
        raise validation("sensitiveInformationPolicyConfig needs piiEntitiesConfig or regexesConfig.")
    for i, item in enumerate(config.get("regexesConfig", []), 1):
        try:
            compile_pattern(item["pattern"])
        except PatternError as exc:
            raise validation(f"Value '{shown(item['pattern'])}' at 'sensitiveInformationPolicyConfig.regexesConfig.{i}."
                             f"member.pattern' failed to satisfy constraint: Member must be a valid regular "
                             f"expression ({exc}).") from None


def _check_grounding(config: dict[str, Any] | None) -> None:
    if config is None:
        return
    filters = config["filtersConfig"]
    _unique(filters, "type", "contextualGroundingPolicyConfig.filtersConfig")
    limit = MAX_GROUNDING_THRESHOLD.value
    for i, item in enumerate(filters, 1):
        if item["threshold"] > limit:
            raise validation(f"Value '{item['threshold']}' at 'contextualGroundingPolicyConfig.filtersConfig.{i}."
                             f"member.threshold' failed to satisfy constraint: Member must be between 0 and {limit}.")
