"""`zhidu new rule`: a new rule file with the next free id and every required field stubbed.

The stubs are empty values with Chinese hints in comments, so the file fails validation
(and says which fields are missing) until an editor fills it in.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from zhidu.load.loader import Document, load_file
from zhidu.pipeline import STANDARDS

TEMPLATE = """\
# yaml-language-server: $schema=../../../schemas/regulation.schema.json
# 新制度草稿：由 `zhidu new rule` 于 {today} 生成。请填写所有空白字段（冒号后为空的行），
# 填完后运行 `make validate`；未填完时校验会逐项指出缺少的内容。
id: {rule_id}
title: {title}
domain: {domain}
category:             # 领域内的业务类别，例如 办公用房、预算管理
owner:                # 责任处室代码：{departments}
status: draft         # 印发后改为 in_force（现行有效）
issued:               # 印发日期，例如 {today}
effective:            # 施行日期，不早于印发日期
review_cycle_months: 24
summary:              # 80–200 字：管什么、谁负责、关键要求
scope:                # 适用的单位、人员、资产或事项
basis:
  - ref:              # 上位依据编号，见 standards/references/，例如 REF-jgsw-tiaoli
provisions:
  - id: P01
    title:            # 条款标题（可选，可删去本行）
    text:             # 写明谁、做什么、何时完成、数量标准
    kind: must        # must 应当、should 宜、may 可以、prohibit 不得
    checkable: true
    evidence:
      -               # 检查时查看的材料，例如 审批单、台账
related: []
revisions:
  - date: {today}
    note: 起草
"""


def next_id(root: Path, domain: str) -> str:
    """One more than the highest number used in the domain, now or in the published-id register."""
    pattern = re.compile(rf"^{domain}-(\d{{3}})$")
    used = [int(m.group(1)) for p in (root / STANDARDS / "regulations").rglob("*.yaml") if (m := pattern.match(p.stem))]
    register = root / STANDARDS / "published-ids.yaml"
    if register.is_file():
        text = register.read_text(encoding="utf-8")
        used += [int(n) for n in re.findall(rf"\b{domain}-(\d{{3}})\b", text)]
    return f"{domain}-{max(used, default=0) + 1:03d}"


def new_rule(root: Path, domain: str, title: str, today: date | None = None) -> Path:
    taxonomy = load_file(root / STANDARDS / "taxonomy.yaml", "standards/taxonomy.yaml")
    if not isinstance(taxonomy, Document):
        raise ValueError(f"taxonomy.yaml 无法读取：{taxonomy.message}")
    domains = {d["code"]: d for d in taxonomy.data["domains"]}
    if domain not in domains:
        raise ValueError(f"没有领域 {domain}（可选：{'、'.join(domains)}）")
    if not title.strip() or any(c in title for c in "\n\r:#{}[]"):
        raise ValueError("标题不能为空，也不能含换行或 : # { } [ ] 等符号")
    rule_id = next_id(root, domain)
    target = root / STANDARDS / "regulations" / domains[domain]["slug"] / f"{rule_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    departments = "、".join(f"{d['id']} {d['name']}" for d in taxonomy.data["departments"])
    text = TEMPLATE.format(today=(today or date.today()).isoformat(), rule_id=rule_id, title=title.strip(),
                           domain=domain, departments=departments)
    with open(target, "x", encoding="utf-8") as out:   # never overwrite
        out.write(text)
    return target
