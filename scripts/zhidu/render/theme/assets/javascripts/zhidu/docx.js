/* A 修订说明 (note on a proposed revision, for the approval meeting) as a Word file, made in the
   browser with no library: the package parts as strings, then a small ZIP writer (deflate through
   CompressionStream("deflate-raw") where the browser has it, else stored; CRC-32 from a table).

   Layout and styles are those of the project's Word downloads (scripts/zhidu/export/word.py, the
   "rule" kind): 公文 page of GB/T 9704-2012 (A4 portrait, 天头 37 mm, 订口 28 mm, type area
   156 mm × 225 mm, 22 lines × 28 characters), body 3号 仿宋_GB2312, title 2号 方正小标宋简体 centred,
   headings 一、 in 3号 黑体 and （一） in 3号 楷体_GB2312, page numbers “— n —” in the footer (odd pages
   right, even pages left); the font table names 仿宋, 宋体, 楷体 as substitutes. The same strings as
   word.py writes (tests/test_browser_modules.py compares them).

   The changes are shown as a redline made of plain formatted runs, not tracked changes (Word and WPS
   show them the same, and nobody has to accept them): removed text red with a strike-through, inserted
   text blue and underlined. Text from the form is only ever a run's text: XML-escaped, with the
   characters XML 1.0 forbids dropped.

   window.zhiduDocx (module.exports under Node):
     revisionNote(note[, {bytes, compress}]) -> Promise<Blob>   (Promise<Uint8Array> under Node or with {bytes: true})
     parts(note)                  -> {path: xml string}   the package, [Content_Types].xml first
     build(parts[, {compress}])   -> Promise<Uint8Array>  any package as a .docx (zip); compress defaults to true
     zip(parts)                   -> Uint8Array   the same, stored (no compression), synchronously
     fileName(note)               -> "WU-001修订说明.docx"
     download(note[, name])       -> Promise   builds the file and has the browser save it
   note = {ruleId, title, proposer, date ("YYYY-MM-DD" or free text), reasons (blank lines between
           paragraphs), changes: [{label, old, new, segments}], other (optional: 三、其他说明)}
   segments are redline.js's ([{op: "eq"|"del"|"ins", text}]); left out, they are worked out from old
   and new with window.zhiduRedline when loaded, else the whole old text deleted and new inserted. */
