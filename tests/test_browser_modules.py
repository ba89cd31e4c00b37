"""The browser modules of the 提出修订 form, run under Node: redline.js gives the same character-level
changes as `zhidu diff` (difflib.SequenceMatcher in scripts/zhidu/cli/diff.py), and docx.js writes a
修订说明 that python-docx and LibreOffice read, in the layout and styles of export/word.py."""
from __future__ import annotations

import base64
import difflib
import io
import json
import random
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from zhidu.cli.diff import mark_changes, redline
from zhidu.export import word

JS = Path(__file__).resolve().parents[1] / "scripts/zhidu/render/theme/assets/javascripts/zhidu"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js 未安装")

# Reads {"module": ..., "call": ..., "args": [...]} items as JSON on stdin, prints the results as JSON;
# results that are bytes (a .docx) come back as base64.
RUNNER = """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
Promise.all(input.map(({module, call, args}) => require(process.argv[1] + "/" + module)[call](...args)))
  .then(out => process.stdout.write(JSON.stringify(out.map(x =>
    x instanceof Uint8Array ? {base64: Buffer.from(x).toString("base64")} : x))));
"""


def node(*calls: tuple[str, str, list]) -> list:
    """Each (module, function, arguments) called under Node, its result as Python data."""
    items = [{"module": m, "call": c, "args": a} for m, c, a in calls]
    done = subprocess.run([NODE, "-e", RUNNER, str(JS)], input=json.dumps(items), capture_output=True,
                          text=True, encoding="utf-8", check=True, timeout=120)
    return [base64.b64decode(x["base64"]) if isinstance(x, dict) and "base64" in x else x
            for x in json.loads(done.stdout)]


# -- redline.js: the same as zhidu diff --------------------------------------------------------------

def _long(seed: int, n: int, alphabet: str) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(n))


def _edited(text: str, seed: int) -> str:
    """A few deletions, insertions and replacements of text."""
    rng = random.Random(seed)
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(chars) + 1)
        what = rng.choice(("del", "ins", "rep"))
        if what == "del" and chars:
            del chars[at:at + rng.randint(1, 5)]
        elif what == "ins":
            chars[at:at] = list(_long(rng.random(), rng.randint(1, 6), "的一是在不了有和人这中大为上个国我以要他"))
        else:
            chars[at:at + 2] = list("十五个工作日")
    return "".join(chars)


PROVISION = ("资产处应当建立办公用房使用台账，每年12月31日前更新一次。各单位调整办公用房，应当报机关事务管理局审批，"
             "审批时限为30日；涉及维修改造的，应当同时报送维修方案和经费预算。")
BOILERPLATE = "本办法自印发之日起施行。" * 25          # > 200 characters with popular elements (autojunk)

PAIRS = [
    ("", ""),
    ("", "新增的条款内容。"),
    ("废止的条款内容。", ""),
    ("同样的文字", "同样的文字"),
    ("应当在30日内办结", "应当在15个工作日内办结"),
    ("每年12月31日前更新一次", "每半年更新一次"),
    ("审批时限为30日", "审批时限为15个工作日"),
    ("第三条", "第四条"),
    ("资产处负责", "机关事务管理局资产处负责"),        # inserted at the start
    ("资产处负责", "资产处负责，财务处配合"),          # inserted at the end
    ("财务处配合，资产处负责", "资产处负责"),          # removed at the start
    ("资产处负责，财务处配合", "资产处负责"),          # removed at the end
    ("不得擅自改变办公用房用途。", "不得擅自改变办公用房用途，不得出租、出借。"),
    ("应当", "不得"),
    ("哈哈哈哈哈哈", "哈哈"),
    ("哈哈", "哈哈哈哈哈哈"),
    ("aaaaabaaaa", "aaaabaaaaa"),
    ("ababababab", "babababa"),
    ("1111122222", "2222211111"),
    ("的的的的的的的的的的的的的的", "的一的一的一的一"),
    ("<script>alert(1)</script>", "<script>alert(2)</script>&"),
    ("a & b \"c\" 'd'", "a &amp; b 'c' \"d\""),
    ("]]> <!-- --> &lt;", "]]&gt; <!-- x --> &"),
    ("行一\n行二\n行三", "行一\n行二改\n\n行三"),
    ("制表\t符", "制表 符"),
    ("  空格  ", "　全角空格　"),
    ("生僻字𠀀在这里", "生僻字𠀁在这里"),            # outside the BMP: one element each, as in Python
    ("表情😀保留", "表情😃保留👍"),
    ("（一）按照规定", "(一)按照规定"),
    (PROVISION, PROVISION.replace("30日", "15个工作日").replace("每年", "每半年")),
    (PROVISION, "各单位调整办公用房，应当报机关事务管理局审批。" + PROVISION),
    (PROVISION * 3, (PROVISION * 3).replace("资产处", "房产处")),
    (BOILERPLATE, BOILERPLATE.replace("印发", "发布", 3) + "原办法同时废止。"),
    (BOILERPLATE, "第一条　" + BOILERPLATE[:150] + "第二条" + BOILERPLATE[150:]),
] + [
    (text, _edited(text, seed))
    for seed, text in enumerate([_long(n, 60 + 70 * n, "应当不得审批时限日工作") for n in range(4)]
                                + [_long(10 + n, 250 + 100 * n, "ab") for n in range(2)]
                                + [_long(20, 500, PROVISION)])
]


