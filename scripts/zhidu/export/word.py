"""Word (.docx) for offices that work in Word and WPS: a rule and the compendium in 公文 layout
(GB/T 9704-2012), a checklist as a table to fill by hand or in Word.

公文 layout: A4 portrait; 天头 37 mm, 订口 28 mm, type area 156 mm × 225 mm; body 3号仿宋 on a grid
of 22 lines × 28 characters; title 2号小标宋 centred; headings 一、 in 3号黑体 and （一） in 3号楷体;
page numbers 4号 half-width digits between 一字线, outside the type area, odd pages right and even
pages left; issuing body and date right of the body as an unsealed 公文 places them.

The fonts are named as offices have them (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) as
East-Asian fonts of the styles, with Times New Roman for Latin text; the font table names the fonts
every Windows has (仿宋, 宋体, 楷体) as substitutes, for a machine without the GB2312 ones.

Each document starts from a small package made here (styles, settings, font table) instead of
python-docx's default template: a tenth of the size, and quicker to open. Text from the registry is
only ever a run's text (python-docx escapes it); characters XML 1.0 forbids are dropped first.
The zip is written with fixed timestamps, so the same data gives the same bytes.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from functools import lru_cache

from docx import Document
from docx.enum.section import WD_SECTION
from docx.opc.packuri import PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem     # what Document.save writes as [Content_Types].xml
from docx.shared import Mm
from lxml import etree

from zhidu.export.rows import header as checklist_header
from zhidu.model.checklists import Checklist
from zhidu.model.records import Registry, Rule
from zhidu.vocabulary import RATING_RULE, RESULTS, STATUS_LABELS, UNCHECKED, date_parts

AUTHOR = "机关事务制度标准库"
# style names (styles.xml below defines them)
BODY, ARTICLE, BOX, CELL, CELL_HEAD = "Body Text", "条标", "复选框", "表格文字", "表格标题行"

# -- fonts ---------------------------------------------------------------------------------------
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"
BOX_FONT = "Segoe UI Symbol"           # ☐ is not in 宋体; Word and WPS fall back from here
# name, the font Word substitutes when it is missing, panose, family
_FONT_TABLE = (
    (FANGSONG, "仿宋", "02010609030101010101", "modern"),
    (XIAOBIAOSONG, "宋体", "02000000000000000000", "script"),
    (HEITI, "SimHei", "02010609060101010101", "modern"),
    (KAITI, "楷体", "02010609030101010101", "modern"),
    (SONGTI, "SimSun", "02010600030101010101", "auto"),
)

# -- the 公文 page (GB/T 9704-2012), in twentieths of a point ---------------------------------------
PAGE_W, PAGE_H = 11906, 16838           # A4
MARGIN_TOP, MARGIN_BOTTOM = 2098, 1984  # 天头 37 mm; 297 - 37 - 225 = 35 mm
MARGIN_LEFT, MARGIN_RIGHT = 1587, 1474  # 订口 28 mm; 210 - 28 - 156 = 26 mm
LINE_PITCH = 579                        # 225 mm / 22 lines = 28.95 pt
CHAR_SPACE = -849                       # 156 mm / 28 characters = 15.79 pt: 16 pt - 849/4096 pt
BODY_SIZE = 32                          # half-points: 3号 = 16 pt
TITLE_SIZE = 44                         # 2号 = 22 pt
PAGE_NUMBER_SIZE = 28                   # 4号 = 14 pt
CHAR = 320                              # one 3号 character, in twips
HEADER_DISTANCE, FOOTER_DISTANCE = Mm(22), Mm(25)   # the 一字线 about 7 mm below the type area

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates, FFFE, FFFF
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text) -> str:
    """Registry text as it may stand in XML: characters XML 1.0 forbids removed, nothing else."""
    return _FORBIDDEN.sub("", str(text))


# -- Chinese numbers and dates -------------------------------------------------------------------
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五, 110 → 一百一十 (as 条 are numbered), up to 9999."""
    if not 0 < n < 10000:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def article(n: int) -> str:
    return f"第{chinese_number(n)}条"