(function (root) {
  "use strict";

  var AUTHOR = "机关事务制度标准库";
  // fonts (word.py)
  var FANGSONG = "仿宋_GB2312", XIAOBIAOSONG = "方正小标宋简体", HEITI = "黑体", KAITI = "楷体_GB2312",
      SONGTI = "宋体", LATIN = "Times New Roman";
  var FONT_TABLE = [
    [FANGSONG, "仿宋", "02010609030101010101", "modern"],
    [XIAOBIAOSONG, "宋体", "02000000000000000000", "script"],
    [HEITI, "SimHei", "02010609060101010101", "modern"],
    [KAITI, "楷体", "02010609030101010101", "modern"],
    [SONGTI, "SimSun", "02010600030101010101", "auto"]
  ];
  // the 公文 page (GB/T 9704-2012), in twentieths of a point (word.py)
  var PAGE_W = 11906, PAGE_H = 16838;                 // A4
  var MARGIN_TOP = 2098, MARGIN_BOTTOM = 1984;        // 37 mm, 35 mm
  var MARGIN_LEFT = 1587, MARGIN_RIGHT = 1474;        // 28 mm, 26 mm
  var HEADER_DISTANCE = 1247, FOOTER_DISTANCE = 1417; // 22 mm, 25 mm
  var LINE_PITCH = 579, CHAR_SPACE = -849;            // 22 lines of 28.95 pt; 28 characters of 15.79 pt
  var BODY_SIZE = 32, TITLE_SIZE = 44, PAGE_NUMBER_SIZE = 28;   // half-points: 3号, 2号, 4号
  var CHAR = 320;                                     // one 3号 character, in twips
  var DELETED = "FF0000", INSERTED = "0000FF";

  var W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  var R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  var REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  var MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml";
  var DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

  // -- text -------------------------------------------------------------------------------------------

  /* The text as it may stand in XML 1.0: control characters other than tab, newline and carriage
     return, lone surrogates, U+FFFE and U+FFFF dropped (word.clean). */
  function clean(text) {
    var out = "";
    for (var ch of String(text == null ? "" : text)) {
      var c = ch.codePointAt(0);
      if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0xD800 && c <= 0xDFFF) || c === 0xFFFE || c === 0xFFFF) continue;
      out += ch;
    }
    return out;
  }

  function xml(text) {
    return clean(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
  }

  var DIGITS = "零一二三四五六七八九";

  /* 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (word.chinese_number), up to 9999. */
  function chineseNumber(n) {
    if (!(n > 0 && n < 10000)) throw new RangeError(String(n));
    if (n < 10) return DIGITS[n];
    if (n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
    var out = "", zero = false;
    [[1000, "千"], [100, "百"], [10, "十"], [1, ""]].forEach(function (unit) {
      var digit = Math.floor(n / unit[0]) % 10;
      if (digit) {
        if (zero && out) out += "零";
        out += DIGITS[digit] + unit[1];
        zero = false;
      } else if (out) {
        zero = true;
      }
    });
    return out;
  }

  /* "2026-01-05" → "2026年1月5日" (word.chinese_date); "" when not a date. */
  function chineseDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
    if (!m) return "";
    var y = +m[1], mo = +m[2], d = +m[3], day = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1 || day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return "";
    return y + "年" + mo + "月" + d + "日";
  }

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
  }

  // -- runs and paragraphs ------------------------------------------------------------------------------

  /* A run; tabs and line breaks in the text become w:tab and w:br (as word._run). */
  function run(text, rpr) {
    var body = clean(text).split(/(\t|\r\n|\r|\n)/).map(function (part) {
      if (part === "\t") return "<w:tab/>";
      if (part === "\n" || part === "\r" || part === "\r\n") return "<w:br/>";
      return part ? '<w:t xml:space="preserve">' + xml(part) + "</w:t>" : "";
    }).join("");
    return body ? "<w:r>" + (rpr ? "<w:rPr>" + rpr + "</w:rPr>" : "") + body + "</w:r>" : "";
  }

  var DEL_RPR = '<w:strike/><w:color w:val="' + DELETED + '"/>';
  var INS_RPR = '<w:color w:val="' + INSERTED + '"/><w:u w:val="single" w:color="' + INSERTED + '"/>';

  function segmentRun(segment) {
    return run(segment.text, segment.op === "del" ? DEL_RPR : segment.op === "ins" ? INS_RPR : "");
  }

  function para(style, runs, ppr) {
    return '<w:p><w:pPr><w:pStyle w:val="' + style + '"/>' + (ppr || "") + "</w:pPr>" + (runs || "") + "</w:p>";
  }

  // -- the package (word.py's template for the "rule" kind) --------------------------------------------

  function rfonts(east, latin) {
    latin = latin || LATIN;
    return '<w:rFonts w:ascii="' + latin + '" w:hAnsi="' + latin + '" w:eastAsia="' + east + '" w:cs="' + latin + '"/>';
  }

  function size(halfPoints) { return '<w:sz w:val="' + halfPoints + '"/><w:szCs w:val="' + halfPoints + '"/>'; }

  function style(kind, id, name, o) {
    o = o || {};
    var based = o.based === undefined ? "Normal" : o.based;
    return '<w:style w:type="' + kind + '" w:styleId="' + id + '"' + (o.extra || "") + '><w:name w:val="' + name + '"/>' +
      (based ? '<w:basedOn w:val="' + based + '"/>' : "") + (o.next ? '<w:next w:val="' + o.next + '"/>' : "") +
      "<w:qFormat/>" + (o.ppr ? "<w:pPr>" + o.ppr + "</w:pPr>" : "") + (o.rpr ? "<w:rPr>" + o.rpr + "</w:rPr>" : "") +
      "</w:style>";
  }

  var EXACT = '<w:spacing w:before="0" w:after="0" w:line="' + LINE_PITCH + '" w:lineRule="exact"/>';
  var SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>';
  var INDENT2 = '<w:ind w:firstLineChars="200" w:firstLine="' + 2 * CHAR + '"/>';

  /* styles.xml: the styles of word._styles("rule") this document uses, written the same way. */
  function styles() {
    var heading = function (level) {
      return "<w:keepNext/><w:keepLines/>" + EXACT + INDENT2 + '<w:jc w:val="both"/><w:outlineLvl w:val="' + level + '"/>';
    };
    var list = [
      style("paragraph", "Normal", "Normal", {based: "", extra: ' w:default="1"', ppr: EXACT + '<w:jc w:val="both"/>',
                                              rpr: rfonts(FANGSONG) + size(BODY_SIZE)}),
      style("paragraph", "BodyText", "Body Text", {ppr: INDENT2}),
      style("paragraph", "Title", "Title", {next: "Subtitle",
        ppr: '<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="' + LINE_PITCH + '" w:line="' + LINE_PITCH +
             '" w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>',
        rpr: rfonts(XIAOBIAOSONG) + '<w:b w:val="0"/>' + size(TITLE_SIZE)}),
      style("paragraph", "Subtitle", "Subtitle", {next: "BodyText", ppr: '<w:keepNext/><w:jc w:val="center"/>',
                                                  rpr: rfonts(KAITI)}),
      style("paragraph", "Footer", "footer", {ppr: SINGLE, rpr: rfonts(SONGTI, SONGTI) + size(PAGE_NUMBER_SIZE)}),
      style("paragraph", "Heading1", "heading 1", {next: "BodyText", ppr: heading(0),
                                                   rpr: rfonts(HEITI) + '<w:b w:val="0"/>' + size(BODY_SIZE)}),
      style("paragraph", "Heading2", "heading 2", {next: "BodyText", ppr: heading(1),
                                                   rpr: rfonts(KAITI) + '<w:b w:val="0"/>' + size(BODY_SIZE)})
    ];
    var defaults = "<w:docDefaults><w:rPrDefault><w:rPr>" + rfonts(FANGSONG) + '<w:kern w:val="2"/>' + size(BODY_SIZE) +
      '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>' +
      '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>';
    return DECL + "<w:styles " + W + ">" + defaults + list.join("") + "</w:styles>";
  }

  function settings() {
    return DECL + "<w:settings " + W + '><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>' +
      '<w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" ' +
      'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>';
  }

  function fontTable() {
    var fonts = FONT_TABLE.map(function (f) {
      return '<w:font w:name="' + f[0] + '"><w:altName w:val="' + f[1] + '"/><w:panose1 w:val="' + f[2] + '"/>' +
        '<w:charset w:val="86"/><w:family w:val="' + f[3] + '"/><w:pitch w:val="fixed"/></w:font>';
    }).join("");
    fonts += '<w:font w:name="' + LATIN + '"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>' +
      '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>';
    return DECL + "<w:fonts " + W + ">" + fonts + "</w:fonts>";
  }

  function section() {
    return '<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>' +
      '<w:pgSz w:w="' + PAGE_W + '" w:h="' + PAGE_H + '"/><w:pgMar w:top="' + MARGIN_TOP + '" w:right="' + MARGIN_RIGHT +
      '" w:bottom="' + MARGIN_BOTTOM + '" w:left="' + MARGIN_LEFT + '" w:header="' + HEADER_DISTANCE + '" w:footer="' +
      FOOTER_DISTANCE + '" w:gutter="0"/><w:docGrid w:type="linesAndChars" w:linePitch="' + LINE_PITCH +
      '" w:charSpace="' + CHAR_SPACE + '"/></w:sectPr>';
  }

  /* — 1 —: odd pages right, even pages left, one character in from the edge of the type area. */
  function footer(side) {
    var field = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>' +
      '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("1") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>';
    var ppr = '<w:ind w:' + side + '="' + PAGE_NUMBER_SIZE * 10 + '" w:' + side + 'Chars="100"/><w:jc w:val="' + side + '"/>';
    return DECL + "<w:ftr " + W + " " + R + ">" + para("Footer", run("— ") + field + run(" —"), ppr) + "</w:ftr>";
  }

  function coreProps(title, subject, creator, keywords, day) {
    var stamp = chineseDate(day) ? String(day).slice(0, 10) + "T00:00:00Z" : "";
    return DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>' + xml(creator) + "</dc:creator>" +
      "<dc:title>" + xml(title) + "</dc:title><dc:subject>" + xml(subject) + "</dc:subject><cp:keywords>" + xml(keywords) +
      "</cp:keywords><dc:language>zh-CN</dc:language>" +
      (stamp ? '<dcterms:created xsi:type="dcterms:W3CDTF">' + stamp + '</dcterms:created>' +
               '<dcterms:modified xsi:type="dcterms:W3CDTF">' + stamp + "</dcterms:modified>" : "") +
      "</cp:coreProperties>";
  }

  function appProps() {
    return DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">' +
      "<Application>" + AUTHOR + "</Application></Properties>";
  }

  function contentTypes() {
    var override = function (part, type) { return '<Override PartName="' + part + '" ContentType="' + type + '"/>'; };
    return DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      override("/word/document.xml", MAIN + ".document.main+xml") + override("/word/styles.xml", MAIN + ".styles+xml") +
      override("/word/settings.xml", MAIN + ".settings+xml") + override("/word/fontTable.xml", MAIN + ".fontTable+xml") +
      override("/word/footer1.xml", MAIN + ".footer+xml") + override("/word/footer2.xml", MAIN + ".footer+xml") +
      override("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml") +
      override("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml") + "</Types>";
  }

  function relationships(list) {
    return DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      list.map(function (r, n) {
        return '<Relationship Id="rId' + (n + 1) + '" Type="' + r[0] + '" Target="' + r[1] + '"/>';
      }).join("") + "</Relationships>";
  }

  // -- the 修订说明 ------------------------------------------------------------------------------------------

  function text(value) { return clean(value == null ? "" : value).trim(); }

  /* Paragraphs of a text: split on blank lines, each one's leading spaces (the style indents it) dropped. */
  function paragraphs(value) {
    return clean(value == null ? "" : value).replace(/\r\n?/g, "\n").split(/\n[ \t\u3000]*\n/)
      .map(function (p) { return p.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""); })
      .filter(Boolean);
  }

  function segmentsOf(change) {
    if (Array.isArray(change.segments)) return change.segments;
    var before = change.old == null ? "" : String(change.old), after = change.new == null ? "" : String(change.new);
    var redline = root && root.zhiduRedline;
    if (!redline && typeof require === "function") {
      try { redline = require("./redline.js"); } catch (e) { redline = null; }
    }
    if (redline) return redline.segments(before, after);
    return [{op: "del", text: before}, {op: "ins", text: after}].filter(function (s) { return s.text; });
  }

  function documentTitle(note) {
    var title = text(note.title);
    if (!/^《.*》$/.test(title)) title = "《" + title + "》";
    return title + "修订说明";
  }

  function dayOf(note) { return note.date == null || note.date === "" ? today() : String(note.date); }

  function body(note) {
    var out = [para("Title", run(documentTitle(note)))], day = dayOf(note);
    [["制度编号：", text(note.ruleId)], ["提出处室/人：", text(note.proposer)],
     ["日期：", chineseDate(day) || text(day)]].forEach(function (line) {
      out.push(para("BodyText", run(line[0] + line[1])));
    });

    out.push(para("Heading1", run("一、修订理由")));
    var reasons = paragraphs(note.reasons);
    (reasons.length ? reasons : ["（未填写）"]).forEach(function (p) { out.push(para("BodyText", run(p))); });

    out.push(para("Heading1", run("二、修订内容")));
    var changes = Array.isArray(note.changes) ? note.changes : [];
    if (changes.length) {
      out.push(para("BodyText", run("（") + run("删除的文字", DEL_RPR) + run("以红色删除线标示，") +
                                run("增加的文字", INS_RPR) + run("以蓝色下划线标示。）")));
    } else {
      out.push(para("BodyText", run("（无）")));
    }
    changes.forEach(function (change, n) {
      out.push(para("Heading2", run("（" + chineseNumber(n + 1) + "）" + text(change.label))));
      out.push(para("BodyText", segmentsOf(change).map(segmentRun).join("")));
    });

    var other = paragraphs(note.other);
    if (other.length) {
      out.push(para("Heading1", run("三、其他说明")));
      other.forEach(function (p) { out.push(para("BodyText", run(p))); });
    }
    return out.join("");
  }

  /* The package's parts, [Content_Types].xml first. */
  function parts(note) {
    note = note || {};
    var title = documentTitle(note), id = text(note.ruleId);
    return {
      "[Content_Types].xml": contentTypes(),
      "_rels/.rels": relationships([
        [REL + "/officeDocument", "word/document.xml"],
        ["http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"],
        [REL + "/extended-properties", "docProps/app.xml"]]),
      "docProps/core.xml": coreProps(title, (id ? id + " " : "") + "修订说明", text(note.proposer) || AUTHOR,
                                     "修订说明" + (id ? "," + id : ""), dayOf(note)),
      "docProps/app.xml": appProps(),
      "word/_rels/document.xml.rels": relationships([
        [REL + "/styles", "styles.xml"], [REL + "/settings", "settings.xml"], [REL + "/fontTable", "fontTable.xml"],
        [REL + "/footer", "footer1.xml"], [REL + "/footer", "footer2.xml"]]),
      "word/document.xml": DECL + "<w:document " + W + " " + R + "><w:body>" + body(note) + section() +
                           "</w:body></w:document>",
      "word/styles.xml": styles(),
      "word/settings.xml": settings(),
      "word/fontTable.xml": fontTable(),
      "word/footer1.xml": footer("right"),
      "word/footer2.xml": footer("left")
    };
  }

  // -- ZIP ---------------------------------------------------------------------------------------------------

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var c = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  }

  function utf8(s) { return new TextEncoder().encode(s); }

  var DOS_TIME = 0, DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;   // fixed: 2000-01-01 00:00, as word.py

  /* entries: [{name, data (uncompressed bytes), stored (bytes as written), method (0 or 8)}] */
  function assemble(entries) {
    var chunks = [], central = [], offset = 0;
    entries.forEach(function (e) {
      var name = utf8(e.name), crc = crc32(e.data);
      // the fields the local header and the central directory record share, from `at` on
      function shared(view, at) {
        view.setUint16(at, 0x0800, true);           // names in UTF-8
        view.setUint16(at + 2, e.method, true);
        view.setUint16(at + 4, DOS_TIME, true);
        view.setUint16(at + 6, DOS_DATE, true);
        view.setUint32(at + 8, crc, true);
        view.setUint32(at + 12, e.stored.length, true);
        view.setUint32(at + 16, e.data.length, true);
        view.setUint16(at + 20, name.length, true);
      }
      var local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true);
      shared(local, 6);                             // extra field length (28): 0
      var dir = new DataView(new ArrayBuffer(46));
      dir.setUint32(0, 0x02014b50, true);
      dir.setUint16(4, 20, true);
      dir.setUint16(6, 20, true);
      shared(dir, 8);
      dir.setUint32(42, offset, true);              // extra, comment, disk, attributes: 0
      chunks.push(new Uint8Array(local.buffer), name, e.stored);
      central.push(new Uint8Array(dir.buffer), name);
      offset += 30 + name.length + e.stored.length;
    });
    var size = central.reduce(function (n, c) { return n + c.length; }, 0);
    var end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, entries.length, true);
    end.setUint16(10, entries.length, true);
    end.setUint32(12, size, true);
    end.setUint32(16, offset, true);
    var all = chunks.concat(central, [new Uint8Array(end.buffer)]);
    var out = new Uint8Array(all.reduce(function (n, c) { return n + c.length; }, 0)), at = 0;
    all.forEach(function (c) { out.set(c, at); at += c.length; });
    return out;
  }

  function encoded(files) {
    return Object.keys(files).map(function (name) {
      var data = files[name];
      return {name: name, data: typeof data === "string" ? utf8(data) : data};
    });
  }

  /* A zip of the files ({path: string or bytes}), stored. */
  function zip(files) {
    return assemble(encoded(files).map(function (e) { return {name: e.name, data: e.data, stored: e.data, method: 0}; }));
  }

  function deflate(data) {
    var stream = new Blob([data]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }

  var canDeflate = (function () {
    try {
      return typeof CompressionStream === "function" && typeof Response === "function" && typeof Blob === "function" &&
        !!new CompressionStream("deflate-raw");
    } catch (e) {
      return false;
    }
  })();

  /* A zip of the files, deflated where the browser can (an entry deflate would not shrink stays stored). */
  function build(files, options) {
    var entries = encoded(files);
    if (!canDeflate || (options && options.compress === false)) return Promise.resolve(zip(files));
    return Promise.all(entries.map(function (e) {
      return deflate(e.data).then(function (packed) {
        return packed.length < e.data.length ? {name: e.name, data: e.data, stored: packed, method: 8}
                                              : {name: e.name, data: e.data, stored: e.data, method: 0};
      });
    })).then(assemble, function () { return zip(files); });
  }

  var DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  var inBrowser = typeof window !== "undefined" && typeof Blob === "function";

  function revisionNote(note, options) {
    var bytes = (options && options.bytes) || !inBrowser;
    return build(parts(note), options).then(function (data) {
      return bytes ? data : new Blob([data], {type: DOCX_TYPE});
    });
  }

  function fileName(note) {
    var id = text(note && note.ruleId).replace(/[\\/:*?"<>|\s]+/g, "");
    return (id || "制度") + "修订说明.docx";
  }

  function download(note, name) {
    return revisionNote(note).then(function (blob) {
      var url = URL.createObjectURL(blob), a = document.createElement("a");
      a.href = url;
      a.download = name || fileName(note);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }

  var api = {revisionNote: revisionNote, parts: parts, build: build, zip: zip, fileName: fileName, download: download,
             chineseDate: chineseDate, chineseNumber: chineseNumber, clean: clean};
  if (root) root.zhiduDocx = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : null);