def _segments(old: str, new: str) -> list[dict]:
    """redline() as data: what diff.py marks, in the order it marks it."""
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append({"op": "eq", "text": old[i1:i2]})
            continue
        if i2 > i1:
            out.append({"op": "del", "text": old[i1:i2]})
        if j2 > j1:
            out.append({"op": "ins", "text": new[j1:j2]})
    return out


def test_pairs_cover_what_they_should():
    assert len(PAIRS) >= 40
    assert any(len(a) >= 200 and len(b) >= 200 for a, b in PAIRS)
    # some long pair has elements autojunk treats as popular (more than 1% of b plus one)
    assert any(len(b) >= 200 and max(b.count(c) for c in set(b)) > len(b) // 100 + 1 for _, b in PAIRS)


def test_redline_is_what_zhidu_diff_shows():
    calls = []
    for old, new in PAIRS:
        calls += [("redline.js", "segments", [old, new]), ("redline.js", "html", [old, new]),
                  ("redline.js", "marks", [old, new])]
    results = node(*calls)
    for n, (old, new) in enumerate(PAIRS):
        segments, html, marks = results[3 * n: 3 * n + 3]
        assert segments == _segments(old, new), (old, new)
        assert "".join(s["text"] for s in segments if s["op"] != "ins") == old
        assert "".join(s["text"] for s in segments if s["op"] != "del") == new
        assert html == redline(old, new), (old, new)
        assert tuple(marks) == mark_changes(old, new), (old, new)


def test_opcodes_match_sequence_matcher_with_its_defaults():
    """opcodes() is SequenceMatcher: autojunk on by default (popular elements of b ≥ 200 dropped), off
    when asked, as in diff.py."""
    long_pairs = [(a, b) for a, b in PAIRS if len(b) >= 200]
    results = node(*[("redline.js", "opcodes", [a, b]) for a, b in long_pairs],
                   *[("redline.js", "opcodes", [a, b, {"autojunk": False}]) for a, b in long_pairs])
    for n, (a, b) in enumerate(long_pairs):
        assert [tuple(op) for op in results[n]] == difflib.SequenceMatcher(None, a, b).get_opcodes()
        assert [tuple(op) for op in results[len(long_pairs) + n]] == \
            difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # autojunk changes the answer for at least one of them: the heuristic is really there
    assert any(difflib.SequenceMatcher(None, a, b).get_opcodes()
               != difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() for a, b in long_pairs)


def test_html_escapes_everything():
    old, new = "<b>旧</b>", "<script>&\"'新"
    [html] = node(("redline.js", "html", [old, new]))
    assert html == redline(old, new)
    assert "<script>" not in html and "<b>" not in html and "&amp;&quot;&#x27;新" in html


# -- docx.js: a 修订说明 ---------------------------------------------------------------------------------

OLD = "各单位调整办公用房，应当报机关事务管理局审批，审批时限为30日。"
NEW = "各单位调整办公用房，应当报机关事务管理局审批，审批时限为15个工作日。"
NOTE = {
    "ruleId": "WU-001",
    "title": "<script>&\x01\ud800办公用房使用管理办法",
    "proposer": "资产处　张三",
    "date": "2026-01-05",
    "reasons": "　　审批时限过长，基层反映办事不便。\n\n对照上位规定，\x0b时限改为工作日计算。\n",
    "changes": [
        {"label": "第三条", "old": OLD, "new": NEW},
        {"label": "第五条 <i>", "old": "不得擅自改变用途。", "new": "不得擅自改变用途，不得出租、出借。"},
    ],
}
TITLE = "《<script>&办公用房使用管理办法》修订说明"
TEXTS = [TITLE, "制度编号：WU-001", "提出处室/人：资产处　张三", "日期：2026年1月5日",
         "一、修订理由", "审批时限过长，基层反映办事不便。", "对照上位规定，时限改为工作日计算。",
         "二、修订内容", "（删除的文字以红色删除线标示，增加的文字以蓝色下划线标示。）",
         "（一）第三条", "各单位调整办公用房，应当报机关事务管理局审批，审批时限为3015个工作日。",
         "（二）第五条 <i>", "不得擅自改变用途，不得出租、出借。"]


@pytest.fixture(scope="module")
def note_docx() -> bytes:
    # the first change with its segments from redline.js, as the form passes them; the second left to docx.js
    [segments] = node(("redline.js", "segments", [OLD, NEW]))
    note = {**NOTE, "changes": [{**NOTE["changes"][0], "segments": segments}, NOTE["changes"][1]]}
    data, again, stored = node(("docx.js", "revisionNote", [note]), ("docx.js", "revisionNote", [note]),
                               ("docx.js", "revisionNote", [note, {"compress": False}]))
    assert data == again                                      # same note, same bytes
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(stored)) as b:
        assert a.testzip() is None and b.testzip() is None
        assert a.namelist()[0] == "[Content_Types].xml" and a.namelist() == b.namelist()
        assert all(a.read(n) == b.read(n) for n in a.namelist())
        assert any(i.compress_type == zipfile.ZIP_DEFLATED for i in a.infolist())
        assert all(i.compress_type == zipfile.ZIP_STORED for i in b.infolist())
    return data


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_note_text_and_headings(note_docx):
    document = Document(io.BytesIO(note_docx))
    assert [p.text for p in document.paragraphs] == TEXTS
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title" and styles[4] == styles[7] == "Heading 1" and styles[9] == styles[11] == "Heading 2"
    assert document.core_properties.title == TITLE and document.core_properties.author == "资产处　张三"


