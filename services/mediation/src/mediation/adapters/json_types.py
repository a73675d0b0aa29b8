"""JSON columns holding the case's nested value objects, (de)serialised by pydantic."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import JSON
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class Document(TypeDecorator[Any]):
    """A list of dataclasses (or pydantic models) stored as JSON."""

    impl = JSON
    cache_ok = True

    def __init__(self, item_type: Any) -> None:
        super().__init__()
        self._item_type = item_type
        self._adapter: TypeAdapter[Any] = TypeAdapter(list[item_type])

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self._adapter.dump_python(value, mode="json")

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return [] if value is None else self._adapter.validate_python(value)
