"""docs/behaviour.md, generated from the declared choices: ``python -m bedrock_fake._behaviour_doc``.

Kept apart from ``_choices`` so the package never imports it (and ``python -m`` runs no second copy).
"""

from __future__ import annotations

from collections.abc import Callable

from ._choices import DURATIONS, SECTIONS

_INTRO = """# Behaviour choices

Where AWS documents nothing (the team's behaviour references mark such behaviour **[U]**), bedrock_fake has
to choose. Every choice is declared beside the code that makes it (`choice(...)`, `duration(...)`,
`note(...)` from `bedrock_fake/_choices.py`), and this page is generated from those declarations by
`python -m bedrock_fake._behaviour_doc > docs/behaviour.md` (a test fails when it drifts). `§N` names the
section of the behaviour reference a choice answers.

Tests may change a choice for one test with `monkeypatch.setattr(bedrock_fake._behaviour, NAME, value)`: the
fake reads the choices at call time. Each family's page also lists its choices under "Choices where AWS
behaviour is unconfirmed".
"""


def _fmt_seconds(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)} min"
    return f"{seconds:g} s"


def render(load: Callable[[], None] | None = None) -> str:
    """docs/behaviour.md as Markdown (``load`` imports every family first)."""
    if load is not None:
        load()
    lines = [_INTRO, "## Durations (`fake.set_duration(name, seconds)` overrides them)", ""]
    lines += [
        "Realistic, and well inside what production waiters allow (Airflow's Bedrock waiters: 2.5 h for",
        "customization jobs, 20 min for provisioned throughput; SageMaker's BedrockModelBuilder: 1 h for import",
        "jobs).",
        "",
        "| name | default | what it times | § |",
        "|---|---|---|---|",
    ]
    for d in sorted(DURATIONS.values(), key=lambda d: d.name):
        lines.append(f"| `{d.name}` | {_fmt_seconds(d.seconds)} | {d.times} | {d.ref} |")
    for section in SECTIONS.values():
        lines += ["", f"## {section.title}", ""]
        if section.choices:
            lines += ["| Constant | Decides | Value | § |", "|---|---|---|---|"]
            for c in section.choices:
                shown = c.shown or f"`{c.value!r}`"
                lines.append(f"| `{c.name}` | {c.decides} | {shown} | {c.ref} |")
        if section.notes:
            if section.choices:
                lines.append("")
            lines += [f"- {text}" for text in section.notes]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from ._operations import load_resources

    print(render(load_resources), end="")