def test_note_hostile_text_is_only_text(note_docx):
    parts = _parts(note_docx)
    for name, data in parts.items():
        etree.fromstring(data)                                # every part well-formed XML 1.0
        assert b"\x01" not in data and b"\x0b" not in data and b"<script>" not in data and b"<i>" not in data
    assert "&lt;script&gt;&amp;".encode() in parts["word/document.xml"]


def test_note_page_and_fonts_are_word_py_s(note_docx):
    document = Document(io.BytesIO(note_docx))
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (word.PAGE_W, word.PAGE_H) == (11906, 16838)
    assert (section.top_margin.twips, section.bottom_margin.twips) == (word.MARGIN_TOP, word.MARGIN_BOTTOM) == (2098, 1984)
    assert (section.left_margin.twips, section.right_margin.twips) == (word.MARGIN_LEFT, word.MARGIN_RIGHT) == (1587, 1474)
    east = {s.name: s.element.rPr.rFonts.get(qn("w:eastAsia")) for s in document.styles
            if s.element.rPr is not None and s.element.rPr.rFonts is not None}
    assert east["Normal"] == word.FANGSONG and east["Normal"].startswith("仿宋")
    assert east["Title"] == word.XIAOBIAOSONG and east["Heading 1"] == word.HEITI
    sizes = {s.name: s.font.size for s in document.styles if getattr(s, "font", None) is not None}
    assert sizes["Normal"] == sizes["Heading 1"] == Pt(16) and sizes["Title"] == Pt(22)
    # the parts word.py writes for a rule, the same: settings, font table, page; each style it uses
    parts = _parts(note_docx)
    assert parts["word/settings.xml"].decode() == word._settings("rule")
    assert parts["word/fontTable.xml"].decode() == word._font_table()
    ns = {"w": word._WNS}
    ours = etree.fromstring(parts["word/styles.xml"])
    theirs = etree.fromstring(word._styles("rule").encode())
    assert etree.tostring(ours.find("w:docDefaults", ns)) == etree.tostring(theirs.find("w:docDefaults", ns))
    for style in ours.findall("w:style", ns):
        [same] = theirs.xpath(f"w:style[@w:styleId='{style.get(qn('w:styleId'))}']", namespaces=ns)
        assert etree.tostring(style) == etree.tostring(same)
    sect = etree.fromstring(parts["word/document.xml"]).find(".//w:sectPr", ns)
    expected = etree.fromstring(word._section("rule").replace("<w:sectPr>", f"<w:sectPr {word._W}>"))
    assert [(e.tag, dict(e.attrib)) for e in sect if e.tag != qn("w:footerReference")] == \
        [(e.tag, dict(e.attrib)) for e in expected]


