"""Where a reader finds the authoritative text of an upper-level document.

Bureau staff trust the official publishers (国家法律法规数据库, 中国政府网 and ministry sites,
国家标准全文公开系统), not mirrors: sources on official sites are listed first, others are
labelled as reprints, and a document with no official source gets the database to look it up in.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

# Hosts whose pages are official publications: government sites (*.gov.cn, the NPC's flk.npc.gov.cn
# included), the Party's 共产党员网, and the state news agency that publishes the texts.
OFFICIAL_DOMAINS = ("gov.cn", "12371.cn", "news.cn", "xinhuanet.com")


@dataclass(frozen=True)
class Source:
    url: str
    site: str           # the host, as a reader sees it
    official: bool


@dataclass(frozen=True)
class Database:
    name: str
    url: str


LAWS = Database("国家法律法规数据库", "https://flk.npc.gov.cn/")
STANDARDS = Database("国家标准全文公开系统", "https://openstd.samr.gov.cn/")
POLICIES = Database("中国政府网·政策", "https://www.gov.cn/zhengce/")
PARTY = Database("共产党员网", "https://www.12371.cn/")

# the database that publishes each type of document (schemas/reference.schema.json, type)
DATABASES = {
    "法律": LAWS, "行政法规": LAWS, "地方性法规": LAWS,
    "部门规章": POLICIES, "规范性文件": POLICIES, "地方政府规章": POLICIES,
    "党内法规": PARTY, "党内规范性文件": PARTY,
    "国家标准": STANDARDS,
}


def is_official(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def classify(urls) -> tuple[Source, ...]:
    """The sources, official ones first (each group in the order written)."""
    sources = [Source(u, urlsplit(u).hostname or u, is_official(u)) for u in urls]
    return tuple(sorted(sources, key=lambda s: not s.official))


def database_for(doc_type: str) -> Database | None:
    return DATABASES.get(doc_type)
