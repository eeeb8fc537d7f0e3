"""docs/coverage.md must match the operations the fake serves."""

from __future__ import annotations

from pathlib import Path

import botocore
import pytest

from bedrock_fake._coverage import render

DOC = Path(__file__).resolve().parent.parent / "docs" / "coverage.md"


def test_coverage_table_is_current() -> None:
    if f"botocore {botocore.__version__})" not in DOC.read_text():
        pytest.skip("docs/coverage.md was generated with another botocore version")
    assert DOC.read_text() == render(), "regenerate: python -m bedrock_fake._coverage > docs/coverage.md"


def test_seed_operations_are_all_implemented() -> None:
    seed = """CreateModelCustomizationJob GetModelCustomizationJob ListModelCustomizationJobs
    StopModelCustomizationJob CreateCustomModel GetCustomModel ListCustomModels DeleteCustomModel
    CreateModelCopyJob GetModelCopyJob ListModelCopyJobs CreateModelImportJob GetModelImportJob
    ListModelImportJobs GetImportedModel ListImportedModels DeleteImportedModel CreateEvaluationJob
    GetEvaluationJob ListEvaluationJobs StopEvaluationJob BatchDeleteEvaluationJob
    CreateProvisionedModelThroughput GetProvisionedModelThroughput ListProvisionedModelThroughputs
    UpdateProvisionedModelThroughput DeleteProvisionedModelThroughput TagResource UntagResource
    ListTagsForResource GetFoundationModel ListFoundationModels""".split()
    table = render()
    missing = [op for op in seed if f"| {op} | yes |" not in table]
    assert missing == []