def test_note_redline_runs(note_docx):
    document = Document(io.BytesIO(note_docx))
    runs = document.paragraphs[10].runs
    marked = [(r.text, bool(r.font.strike), r.font.color.rgb if r.font.color.type else None, r.font.underline)
              for r in runs]
    assert marked == [("各单位调整办公用房，应当报机关事务管理局审批，审批时限为", False, None, None),
                      ("30", True, RGBColor(0xFF, 0, 0), None),
                      ("15个工作", False, RGBColor(0, 0, 0xFF), True),
                      ("日。", False, None, None)]
    # worked out by docx.js itself when the form passes no segments
    runs = document.paragraphs[12].runs
    assert [(r.text, bool(r.font.strike), bool(r.font.underline)) for r in runs] == \
        [("不得擅自改变用途", False, False), ("，不得出租、出借", False, True), ("。", False, False)]
    # body text in 仿宋 (the style), the redline runs set no font of their own
    assert all(r.element.rPr is None or r.element.rPr.rFonts is None for p in document.paragraphs for r in p.runs)


def test_note_page_numbers(note_docx):
    parts = _parts(note_docx)
    for name, side in (("word/footer1.xml", "right"), ("word/footer2.xml", "left")):
        footer = etree.fromstring(parts[name])
        text = "".join(footer.itertext())
        assert text == "—  PAGE 1 —"
        assert footer.find(f".//{qn('w:jc')}").get(qn("w:val")) == side
    settings = etree.fromstring(parts["word/settings.xml"])
    assert settings.find(qn("w:evenAndOddHeaders")) is not None


@pytest.mark.build
def test_libreoffice_reads_the_note(note_docx, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装：运行 `sudo make system-deps`（libreoffice-writer-nogui）")
    (tmp_path / "note.docx").write_bytes(note_docx)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "note.docx")], check=True, capture_output=True, timeout=300)
    out = subprocess.run(["pdftotext", str(tmp_path / "note.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\s+", "", out)          # LibreOffice spaces out the characters on the 公文 grid
    assert "《<script>&办公用房使用管理办法》修订说明" in text
    assert "审批时限为3015个工作日" in text and "一、修订理由" in text and "—1—" in text


@pytest.mark.browser
def test_in_chromium(browser):
    """In the browser the modules are window.zhiduRedline and window.zhiduDocx, and the note is a Blob
    of a deflated .docx with the same parts as under Node."""
    page = browser.new_page()
    try:
        for name in ("redline.js", "docx.js"):
            page.add_script_tag(content=(JS / name).read_text(encoding="utf-8"))
        old, new = PAIRS[4]
        assert page.evaluate("([a, b]) => zhiduRedline.html(a, b)", [old, new]) == redline(old, new)
        found = page.evaluate("""async note => {
            const blob = await zhiduDocx.revisionNote(note);
            return {type: blob.type, name: zhiduDocx.fileName(note),
                    bytes: Array.from(new Uint8Array(await blob.arrayBuffer()))};
        }""", NOTE)
    finally:
        page.close()
    assert found["type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert found["name"] == "WU-001修订说明.docx"
    data = bytes(found["bytes"])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert any(i.compress_type == zipfile.ZIP_DEFLATED for i in package.infolist())
    [in_node] = node(("docx.js", "revisionNote", [NOTE]))
    assert _parts(data) == _parts(in_node)
    assert [p.text for p in Document(io.BytesIO(data)).paragraphs] == TEXTS
