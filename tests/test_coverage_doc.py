"""docs/coverage.md must match the operations the fake serves, for the newest botocore we pin.

The table is generated with the newest pinned botocore (constraints/newest.txt). Run against that
release, the test compares the whole page; run against any other (CI's oldest-botocore stage), it
checks what still can be checked — the page names the newest pinned release, and its "yes" rows are
exactly the served operations — and it never skips.
"""

from __future__ import annotations

import re
from pathlib import Path

import botocore

from bedrock_fake._backend import Backend
from bedrock_fake._coverage import render
from bedrock_fake._operations import HANDLERS, load_resources

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "coverage.md"


def _newest_pinned() -> str:
    found = re.search(r"^botocore==(\S+)$", (ROOT / "constraints" / "newest.txt").read_text(), flags=re.MULTILINE)
    assert found, "constraints/newest.txt pins no botocore"
    return found.group(1)


def _rows() -> dict[str, bool]:
    rows = re.findall(r"^\| (\w+) \| (yes|-) \|$", DOC.read_text(), flags=re.MULTILINE)
    return {name: mark == "yes" for name, mark in rows}


def test_page_is_generated_from_the_newest_pinned_botocore() -> None:
    assert f"botocore {_newest_pinned()})" in DOC.read_text(), (
        "docs/coverage.md was generated with another botocore: in a venv with constraints/newest.txt, run "
        "python -m bedrock_fake._coverage > docs/coverage.md"
    )


def test_page_is_current() -> None:
    if botocore.__version__ == _newest_pinned():
        assert DOC.read_text() == render(), "regenerate: python -m bedrock_fake._coverage > docs/coverage.md"
    load_resources()
    rows = _rows()
    assert {name for name, served in rows.items() if served} == set(HANDLERS)
    # An older botocore knows fewer operations, never one the newest lacks.
    assert set(Backend.service_model().operation_names) <= set(rows)


def test_seed_operations_are_all_implemented() -> None:
    seed = """CreateModelCustomizationJob GetModelCustomizationJob ListModelCustomizationJobs
    StopModelCustomizationJob CreateCustomModel GetCustomModel ListCustomModels DeleteCustomModel
    CreateModelCopyJob GetModelCopyJob ListModelCopyJobs CreateModelImportJob GetModelImportJob
    ListModelImportJobs GetImportedModel ListImportedModels DeleteImportedModel CreateEvaluationJob
    GetEvaluationJob ListEvaluationJobs StopEvaluationJob BatchDeleteEvaluationJob
    CreateProvisionedModelThroughput GetProvisionedModelThroughput ListProvisionedModelThroughputs
    UpdateProvisionedModelThroughput DeleteProvisionedModelThroughput TagResource UntagResource
    ListTagsForResource GetFoundationModel ListFoundationModels""".split()
    rows = _rows()
    assert [op for op in seed if not rows.get(op)] == []
