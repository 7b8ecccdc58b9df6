"""Reads whose SQL Django compiles once per process instead of once per request.

Turning a queryset into SQL is pure Python and, for a list with joins and correlated
subqueries, costs more CPU than running the query (bench/limits.md, part 3). A
`Precompiled` read is built from an ordinary queryset, once per database connection,
with stand-ins for the values that change from call to call (ids, a token's hash); each
call runs that SQL with its own values and makes the model instances as iterating the
queryset would: the same columns, select_related objects, annotations and database
converters. The queryset stays the one description of the read; only its compilation
is cached.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)

# Never a real value, so that one is never taken for another parameter of the query:
# far below any id, and text with control characters no form lets through.
STAND_IN_BASE = -7_349_201_000
STAND_IN_TEXT = "\x1fstand-in\x1f"


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[int, ...]  # where each call's values go among the params
    compiler: SQLCompiler
    converters: dict
    model: type[Model]
    fields: slice
    init_list: list[str]
    populators: list
    annotations: dict[str, int]

    def run(self, connection: BaseDatabaseWrapper, values: Sequence[int | str]) -> list[Model]:
        params = list(self.params)
        for slot, value in zip(self.slots, values, strict=True):
            params[slot] = value
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        alias = connection.alias
        instances = []
        for row in rows:
            instance = self.model.from_db(alias, self.init_list, row[self.fields])
            for populator in self.populators:
                populator.populate(row, instance)
            for name, position in self.annotations.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances


class Precompiled(Generic[M]):
    """`build(*values, *shape)` gives the queryset. `values` change from call to call (an
    owner's id; their types are given, int or str); `shape` is anything hashable that
    picks one of several queries (a filter's choices), each compiled once."""

    def __init__(
        self, build: Callable[..., QuerySet[M]], *, values: Sequence[type[int] | type[str]]
    ) -> None:
        self.build = build
        self.values = tuple(values)
        self._statements: WeakKeyDictionary[BaseDatabaseWrapper, dict[Hashable, _Statement]] = (
            WeakKeyDictionary()
        )

    def __call__(self, *values: int | str, shape: tuple[Hashable, ...] = ()) -> list[M]:
        if len(values) != len(self.values):
            raise TypeError(f"{len(self.values)} values expected, got {len(values)}")
        connection = connections[DEFAULT_DB_ALIAS]
        statements = self._statements.setdefault(connection, {})
        statement = statements.get(shape)
        if statement is None:
            statement = statements[shape] = self._compile(connection, shape)
        return statement.run(connection, values)  # type: ignore[return-value]

    def _compile(self, connection: BaseDatabaseWrapper, shape: tuple[Hashable, ...]) -> _Statement:
        stand_ins = [
            STAND_IN_BASE - n if kind is int else f"{STAND_IN_TEXT}{n}"
            for n, kind in enumerate(self.values)
        ]
        queryset = self.build(*stand_ins, *shape)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = []
        for stand_in in stand_ins:
            found = [n for n, param in enumerate(params) if param == stand_in]
            if len(found) != 1:
                raise ValueError(f"A value must appear once among the parameters: {params}")
            slots.append(found[0])
        select, klass_info = compiler.select, compiler.klass_info
        assert klass_info is not None
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Statement(
            sql=sql,
            params=tuple(params),
            slots=tuple(slots),
            compiler=compiler,
            converters=compiler.get_converters([column[0] for column in select]),
            model=klass_info["model"],
            fields=slice(start, end),
            init_list=[column[0].target.attname for column in select[start:end]],
            populators=get_related_populators(klass_info, select, connection.alias),
            annotations=dict(compiler.annotation_col_map or {}),
        )
