"""Star rating of a scored checklist (service standards).

A clause counts from its star level upwards. 符合 earns the clause's full points,
基本符合 half, 不符合 and 未检查 nothing; 不适用 leaves the clause out. A service
reaches star level L when, for every level k up to L, the points earned on the
clauses of level ≤ k are at least that level's pass rate of the points they carry.
The browser checklist (checklist.js) and the XLSX formulas apply the same rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from zhidu.model.records import StarLevel
from zhidu.vocabulary import FACTORS, NOT_APPLICABLE


@dataclass(frozen=True)
class LevelScore:
    level: int
    name: str
    pass_rate: int
    available: float   # points of applicable clauses at this level or below
    earned: float

    @property
    def rate(self) -> float:
        """Percent earned; a level with nothing applicable does not hold the rating back."""
        return 100.0 if self.available == 0 else 100.0 * self.earned / self.available

    @property
    def passed(self) -> bool:
        return self.rate >= self.pass_rate


@dataclass(frozen=True)
class Rating:
    levels: tuple[LevelScore, ...]
    level: int          # 0 when not even the first level is reached

    @property
    def name(self) -> str:
        reached = [s.name for s in self.levels if s.level == self.level]
        return reached[0] if reached else f"未达到{self.levels[0].name}" if self.levels else ""


def rate(items: Sequence[tuple[int, int]], results: Sequence[str], levels: Sequence[StarLevel]) -> Rating:
    """items: (star, points) per clause; results: one of the checklist results per clause."""
    scores = []
    for level in sorted(levels, key=lambda s: s.level):
        available = earned = 0.0
        for (star, points), result in zip(items, results):
            if star <= level.level and result != NOT_APPLICABLE:
                available += points
                earned += points * FACTORS.get(result, 0.0)
        scores.append(LevelScore(level.level, level.name, level.pass_rate, available, earned))
    reached = 0
    for score in scores:
        if not score.passed:
            break
        reached = score.level
    return Rating(tuple(scores), reached)