def chinese_date(iso: str) -> str:
    """2023-06-15 → 2023年6月15日 (GB/T 9704: Arabic digits, no leading zeros); "" when not a date."""
    try:
        day = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def _width(text: str) -> float:
    """Width in characters: half-width characters count one half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


# -- what a rule shows, as plain data (for Word, for Typst, and as its content hash) ----------------

def rule_data(rule: Rule, registry: Registry, day: str, bureau: str) -> dict:
    """Everything a rule's document shows, in plain strings: its fingerprint, its Typst input."""
    references = registry.references
    status = rule.status_on(day)
    revised = rule.revisions[-1].date if rule.revisions and rule.revisions[-1].date > rule.issued else ""
    caption = [f"{chinese_date(rule.issued)}印发", f"{chinese_date(rule.effective)}起施行"]
    if revised:
        caption.append(f"{chinese_date(revised)}修订")
    signed = max(rule.issued, revised)
    name_right, date_right = signature_indents(bureau, chinese_date(signed))
    return {
        "id": rule.id, "slug": rule.slug, "title": rule.title, "bureau": bureau,
        "owner": registry.taxonomy.name_of("departments", rule.owner),
        "status": STATUS_LABELS.get(status, status), "under_revision": status == "under_revision",
        "caption": "（" + "　".join(c for c in caption if not c.startswith(("印发", "起施行"))) + "）",
        "summary": rule.summary, "scope": rule.scope,
        "basis": [{"title": references[b.ref].title if b.ref in references else b.ref,
                   "articles": "、".join(b.articles)} for b in rule.basis],
        "provisions": [{"number": article(n), "id": p.id, "title": p.title or "", "text": p.text}
                       for n, p in enumerate(rule.provisions, 1)],
        "signed": chinese_date(signed), "signed_iso": signed, "date": date_parts(signed),
        "name_right": name_right, "date_right": date_right,
        "note": f"（制度编号：{rule.id}；责任处室：{registry.taxonomy.name_of('departments', rule.owner)}；"
                f"状态：{STATUS_LABELS.get(status, status)}"
                + ("，修订期间继续执行" if status == "under_revision" else "") + "）",
    }


def signature_indents(bureau: str, signed: str) -> tuple[float, float]:
    """How far from the right, in characters, 发文机关署名 and 成文日期 stand in an unsealed 公文
    (GB/T 9704-2012 7.3.5.2): the name two characters from the right, the date on the next line with
    its first character two to the right of the name's; a date longer than that stays two from the
    right and moves the name left."""
    name, day = _width(bureau), _width(signed)
    date_right = max(2.0, name - day)
    return date_right + day + 2 - name, date_right


# -- the package every document starts from ------------------------------------------------------

def _rfonts(east: str, latin: str = LATIN) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}"/>'


def _style(kind: str, style_id: str, name: str, *, based: str = "Normal", next_: str = "", ppr: str = "",
           rpr: str = "", extra: str = "") -> str:
    based_on = f'<w:basedOn w:val="{based}"/>' if based else ""
    follow = f'<w:next w:val="{next_}"/>' if next_ else ""
    return (f'<w:style w:type="{kind}" w:styleId="{style_id}"{extra}><w:name w:val="{name}"/>{based_on}{follow}'
            f'<w:qFormat/>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}</w:style>')


