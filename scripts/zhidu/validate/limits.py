"""Numbers as data: each figure a provision states (a deadline, frequency, threshold, amount, retention
period, count) is also a typed `limits` entry. Checks: the subject is in the glossary's controlled list
with its unit; the figure is written in the provision's text; two rules in force do not give one subject
different figures; and every 应当/不得 provision says who acts and by when (or what shows it was done).
"""
from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Iterator

from zhidu.diagnostics import Diagnostic
from zhidu.validate.common import at
from zhidu.vocabulary import ACTIVE, ACTORS, figure_text

if TYPE_CHECKING:
    from zhidu.load.sources import Sources

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
_ARABIC_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# a time, a frequency or a deadline in the text
_WHEN = re.compile(r"\d+\s*(?:个)?(?:日|天|工作日|小时|分钟|周|月|年)|[一二两三四五六七八九十]+(?:个)?(?:日|天|工作日|小时|周|月|年)"
                   r"|每(?:年|半年|季度|月|周|日|天|学期|次)|年底|年初|年末|年度|季度|月底|当日|当天|次日|即时|立即|及时|"
                   r"之日起|之前|以前|前|内|届满|到期|期间|事前|事后|同时|随时|定期")


def chinese_number(text: str) -> int | None:
    """一百二十 -> 120, 两万 -> 20000, 三十五 -> 35; None for a run that is not a number."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in "零〇":               # a placeholder: 三千零五
            continue
        if char in _DIGITS:
            if digit is not None:          # 一二 is not a number
                return None
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def numbers_in(text: str) -> set[float]:
    """Every number written in the text, in Arabic or Chinese numerals (百分之十 counts as 10)."""
    text = unicodedata.normalize("NFKC", text)
    found = {float(n) for n in _ARABIC_NUMBER.findall(text)}
    for run in _CHINESE_NUMBER.findall(text):
        value = chinese_number(run)
        if value is not None:
            found.add(float(value))
    return found


def _limits(sources: Sources):
    """(document, pointer, provision, limit) for every limits entry."""
    for doc in sources.regulations:
        for p, provision in enumerate(doc.data["provisions"]):
            for i, limit in enumerate(provision.get("limits", ())):
                yield doc, f"/provisions/{p}/limits/{i}", provision, limit


def limits_well_formed(sources: Sources) -> Iterator[Diagnostic]:
    subjects = {s["subject"]: s["unit"] for s in (sources.glossary.data.get("limit_subjects", ())
                                                 if sources.glossary else ())}
    for doc, pointer, provision, limit in _limits(sources):
        unit = subjects.get(limit["subject"])
        if unit is None:
            yield at(doc, pointer + "/subject", "unknown-limit-subject",
                     f"事项“{limit['subject']}”不在术语表 standards/glossary.yaml 的 limit_subjects 中；"
                     "请用已有的事项，或先在那里增加这个事项和它的单位")
        elif unit != limit["unit"]:
            yield at(doc, pointer + "/unit", "limit-unit",
                     f"事项“{limit['subject']}”的单位是“{unit}”，这里写的是“{limit['unit']}”")
        if float(limit["value"]) not in numbers_in(provision["text"]):
            yield at(doc, pointer + "/value", "limit-not-in-text",
                     f"数字 {limit['value']:g} 没有写在条款 {provision['id']} 的内容中；limits 只记录条款已写明的数字")


def conflicting(uses: list) -> Iterator[tuple]:
    """Pairs (a, b) of uses — tuples whose last item is a limit — that give one subject different figures."""
    by_subject: dict[str, list] = {}
    for use in uses:
        by_subject.setdefault(use[-1]["subject"], []).append(use)
    for same in by_subject.values():
        for a in same:
            for b in same:
                if a is not b and (a[-1]["value"], a[-1]["bound"]) != (b[-1]["value"], b[-1]["bound"]):
                    yield a, b


def limit_conflicts(sources: Sources) -> Iterator[Diagnostic]:
    """Two rules in force giving one subject different figures: a warning at each, naming the other."""
    uses = [use for use in _limits(sources) if use[0].data["status"] in ACTIVE]
    for (doc, pointer, provision, limit), (other, other_pointer, other_provision, other_limit) in conflicting(uses):
        if other is doc:
            continue
        line, column = other.where(other_pointer)
        yield at(doc, pointer + "/value", "limit-conflict",
                 f"“{limit['subject']}”：这里（{doc.data['id']} {provision['id']}）"
                 f"{figure_text(limit['value'], limit['unit'], limit['bound'])}，"
                 f"{other.data['id']} {other_provision['id']}（{other.path}:{line}:{column}）"
                 f"{figure_text(other_limit['value'], other_limit['unit'], other_limit['bound'])}；请统一", "warning")


def missing_parts(provision: dict, actors: tuple[str, ...]) -> list[str]:
    """What an 应当/不得 provision leaves unsaid: who acts; when, or what shows it was done."""
    if provision["kind"] not in ("must", "prohibit"):
        return []
    text, missing = provision["text"], []
    if not any(actor in text for actor in actors):
        missing.append("由谁办理（处室或岗位）")
    if not (_WHEN.search(text) or provision.get("limits") or provision.get("evidence")):
        missing.append("办理时限，或证明已经办理的材料（evidence）")
    return missing


def actors_of(taxonomy: dict | None) -> tuple[str, ...]:
    """The bureau's departments and the roles a provision may name as the one who acts."""
    return tuple(d["name"] for d in (taxonomy or {}).get("departments", ())) + ACTORS


def vague_provisions(sources: Sources) -> Iterator[Diagnostic]:
    actors = actors_of(sources.taxonomy.data if sources.taxonomy else None)
    for doc in sources.regulations:
        if doc.data["status"] not in ACTIVE:
            continue
        for p, provision in enumerate(doc.data["provisions"]):
            missing = missing_parts(provision, actors)
            if missing:
                yield at(doc, f"/provisions/{p}/text", "vague-provision",
                         f"条款 {provision['id']} 是{'应当' if provision['kind'] == 'must' else '不得'}条款，"
                         f"但没有写明{'和'.join(missing)}", "warning")
