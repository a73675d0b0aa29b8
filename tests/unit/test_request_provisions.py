"""Every request body a service reads names the provision it rests on, so that a refusal from
request validation names its § and paragraph as the domain's refusals do (§8; see
`konfliktrad_shared.provisions`)."""

from __future__ import annotations

import importlib

import pytest
from pydantic import BaseModel

from konfliktrad_shared.provisions import citation_of

SERVICES = ("referral", "mediation", "youth_plan", "vetting")
# Not law: the test deployment's clock (mediation `PUT /test-clock`).
EXEMPT = {"mediation.entrypoints.schemas.ClockIn"}


def request_models(service: str) -> list[type[BaseModel]]:
    module = importlib.import_module(f"{service}.entrypoints.schemas")
    return [
        value
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == module.__name__
        and name.endswith("In")
        and not name.startswith("_")
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_s8_every_request_model_names_its_provision(service: str) -> None:
    missing = [
        f"{model.__module__}.{model.__qualname__}"
        for model in request_models(service)
        if f"{model.__module__}.{model.__qualname__}" not in EXEMPT
        and not citation_of(model.model_config.get("json_schema_extra"))
    ]
    assert not missing, (
        f"request models without a provision (json_schema_extra=cite(...)): {missing}"
    )
