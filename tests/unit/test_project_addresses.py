"""Every address plan.yaml gives the documents and the site is a web address (one rule: WebAddress)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from psmctl.model.edition import Act, Project

FIELDS = ["website", "site_url", "accessibility_url", "transparency_url"]
HOSTILE = ["javascript:alert(1)", "//evil.example/x", 'https://example.org/"onmouseover="x', "file:///etc/passwd"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("address", HOSTILE)
def test_a_project_address_that_is_not_a_web_address_is_refused(field: str, address: str) -> None:
    with pytest.raises(ValidationError):
        Project.model_validate({"kind": "project", "body": "Città metropolitana di prova", field: address})


@pytest.mark.parametrize("field", FIELDS)
def test_a_web_address_is_kept_as_written(field: str) -> None:
    project = Project.model_validate({"kind": "project", "body": "Città metropolitana di prova",
                                      field: "https://example.org/trasparenza"})
    assert getattr(project, field) == "https://example.org/trasparenza"


@pytest.mark.parametrize("address", HOSTILE)
def test_an_act_address_that_is_not_a_web_address_is_refused(address: str) -> None:
    with pytest.raises(ValidationError):
        Act.model_validate({"organ": "Consiglio metropolitano", "url": address})
