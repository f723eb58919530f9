"""Merging the divisions' measures into one ordered list, and grouping it for the reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .criteria import Criteria, Indicator, Tool
from .model import Measure, division_key


def merge_measures(measures: Iterable[Measure], division_order: Sequence[str]) -> list[Measure]:
    """All measures in the order the agency wrote them: by their numbers when the agency numbered
    them all once (the coordinator's own list), else divisions as the agency lists them (others
    after, by name) and within a division by the order number typed, else by row."""
    rank: dict[str, int] = {}
    for i, name in enumerate(division_order):
        rank.setdefault(division_key(name), i)

    def key(m: Measure) -> tuple[object, ...]:
        place = rank.get(division_key(m.division))
        return (
            place is None,
            place or 0,
            "" if place is not None else m.division,
            m.file,
            m.order is None,
            m.order or 0,
            m.row,
        )

    ordered = sorted(measures, key=key)
    if agency_numbering(ordered):
        ordered.sort(key=lambda m: m.order or 0)
    return ordered


def agency_numbering(measures: Sequence[Measure]) -> bool:
    """Whether the measures carry one numbering of the agency: every one numbered, no number twice."""
    numbers = [m.order for m in measures]
    return bool(numbers) and None not in numbers and len(set(numbers)) == len(numbers)


@dataclass
class IndicatorGroup:
    indicator: Indicator | None  # None: rows that name their tool only
    measures: list[Measure] = field(default_factory=list)


@dataclass
class ToolGroup:
    tool: Tool | None  # None: measures that name no tool (a 12-month form may have none)
    groups: list[IndicatorGroup] = field(default_factory=list)

    @property
    def measures(self) -> list[Measure]:
        return [m for group in self.groups for m in group.measures]


def group_by_tool(measures: Sequence[Measure], criteria: Criteria) -> list[ToolGroup]:
    """Tools in criteria order; under each, rows without an indicator first, then
    indicators by number.  Rows keep their merged order inside a group."""
    result = []
    for tool in criteria.tools:
        mine = [m for m in measures if m.tool == tool.code]
        if not mine:
            continue
        buckets: dict[int | None, IndicatorGroup] = {}
        for m in mine:
            number = m.indicator.number if m.indicator else None
            buckets.setdefault(number, IndicatorGroup(m.indicator)).measures.append(m)
        order = sorted(buckets, key=lambda n: (n is not None, n or 0))
        result.append(ToolGroup(tool, [buckets[n] for n in order]))
    codes = {tool.code for tool in criteria.tools}
    rest = [m for m in measures if m.tool not in codes]
    if rest:
        result.append(ToolGroup(None, [IndicatorGroup(None, rest)]))
    return result