_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
_SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
_INDENT2 = f'<w:ind w:firstLineChars="200" w:firstLine="{2 * CHAR}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _styles(kind: str) -> str:
    """styles.xml. kind: "rule" (Heading 1/2 are the 公文 一、（一） headings), "compendium" (Heading 1 a
    domain, Heading 2 a rule's title; 一、（一） have styles of their own outside the outline) or "form"."""
    heading = ('<w:keepNext/><w:keepLines/>' + _EXACT + _INDENT2 + '<w:jc w:val="both"/>'
               '<w:outlineLvl w:val="{level}"/>')
    level1 = _rfonts(HEITI) + '<w:b w:val="0"/>' + _size(BODY_SIZE)
    level2 = _rfonts(KAITI) + '<w:b w:val="0"/>' + _size(BODY_SIZE)
    title_ppr = f'<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{LINE_PITCH}" ' \
                'w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>'
    title_rpr = _rfonts(XIAOBIAOSONG) + '<w:b w:val="0"/>' + _size(TITLE_SIZE)
    styles = [
        _style("paragraph", "Normal", "Normal", based="", extra=' w:default="1"',
               ppr=_EXACT + '<w:jc w:val="both"/>', rpr=_rfonts(FANGSONG) + _size(BODY_SIZE)),
        _style("paragraph", "BodyText", "Body Text", ppr=_INDENT2),
        _style("paragraph", "Title", "Title", next_="Subtitle", ppr=title_ppr, rpr=title_rpr),
        _style("paragraph", "Subtitle", "Subtitle", next_="BodyText",
               ppr='<w:keepNext/><w:jc w:val="center"/>', rpr=_rfonts(KAITI)),
        _style("paragraph", "Signature", "Signature", ppr='<w:keepNext/><w:keepLines/><w:jc w:val="right"/>'),
        _style("paragraph", "Header", "header", ppr=_SINGLE, rpr=_rfonts(FANGSONG) + _size(21)),
        _style("paragraph", "Footer", "footer", ppr=_SINGLE, rpr=_rfonts(SONGTI, SONGTI) + _size(PAGE_NUMBER_SIZE)),
        _style("character", "ArticleNumber", "条标", based="", rpr=_rfonts(HEITI)),
        _style("character", "Box", "复选框", based="", rpr=_rfonts(BOX_FONT, BOX_FONT)),
        _style("paragraph", "TableText", "表格文字", ppr=_SINGLE + '<w:jc w:val="left"/>',
               rpr=_rfonts(SONGTI) + _size(21)),
        _style("paragraph", "TableHead", "表格标题行", based="TableText", ppr='<w:jc w:val="center"/>',
               rpr=_rfonts(HEITI)),
    ]
    if kind == "compendium":
        styles += [
            _style("paragraph", "Heading1", "heading 1", next_="Subtitle",
                   ppr=f'<w:keepNext/><w:spacing w:before="{4 * LINE_PITCH}" w:after="{LINE_PITCH}" '
                       f'w:line="{LINE_PITCH}" w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>'
                       '<w:outlineLvl w:val="0"/>', rpr=_rfonts(HEITI) + '<w:b w:val="0"/>' + _size(TITLE_SIZE)),
            _style("paragraph", "Heading2", "heading 2", next_="Subtitle",
                   ppr=title_ppr.replace("<w:keepLines/>", "<w:keepLines/><w:pageBreakBefore/>")
                   + '<w:outlineLvl w:val="1"/>', rpr=title_rpr),
            _style("paragraph", "Level1", "一级标题", next_="BodyText",
                   ppr=heading.replace('<w:outlineLvl w:val="{level}"/>', ""), rpr=level1),
            _style("paragraph", "Level2", "二级标题", next_="BodyText",
                   ppr=heading.replace('<w:outlineLvl w:val="{level}"/>', ""), rpr=level2),
            _style("paragraph", "TOC1", "toc 1", next_="BodyText",
                   ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{PAGE_W - MARGIN_LEFT - MARGIN_RIGHT}"/>'
                       '</w:tabs><w:ind w:firstLine="0"/>', rpr=_rfonts(HEITI)),
            _style("paragraph", "TOC2", "toc 2", next_="BodyText",
                   ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{PAGE_W - MARGIN_LEFT - MARGIN_RIGHT}"/>'
                       f'</w:tabs><w:ind w:left="{2 * CHAR}" w:leftChars="200" w:firstLine="0"/>'),
        ]
    else:
        styles += [
            _style("paragraph", "Heading1", "heading 1", next_="BodyText", ppr=heading.format(level=0), rpr=level1),
            _style("paragraph", "Heading2", "heading 2", next_="BodyText", ppr=heading.format(level=1), rpr=level2),
        ]
    table = ('<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>'
             + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                       for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
             + '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
               '</w:tblCellMar></w:tblPr></w:style>')
    defaults = (f'<w:docDefaults><w:rPrDefault><w:rPr>{_rfonts(FANGSONG)}<w:kern w:val="2"/>{_size(BODY_SIZE)}'
                '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault>'
                '</w:docDefaults>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {_W}>{defaults}'
            + "".join(styles) + table + '</w:styles>')


def _settings(kind: str) -> str:
    # in the order the schema gives
    parts = ['<w:zoom w:percent="100"/>', '<w:defaultTabStop w:val="420"/>']
    if kind != "form":
        parts.append('<w:evenAndOddHeaders/>')           # odd pages number right, even pages left
    parts.append('<w:characterSpacingControl w:val="compressPunctuation"/>')
    if kind == "compendium":
        parts.append('<w:updateFields w:val="true"/>')   # Word offers to fill in the contents' page numbers
    parts.append('<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/'
                 'word" w:val="15"/></w:compat>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {_W}>{"".join(parts)}</w:settings>'


def _font_table() -> str:
    fonts = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>'
        for name, alt, panose, family in _FONT_TABLE)
    fonts += (f'<w:font w:name="{LATIN}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
              '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {_W}>{fonts}</w:fonts>'


def _section(kind: str) -> str:
    if kind == "form":      # A4 landscape, 15 mm all round, no character grid
        return ('<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="851" w:right="851" '
                'w:bottom="851" w:left="851" w:header="454" w:footer="454" w:gutter="0"/>'
                '<w:docGrid w:linePitch="312"/></w:sectPr>')
    return (f'<w:sectPr><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/><w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" '
            f'w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE.twips}" '
            f'w:footer="{FOOTER_DISTANCE.twips}" w:gutter="0"/>'
            f'<w:docGrid w:type="linesAndChars" w:linePitch="{LINE_PITCH}" w:charSpace="{CHAR_SPACE}"/></w:sectPr>')


_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


@lru_cache(maxsize=None)
def template(kind: str) -> bytes:
    """The empty document every document of this kind starts from."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{_MAIN}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{_MAIN}.styles+xml"/>'
            f'<Override PartName="/word/settings.xml" ContentType="{_MAIN}.settings+xml"/>'
            f'<Override PartName="/word/fontTable.xml" ContentType="{_MAIN}.fontTable+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties'
            '+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats'
            f'.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/></Relationships>'),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.'
            'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:creator>{AUTHOR}</dc:creator></cp:coreProperties>'),
        "docProps/app.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.'
            f'org/officeDocument/2006/extended-properties"><Application>{AUTHOR}</Application></Properties>'),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats'
            f'.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/fontTable" Target="fontTable.xml"/></Relationships>'),
        "word/document.xml": (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_W} {_R}>'
                              f'<w:body>{_section(kind)}</w:body></w:document>'),
        "word/styles.xml": _styles(kind),
        "word/settings.xml": _settings(kind),
        "word/fontTable.xml": _font_table(),
    }
    return _zip(files.items())


def _zip(entries) -> bytes:
    """A zip with fixed timestamps, [Content_Types].xml first."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data)
    return out.getvalue()


def _new(kind: str, title: str, subject: str, day: str, keywords: str = ""):
    document = Document(io.BytesIO(template(kind)))
    props = document.core_properties
    props.title, props.subject, props.author, props.keywords = clean(title), clean(subject), AUTHOR, clean(keywords)
    props.language = "zh-CN"
    stamp = date_parts(day)
    if stamp:
        from datetime import datetime, timezone
        props.created = props.modified = datetime(*stamp, tzinfo=timezone.utc)
    return document


def _save(document) -> bytes:
    """The package as python-docx's PackageWriter.write lays it out, zipped once with fixed timestamps
    (python-docx stamps each part with the time of writing)."""
    package = document.part.package
    parts = list(package.iter_parts())
    entries = [("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob),
               (PACKAGE_URI.rels_uri.membername, package.rels.xml)]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return _zip(entries)


# -- paragraphs and runs, made with lxml (python-docx's own calls look every style up by name, which
# made a checklist take 60 ms); text is only ever an element's text, which lxml escapes ----------------

_WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TEXT_PARTS = re.compile(r"(\t|\r\n|\r|\n)")


_QUALIFIED: dict[str, str] = {}


def _w(tag: str) -> str:
    name = _QUALIFIED.get(tag)
    if name is None:
        name = _QUALIFIED[tag] = f"{{{_WNS}}}{tag}"
    return name


def _sub(parent, tag: str, **attrs):
    # one lxml call with the attributes (element.set per attribute was a third of a checklist's time)
    return etree.SubElement(parent, _w(tag), {_w(key): str(value) for key, value in attrs.items()} if attrs else None)


def _run(p, text: str, style: str = "", *, underline: bool = False):
    """A run of text in paragraph p; tabs and line breaks in the text become w:tab and w:br."""
    r = _sub(p, "r")
    if style or underline:
        rpr = _sub(r, "rPr")
        if style:
            _sub(rpr, "rStyle", val=style)
        if underline:
            _sub(rpr, "u", val="single")
    for part in _TEXT_PARTS.split(clean(text)):
        if part == "\t":
            _sub(r, "tab")
        elif part in ("\n", "\r", "\r\n"):
            _sub(r, "br")
        elif part:
            t = _sub(r, "t")
            t.text = part
            t.set(_XML_SPACE, "preserve")
    return r


def _para(parent, style: str = "", text: str = "", *, keep_next: bool = False, keep_lines: bool = False,
          page_break: bool = False, tabs=(), spacing: tuple | None = None, indent: dict | None = None,
          align: str = ""):
    """A paragraph appended to parent (a body: before its closing w:sectPr). Properties in schema order.
    spacing: (before, after, exact line height or None for single), twips; indent: w:ind attributes."""
    p = etree.Element(_w("p"))
    ppr = _sub(p, "pPr")
    if style:
        _sub(ppr, "pStyle", val=style)
    if keep_next:
        _sub(ppr, "keepNext")
    if keep_lines:
        _sub(ppr, "keepLines")
    if page_break:
        _sub(ppr, "pageBreakBefore")
    if tabs:
        stops = _sub(ppr, "tabs")
        for kind, position in tabs:
            _sub(stops, "tab", val=kind, pos=position)
    if spacing:
        before, after, line = spacing
        _sub(ppr, "spacing", before=before, after=after, line=line or 240, lineRule="exact" if line else "auto")
    if indent:
        _sub(ppr, "ind", **indent)
    if align:
        _sub(ppr, "jc", val=align)
    if text:
        _run(p, text)
    try:
        last = parent[-1]       # lxml finds the last child at once; len() counts every child
    except IndexError:
        last = None
    if last is not None and last.tag == _w("sectPr"):
        last.addprevious(p)
    else:
        parent.append(p)
    return p


def _field(p, instruction: str, shown: str = "1") -> None:
    """A complete field (PAGE, NUMPAGES…) in paragraph p: Word, WPS and LibreOffice compute it."""
    _field_begin(p, instruction)
    _run(p, shown)
    _field_end(p)


def _field_begin(p, instruction: str) -> None:
    _sub(_sub(p, "r"), "fldChar", fldCharType="begin")
    instr = _sub(_sub(p, "r"), "instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    _sub(_sub(p, "r"), "fldChar", fldCharType="separate")


def _field_end(p) -> None:
    _sub(_sub(p, "r"), "fldChar", fldCharType="end")


def _only(part) -> object:
    """A header or footer part's element, emptied."""
    element = part._element
    for child in list(element):
        element.remove(child)
    return element


def _page_numbers(section) -> None:
    """— 1 —: odd pages right, even pages left, one character in from the edge of the type area."""
    for footer, align, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        footer.is_linked_to_previous = False
        p = _para(_only(footer), "Footer", align=align,
                  indent={side: PAGE_NUMBER_SIZE * 10, f"{side}Chars": 100})
        _run(p, "— ")
        _field(p, "PAGE")
        _run(p, " —")


def _running_header(section, text: str) -> None:
    for header, align in ((section.header, "right"), (section.even_page_header, "left")):
        header.is_linked_to_previous = False
        _para(_only(header), "Header", text, align=align)


def _signature(body, data: dict) -> None:
    """发文机关署名 and 成文日期 a blank line below the body, placed by signature_indents."""
    _para(body, "Normal", keep_next=True)
    for text, right in ((data["bureau"], data["name_right"]), (data["signed"], data["date_right"])):
        _para(body, "Signature", text, indent={"right": round(right * CHAR), "rightChars": round(right * 100)})


# -- a rule -----------------------------------------------------------------------------------------

def _rule_body(body, data: dict, *, title_style: str, level1: str, level2: str) -> None:
    _para(body, title_style, data["title"])
    _para(body, "Subtitle", data["caption"])
    _para(body, level1, "一、基本情况")
    _para(body, level2, "（一）摘要")
    _para(body, "BodyText", data["summary"])
    _para(body, level2, "（二）适用范围")
    _para(body, "BodyText", data["scope"])
    if data["basis"]:
        _para(body, level2, "（三）制定依据")
        for basis in data["basis"]:
            _para(body, "BodyText", f"《{basis['title']}》{basis['articles']}")
    _para(body, level1, "二、条款")
    for provision in data["provisions"]:
        p = _para(body, "BodyText")
        # 第一条　统一权属登记　text: the number and the provision's own title in 黑体
        _run(p, provision["number"] + (f"　{provision['title']}" if provision["title"] else ""), "ArticleNumber")
        _run(p, "　" + provision["text"])
    _signature(body, data)
    _para(body, "BodyText", data["note"])       # 附注: below the date, two characters in, in brackets


def rule_docx(data: dict) -> bytes:
    """One rule (data from rule_data) in 公文 layout."""
    document = _new("rule", data["title"], f"{data['id']} {data['title']}", data["signed_iso"],
                    keywords=f"制度,{data['id']}")
    _page_numbers(document.sections[0])
    _rule_body(document.element.body, data, title_style="Title", level1="Heading1", level2="Heading2")
    return _save(document)


# -- the compendium --------------------------------------------------------------------------------

def compendium_docx(data: dict) -> bytes:
    """制度汇编 (data from compendium_word_data): cover; contents as a TOC field; a section per domain
    (its name as running header, Heading 1) with each rule from a new page (Heading 2); the upper-level
    documents cited as an appendix."""
    document = _new("compendium", "制度汇编", f"{data['bureau']}现行制度汇编，数据截至 {data['as_of']}", data["as_of"],
                    keywords="制度汇编")
    body = document.element.body
    cover = document.sections[0]
    cover.different_first_page_header_footer = True     # no number on the cover
    _page_numbers(cover)
    _running_header(cover, "")
    for _ in range(6):
        _para(body, "Normal")
    _para(body, "Title", "制度汇编")
    for line in (data["bureau"], data["summary"], f"数据截至{chinese_date(data['as_of'])}"):
        _para(body, "Subtitle", line)

    _next_section(document, "目　录")
    _para(body, "Title", "目　录")
    entries = [(level, text) for group in data["groups"]
               for level, text in [(1, group["heading"])] + [(2, r["title"]) for r in group["rules"]]]
    entries.append((1, data["appendix"]))
    # the contents as Word makes them, without page numbers until the field is updated
    for n, (level, text) in enumerate(entries):
        p = _para(body, f"TOC{level}")
        if n == 0:
            _field_begin(p, 'TOC \\o "1-2" \\h \\z \\u')
        _run(p, text)
        if n == len(entries) - 1:
            _field_end(p)

    for group in data["groups"]:
        _next_section(document, group["name"])
        _para(body, "Heading1", group["heading"])
        _para(body, "Subtitle", f"现行制度 {len(group['rules'])} 项")
        for rule in group["rules"]:
            _rule_body(body, rule, title_style="Heading2", level1="Level1", level2="Level2")

    _next_section(document, data["appendix"])
    _para(body, "Heading1", data["appendix"], spacing=(0, LINE_PITCH, LINE_PITCH))
    for cited in data["cited"]:
        _para(body, "BodyText", f"《{cited['title']}》", keep_next=True)
        facts = [cited["issuer"], cited["doc_number"],
                 f"{chinese_date(cited['issued'])}发布" if cited["issued"] else "",
                 f"{chinese_date(cited['effective'])}起施行" if cited["effective"] else "",
                 "" if cited["verified"] else "（部分信息未核实）"]
        _para(body, "BodyText", "　".join(f for f in facts if f))
    return _save(document)


def _next_section(document, running: str):
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    _running_header(section, running)
    return section


def compendium_word_data(registry: Registry, as_of: str, bureau: str, day: str) -> dict:
    """What compendium.docx shows: the same rules and references as compendium.pdf (compendium_context)."""
    from zhidu.export.compendium import compendium_context
    c = compendium_context(registry, as_of, bureau, day)
    return {
        "bureau": bureau, "as_of": as_of, "summary": c["summary"], "total": c["total"],
        "appendix": "附录　引用的上位依据",
        "groups": [{"name": f"{d.name}（{d.full_name}）", "heading": f"第{chinese_number(n)}部分　{d.name}（{d.full_name}）",
                    "rules": [rule_data(r, registry, day, bureau) for r in rules]}
                   for n, (d, rules) in enumerate(c["groups"], 1)],
        "cited": [{"title": f.title, "issuer": f.issuer or "", "doc_number": f.doc_number or "",
                   "issued": f.issued or "", "effective": f.effective or "", "verified": f.verified}
                  for f in c["cited"]],
    }


# -- a checklist -------------------------------------------------------------------------------------

FORM_WIDTH = 16838 - 2 * 851            # twips inside the landscape margins
_WIDTHS = {"序号": 6, "检查项": 40, "检查方法与依据材料": 26, "制度依据": 20, "标准依据": 20, "上位依据": 24,
           "星级": 5, "分值": 5, "检查结果": 14, "得分": 6, "问题描述": 22, "整改要求": 22}
_CENTRED = {"序号", "星级", "分值", "得分"}
CHOICES = tuple(r for r in RESULTS if r != UNCHECKED)
_CELL_SPACING = (0, 0, None)


def _blanks(p, fields: list[tuple[str, int]]) -> None:
    """Label, then an underlined tab up to its stop: a line to fill in, for each field."""
    for n, (label, _) in enumerate(fields):
        _run(p, ("　　" if n else "") + label)
        _run(p, "\t", underline=True)


def _table(body, widths: list[int]):
    """A table (Table Grid, centred, fixed column widths also in w:tblGrid for LibreOffice and WPS)."""
    tbl = etree.Element(_w("tbl"))
    tblpr = _sub(tbl, "tblPr")
    _sub(tblpr, "tblStyle", val="TableGrid")
    _sub(tblpr, "tblW", w=sum(widths), type="dxa")
    _sub(tblpr, "jc", val="center")
    _sub(tblpr, "tblLayout", type="fixed")
    _sub(tblpr, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1", lastColumn="0",
         noHBand="0", noVBand="1")
    grid = _sub(tbl, "tblGrid")
    for width in widths:
        _sub(grid, "gridCol", w=width)
    body[-1].addprevious(tbl)
    return tbl


def _row(tbl, widths: list[int], *, header: bool = False):
    """A row that is never split across pages (and, for the header, repeated on every page);
    returns its cells."""
    tr = _sub(tbl, "tr")
    trpr = _sub(tr, "trPr")
    _sub(trpr, "cantSplit")
    if header:
        _sub(trpr, "tblHeader")
    cells = []
    for width in widths:
        tc = _sub(tr, "tc")
        _sub(_sub(tc, "tcPr"), "tcW", w=width, type="dxa")
        cells.append(tc)
    return cells


def checklist_docx(checklist: Checklist, bureau: str = "") -> bytes:
    """A4 landscape: title, who/when/by whom to fill in, the table (header row on every page, no row
    split across pages, the results as ☐ boxes), for scored sheets the rating to work out, and the
    signatures, kept on the page of the last row."""
    document = _new("form", checklist.title, checklist.purpose, checklist.registry_date,
                    keywords=f"检查表,{checklist.id},版本 {checklist.version}")
    body = document.element.body
    section = document.sections[0]
    _para(_only(section.header), "Header", f"{checklist.title}\t编号 {checklist.id}　版本 {checklist.version}",
          tabs=[("right", FORM_WIDTH)])
    footer = _para(_only(section.footer), "Header", align="center")
    _run(footer, "第 ")
    _field(footer, "PAGE")
    _run(footer, " 页 共 ")
    _field(footer, "NUMPAGES")
    _run(footer, " 页")

    _para(body, "Title", checklist.title, spacing=(0, 120, None))
    _para(body, "TableText", f"编号 {checklist.id}　版本 {checklist.version}　数据截至 {checklist.registry_date}"
          + (f"　{bureau}" if bureau else ""), align="center")
    _para(body, "TableText", f"用途：{checklist.purpose}　使用对象：{checklist.audience}")
    fields = [("被检查单位：", round(FORM_WIDTH * 0.45)), ("检查日期：", round(FORM_WIDTH * 0.72)), ("检查人：", FORM_WIDTH)]
    _blanks(_para(body, "TableText", spacing=(160, 160, None), tabs=[("left", pos) for _, pos in fields]), fields)

    columns = checklist_header(checklist)
    total = sum(_WIDTHS[c] for c in columns)
    widths = [round(FORM_WIDTH * _WIDTHS[c] / total) for c in columns]
    tbl = _table(body, widths)
    for cell, name in zip(_row(tbl, widths, header=True), columns):
        _para(cell, "TableHead", name)
    for n, item in enumerate(checklist.items):
        last = n == len(checklist.items) - 1      # kept with what follows: the signatures never stand alone
        values = {"序号": str(item.number), "检查项": item.check, "检查方法与依据材料": item.method,
                  "制度依据": item.rule_basis, "标准依据": item.rule_basis, "上位依据": item.upper_basis,
                  "星级": str(item.star), "分值": str(item.points), "得分": "", "问题描述": "", "整改要求": ""}
        for cell, name in zip(_row(tbl, widths), columns):
            if name == "检查结果":
                for choice in CHOICES:
                    p = _para(cell, "TableText", keep_next=last)
                    _run(p, "☐", "Box")
                    _run(p, choice)
            else:
                _para(cell, "TableText", values[name], keep_next=last, align="center" if name in _CENTRED else "")

    if checklist.scored and checklist.items:
        _rating(body, checklist)
    fields = [("检查人（签字）：", round(FORM_WIDTH * 0.33)), ("被检查单位（签字）：", round(FORM_WIDTH * 0.72)),
              ("日期：", FORM_WIDTH)]
    _blanks(_para(body, "TableText", spacing=(360, 0, None), keep_lines=True,
                  tabs=[("left", pos) for _, pos in fields]), fields)
    return _save(document)


def _rating(body, checklist: Checklist) -> None:
    """The star rating worked out by hand: per level, the items that count, points available and earned,
    kept together with the last row and the signatures."""
    _para(body, "TableHead", "星级评定（按上表结果填写）", keep_next=True, spacing=(240, 120, None))
    names = ("星级", "适用检查项", "应得分", "实得分", "得分率", "达标线", "是否达标")
    widths = [round(FORM_WIDTH * 0.6 / len(names))] * len(names)
    tbl = _table(body, widths)
    for cell, name in zip(_row(tbl, widths, header=True), names):
        _para(cell, "TableHead", name, keep_next=True)
    for level in checklist.levels:
        count = sum(1 for i in checklist.items if i.star <= level.level)
        for cell, text in zip(_row(tbl, widths), (level.name, f"{count} 项", "", "", "", f"{level.pass_rate}%", "")):
            _para(cell, "TableText", text, keep_next=True, align="center")
        # 是否达标: two boxes
        p = tbl[-1][-1].find(_w("p"))
        _run(p, "☐", "Box")
        _run(p, "是　")
        _run(p, "☐", "Box")
        _run(p, "否")
    _para(body, "TableText", "评定星级：", keep_next=True, spacing=(120, 0, None))
    _para(body, "TableText", RATING_RULE, keep_next=True)
