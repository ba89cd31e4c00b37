/* 在线检查表：填写检查信息（被检查单位、检查日期、检查人），选择每项的检查结果、填写问题和整改要求；填写内容按“检查表编号 + 版本”
   保存在本浏览器的 localStorage 中，刷新后仍在；可导出 CSV、JSON，可清除，可打印。
   服务标准评分表（data-levels）随评分计算得分并评定星级，规则与 scripts/zhidu/model/scoring.py 相同，分值系数取自页面的 data-scoring（scripts/zhidu/vocabulary.py）。
   不发出任何网络请求。

   A stored record is {savedAt, items: {key: {result, problem, remedy}}, imported?, head?}; head
   ({unit, date, inspector}: 被检查单位, 检查日期 as YYYY-MM-DD, 检查人) was added later and is
   optional, so records saved before it load as they are, without a notice.

   Stored answers are never dropped silently. A stored record that cannot be used fully
   (not JSON, an unknown shape, a result outside data-results, a note that is not text,
   a head value that is not text or not a date, an item this checklist does not have) is reported
   in the notice area of the checklist bar, its raw text can be downloaded as it is, and before the
   stored key is first overwritten or removed the raw text is copied to
   "zhidu:checklist-backup:<id>:<version>:<time>".
   Records of the same checklist under another version are offered for import item by item;
   they, and backups, are only deleted when the user asks for it. */
(function () {
  "use strict";

  var PREFIX = "zhidu:checklist:";
  var BACKUP_PREFIX = "zhidu:checklist-backup:";
  var ITEM_FIELDS = ["result", "problem", "remedy"];
  var RECORD_FIELDS = ["savedAt", "items", "imported", "head"];
  var FIELD_NAMES = { problem: "问题描述", remedy: "整改要求" };
  var HEAD_FIELDS = ["unit", "date", "inspector"];
  var HEAD_NAMES = { unit: "被检查单位", date: "检查日期", inspector: "检查人" };
  var BLANK_DATE = "　　年　　月　　日";
  var LIST_LIMIT = 10;

  function download(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  // A stored text downloaded exactly as it is: .json when it parses as JSON, else .txt.
  function downloadRaw(name, raw) {
    var json = true;
    try { JSON.parse(raw); } catch (e) { json = false; }
    download(name + (json ? ".json" : ".txt"), json ? "application/json" : "text/plain;charset=utf-8", raw);
  }

  // OWASP CSV injection: a cell a spreadsheet would read as a formula gets a leading ',
  // then the cell is quoted when it holds a quote, a comma or a line break (as scripts/zhidu/export/csvfile.py).
  var FORMULA_START = /^[=+\-@\t\r]/;

  function csvCell(value) {
    var text = String(value == null ? "" : value);
    if (FORMULA_START.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // Natural order of version strings such as "2023-06-15" or "1.10".
  function compareVersions(a, b) {
    var x = a.match(/\d+|\D+/g) || [], y = b.match(/\d+|\D+/g) || [];
    for (var i = 0; i < Math.max(x.length, y.length); i++) {
      if (x[i] === undefined) return -1;
      if (y[i] === undefined) return 1;
      var d = /^\d/.test(x[i]) && /^\d/.test(y[i]) ? Number(x[i]) - Number(y[i]) : (x[i] < y[i] ? -1 : x[i] > y[i] ? 1 : 0);
      if (d) return d < 0 ? -1 : 1;
    }
    return 0;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // A date as an <input type=date> holds it: YYYY-MM-DD, a real day of the calendar from year 1.
  function isDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m || Number(m[1]) < 1) return false;
    var d = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3])));
    d.setUTCFullYear(Number(m[1]));
    return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
  }

  // "2024-05-01" as printed on paper: 2024 年 5 月 1 日.
  function paperDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    return m ? m[1] + " 年 " + Number(m[2]) + " 月 " + Number(m[3]) + " 日" : BLANK_DATE;
  }

  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function stamp(iso) { return when(iso).replace(/[-: ]/g, "").replace(/^(\d{8})/, "$1-"); }

  // localStorage may be missing or refuse access (privacy modes): reading then finds nothing.
  function readKey(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function storedKeys(prefix) {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) keys.push(key);
      }
    } catch (e) { /* no storage */ }
    return keys;
  }

  function numberList(numbers) {
    var sorted = numbers.slice().sort(function (a, b) { return a - b; });
    var shown = sorted.slice(0, LIST_LIMIT).join("、");
    return "第 " + shown + (sorted.length > LIST_LIMIT ? " 等 " + sorted.length : "") + " 项";
  }

  function keyList(keys) {
    return keys.slice(0, LIST_LIMIT).join("、") + (keys.length > LIST_LIMIT ? " 等" : "");
  }

  // The star level reached: the highest level whose own and all lower levels' rates reach their pass line.
  // `scoring` (what each result earns, which result leaves an item out) comes from the page's
  // data-scoring attribute, written from scripts/zhidu/vocabulary.py like the XLSX formulas.
  function rate(items, levels, scoring) {
    var reached = 0, blocked = false;
    var scores = levels.map(function (level) {
      var available = 0, earned = 0;
      items.forEach(function (item) {
        if (item.star <= level.level && item.result !== scoring.notApplicable) {
          available += item.points;
          earned += item.points * (scoring.factors[item.result] || 0);
        }
      });
      var percent = available === 0 ? 100 : 100 * earned / available;
      var passed = percent >= level.pass;
      if (!passed) blocked = true;
      if (!blocked) reached = level.level;
      return { level: level, available: available, earned: earned, percent: percent, passed: passed };
    });
    return { reached: reached, scores: scores };
  }

  function setUp(root) {
    var id = root.getAttribute("data-checklist");
    var version = root.getAttribute("data-version");
    var title = root.getAttribute("data-title");
    var unchecked = root.getAttribute("data-unchecked");
    var storageKey = PREFIX + id + ":" + version;
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr[data-key]"));
    // each row's fields, and what they hold as text for print: made here, not shipped in the page
    // (they were a third of its weight; without JavaScript nothing could be saved anyway)
    var choices = JSON.parse(root.getAttribute("data-results") || "[]");
    rows.forEach(function (row) {
      var number = row.getAttribute("data-number");
      ITEM_FIELDS.forEach(function (name) {
        var cell = row.querySelector("td[data-field=" + name + "]");
        if (!cell) return;
        var control = document.createElement(name === "result" ? "select" : "textarea");
        control.name = name;
        control.setAttribute("aria-label", "第 " + number + " 项" + (FIELD_NAMES[name] || "检查结果"));
        if (name === "result") {
          choices.forEach(function (choice) { control.add(new Option(choice, choice, false, choice === unchecked)); });
        } else {
          control.rows = 3;
        }
        var shown = document.createElement("span");
        shown.className = "zd-print-value";
        shown.setAttribute("data-for", name);
        cell.appendChild(control);
        cell.appendChild(shown);
      });
    });
    var progress = root.querySelector(".zd-progress");
    var note = root.querySelector(".zd-storage-note");
    var levels = JSON.parse(root.getAttribute("data-levels") || "[]");
    var scoring = JSON.parse(root.getAttribute("data-scoring"));
    var allowed = allowedResults();
    var byKey = {};
    rows.forEach(function (row) { byKey[row.getAttribute("data-key")] = row; });
    var headInputs = {};     // name -> the input of 被检查单位, 检查日期, 检查人 at the top of the form
    HEAD_FIELDS.forEach(function (name) {
      var input = root.querySelector(".zd-checklist-head [name=" + name + "]");
      if (input) headInputs[name] = input;
    });
    var notices = noticeArea();

    var pendingRaw = null;   // stored text that could not be used fully and is not yet in a backup key
    var storedRaw = null;    // that text as found on load, for "导出原有记录"
    var storedNotice = null;
    var blockedNotice = null;
    var imported = {};       // version -> when its answers were imported into this version

    function allowedResults() {
      try {
        var list = JSON.parse(root.getAttribute("data-results"));
        if (Array.isArray(list) && list.length) return list.map(String);
      } catch (e) { /* fall back to the options */ }
      var select = root.querySelector("select[name=result]");
      return select ? Array.prototype.map.call(select.options, function (o) { return o.value; }) : [unchecked];
    }

    function noticeArea() {
      var area = root.querySelector(".zd-notices");
      if (area) return area;
      area = document.createElement("div");
      area.className = "zd-notices";
      area.setAttribute("role", "status");
      area.setAttribute("aria-live", "polite");
      var bar = root.querySelector(".zd-checklist-bar") || root;
      bar.insertBefore(area, bar.firstChild);
      return area;
    }

    // A notice in the checklist bar: its text can be replaced and buttons added or removed.
    function notice(kind, name) {
      var box = document.createElement("div");
      box.className = "zd-notice zd-notice-" + kind;
      box.setAttribute("data-notice", name);
      var text = document.createElement("p");
      var buttons = document.createElement("div");
      buttons.className = "zd-notice-buttons";
      box.appendChild(text);
      box.appendChild(buttons);
      notices.appendChild(box);
      return {
        box: box,
        say: function (words) { text.textContent = words; },
        button: function (label, handler) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "md-button";
          button.textContent = label;
          button.addEventListener("click", handler);
          buttons.appendChild(button);
          return button;
        },
        clearButtons: function () { while (buttons.firstChild) buttons.removeChild(buttons.firstChild); }
      };
    }

    function field(row, name) { return row.querySelector("[name=" + name + "]"); }

    function number(row) { return Number(row.getAttribute("data-number")); }

    function headValues() {
      var values = {};
      HEAD_FIELDS.forEach(function (name) { values[name] = headInputs[name] ? headInputs[name].value : ""; });
      return values;
    }

    function applyHead(head) {
      HEAD_FIELDS.forEach(function (name) {
        if (headInputs[name] && has(head, name)) headInputs[name].value = head[name];
      });
    }

    function hasAnswer(row) {
      return field(row, "result").value !== unchecked || field(row, "problem").value !== "" || field(row, "remedy").value !== "";
    }

    // Reads a stored record against this page's items. Either {ok: false, reason: "corrupt" | "shape"},
    // or {ok: true, items: {key: {result, problem, remedy}} with only usable values, head: {unit, date,
    // inspector} with only usable values (none when the record has no head), unknownKeys: keys this
    // checklist does not have, issues: what else could not be used, imported: {version: time}}.
    function readRecord(raw) {
      var data;
      try { data = JSON.parse(raw); } catch (e) { return { ok: false, reason: "corrupt" }; }
      if (!isObject(data) || !isObject(data.items)) return { ok: false, reason: "shape" };
      var issues = { results: [], values: [], problem: [], remedy: [], items: [], extra: [], other: false,
                     head: [], headDate: null, headShape: false };
      var record = { ok: true, items: {}, head: {}, unknownKeys: [], issues: issues, imported: {} };
      Object.keys(data).forEach(function (name) { if (RECORD_FIELDS.indexOf(name) < 0) issues.other = true; });
      if (has(data, "imported")) {
        if (isObject(data.imported)) {
          Object.keys(data.imported).forEach(function (v) {
            if (typeof data.imported[v] === "string") record.imported[v] = data.imported[v];
            else issues.other = true;
          });
        } else issues.other = true;
      }
      if (has(data, "head") && data.head != null) {
        if (!isObject(data.head)) issues.headShape = true;
        else {
          Object.keys(data.head).forEach(function (name) {
            var value = data.head[name];
            if (HEAD_FIELDS.indexOf(name) < 0) { issues.other = true; return; }
            if (value == null) return;
            if (typeof value !== "string") issues.head.push(name);
            else if (name === "date" && value !== "" && !isDate(value)) issues.headDate = value;
            else record.head[name] = value;
          });
        }
      }
      Object.keys(data.items).forEach(function (key) {
        var item = data.items[key];
        if (!has(byKey, key)) { record.unknownKeys.push(key); return; }
        var n = number(byKey[key]);
        if (!isObject(item)) { issues.items.push(n); return; }
        var clean = { result: unchecked, problem: "", remedy: "" };
        if (item.result != null) {
          if (typeof item.result === "string" && allowed.indexOf(item.result) >= 0) clean.result = item.result;
          else {
            issues.results.push(n);
            if (typeof item.result === "string" && issues.values.indexOf(item.result) < 0) issues.values.push(item.result);
          }
        }
        ["problem", "remedy"].forEach(function (name) {
          var value = item[name];
          if (value == null) return;
          if (typeof value === "string") clean[name] = value;
          else issues[name].push(n);
        });
        if (Object.keys(item).some(function (name) { return ITEM_FIELDS.indexOf(name) < 0; })) issues.extra.push(n);
        record.items[key] = clean;
      });
      return record;
    }

    // What could not be used, one clause per kind, in plain words.
    function describe(issues) {
      var parts = [];
      if (issues.results.length) {
        var values = issues.values.slice(0, 3).map(function (v) { return "“" + (v.length > 20 ? v.slice(0, 20) + "…" : v) + "”"; }).join("");
        parts.push(numberList(issues.results) + "保存的检查结果" + (values ? "（" + values + "）" : "") +
                   "不是可选的结果，已按“" + unchecked + "”处理");
      }
      ["problem", "remedy"].forEach(function (name) {
        if (issues[name].length) parts.push(numberList(issues[name]) + "的" + FIELD_NAMES[name] + "不是文字，显示为空");
      });
      if (issues.headShape) parts.push("检查信息（被检查单位、检查日期、检查人）的记录格式无法识别，未使用");
      if (issues.head.length) {
        parts.push("检查信息中的" + issues.head.map(function (name) { return HEAD_NAMES[name]; }).join("、") +
                   "不是文字，显示为空");
      }
      if (issues.headDate !== null) {
        var shown = issues.headDate.length > 20 ? issues.headDate.slice(0, 20) + "…" : issues.headDate;
        parts.push("检查信息中的检查日期（“" + shown + "”）不是有效的日期，显示为空");
      }
      if (issues.items.length) parts.push(numberList(issues.items) + "的记录格式无法识别，未使用");
      if (issues.extra.length) parts.push(numberList(issues.extra) + "含有无法识别的内容，未使用");
      if (issues.other) parts.push("记录中另有无法识别的内容，未使用");
      return parts;
    }

    function apply(row, item) {
      field(row, "result").value = item.result;
      field(row, "problem").value = item.problem;
      field(row, "remedy").value = item.remedy;
    }

    function answers() {
      return rows.map(function (row) {
        return {
          number: number(row),
          key: row.getAttribute("data-key"),
          check: row.querySelector(".zd-check").textContent.trim(),
          result: field(row, "result").value,
          problem: field(row, "problem").value,
          remedy: field(row, "remedy").value
        };
      });
    }

    function refresh() {
      var done = 0, failed = 0;
      var head = headValues();
      HEAD_FIELDS.forEach(function (name) {
        var shown = root.querySelector('.zd-checklist-head .zd-print-value[data-for="' + name + '"]');
        if (shown) shown.textContent = name === "date" ? paperDate(head.date) : head[name];
      });
      rows.forEach(function (row) {
        var result = field(row, "result").value;
        if (result !== unchecked) done++;
        if (result === scoring.failed) failed++;
        row.setAttribute("data-result", result);
        ["result", "problem", "remedy"].forEach(function (name) {
          row.querySelector('.zd-print-value[data-for="' + name + '"]').textContent = field(row, name).value;
        });
      });
      progress.textContent = "已检查 " + done + " / " + rows.length + " 项，不符合 " + failed + " 项";
      if (levels.length) refreshRating();
    }

    function refreshRating() {
      var items = rows.map(function (row) {
        return { star: Number(row.getAttribute("data-star")), points: Number(row.getAttribute("data-points")),
                 result: field(row, "result").value };
      });
      rows.forEach(function (row, i) {
        var item = items[i];
        var score = item.result === scoring.notApplicable ? "—" : String(item.points * (scoring.factors[item.result] || 0));
        row.querySelector(".zd-score").textContent = score;
      });
      var rating = rate(items, levels, scoring);
      rating.scores.forEach(function (s) {
        var line = root.querySelector('.zd-rating-table tr[data-level="' + s.level.level + '"]');
        line.querySelector(".zd-available").textContent = String(s.available);
        line.querySelector(".zd-earned").textContent = String(s.earned);
        line.querySelector(".zd-rate").textContent = s.percent.toFixed(1) + "%";
        line.querySelector(".zd-passed").textContent = s.passed ? "是" : "否";
      });
      var name = rating.reached ? levels[rating.reached - 1].name : "未达到" + levels[0].name;
      root.querySelector(".zd-rating-level").textContent = name;
      root.setAttribute("data-rating", String(rating.reached));
      var pending = items.filter(function (item) { return item.result === unchecked; }).length;
      root.querySelector(".zd-rating-detail").textContent = pending ? "（尚有 " + pending + " 项未检查，按不得分计）" : "";
    }

    // --- what was stored under this checklist and version, and could not be used fully ---------------

    var KEEP_TAIL = "原有记录仍完整保留在本浏览器中，可点击“导出原有记录”另存一份；继续填写时，原有记录会先自动备份，不会丢失。";
    var BACKED_UP_TAIL = "原有记录已自动备份在本浏览器中，不会丢失；可点击“导出原有记录”另存一份。";
    var storedLead = "";

    function reportStored(lead) {
      storedLead = lead;
      storedNotice = notice("warning", "stored");
      storedNotice.say(lead + KEEP_TAIL);
      storedNotice.button("导出原有记录", function () { downloadRaw(id + "-原有记录-版本" + version, storedRaw); });
    }

    // Before the stored key is overwritten or removed, copy a stored text that could not be used fully
    // to a backup key. False (and nothing may be written) when that copy cannot be made.
    function keepUnreadable() {
      if (pendingRaw === null) return true;
      var key = BACKUP_PREFIX + id + ":" + version + ":" + new Date().toISOString();
      try {
        while (localStorage.getItem(key) !== null) key += "+";
        localStorage.setItem(key, pendingRaw);
        if (localStorage.getItem(key) !== pendingRaw) throw new Error("backup not kept");
      } catch (e) {
        reportBlocked();
        return false;
      }
      pendingRaw = null;
      if (storedNotice) storedNotice.say(storedLead + BACKED_UP_TAIL);
      if (blockedNotice) { blockedNotice.box.remove(); blockedNotice = null; }
      return true;
    }

    function reportBlocked() {
      if (blockedNotice) return;
      blockedNotice = notice("warning", "blocked");
      blockedNotice.say("无法备份原有记录（浏览器存储空间不足或不可用），为免丢失，新的填写暂未保存到本浏览器。" +
                        "请先点击“导出原有记录”另存一份，再点击“放弃原有记录，保存新的填写”。");
      blockedNotice.button("导出原有记录", function () { downloadRaw(id + "-原有记录-版本" + version, storedRaw); });
      blockedNotice.button("放弃原有记录，保存新的填写", function () {
        if (!window.confirm("确定放弃本浏览器中无法读取的原有记录吗？放弃后不能恢复。")) return;
        pendingRaw = null;
        blockedNotice.box.remove();
        blockedNotice = null;
        if (storedNotice) storedNotice.say(storedLead + "原有记录已按您的选择放弃。");
        save();
      });
    }

    function save() {
      if (!keepUnreadable()) { refresh(); return; }
      var filled = {};
      answers().forEach(function (a) {
        if (a.result !== unchecked || a.problem || a.remedy) {
          filled[a.key] = { result: a.result, problem: a.problem, remedy: a.remedy };
        }
      });
      var record = { savedAt: new Date().toISOString(), items: filled };
      if (Object.keys(imported).length) record.imported = imported;
      var head = headValues();
      if (HEAD_FIELDS.some(function (name) { return head[name] !== ""; })) record.head = head;
      try {
        localStorage.setItem(storageKey, JSON.stringify(record));
      } catch (e) {
        note.textContent = "无法在本浏览器中保存填写内容（可能处于隐私模式），请及时导出。";
      }
      refresh();
    }

    function restore() {
      var raw = readKey(storageKey);
      if (raw !== null) {
        var record = readRecord(raw);
        if (!record.ok) {
          storedRaw = pendingRaw = raw;
          reportStored(record.reason === "corrupt"
            ? "本浏览器中保存的填写记录已损坏，无法读取，表中没有填入原有内容。"
            : "本浏览器中保存的填写记录格式无法识别，无法读取，表中没有填入原有内容。");
        } else {
          rows.forEach(function (row) {
            var key = row.getAttribute("data-key");
            if (has(record.items, key)) apply(row, record.items[key]);
          });
          applyHead(record.head);
          imported = record.imported;
          var parts = describe(record.issues);
          if (record.unknownKeys.length) {
            parts.push("有 " + record.unknownKeys.length + " 项（" + keyList(record.unknownKeys) + "）在本检查表中找不到对应的检查项，未使用");
          }
          if (parts.length) {
            storedRaw = pendingRaw = raw;
            reportStored("本浏览器中保存的填写记录有部分内容无法使用：" + parts.join("；") + "。");
          }
        }
      }
      otherVersions().forEach(reportOtherVersion);
      backups().forEach(reportBackup);
      refresh();
    }

    // --- the same checklist under other versions -------------------------------------------------------

    function otherVersions() {
      var prefix = PREFIX + id + ":";
      return storedKeys(prefix).filter(function (key) { return key !== storageKey; })
        .map(function (key) { return { key: key, version: key.slice(prefix.length) }; })
        .sort(function (a, b) { return compareVersions(b.version, a.version); });
    }

    function reportOtherVersion(other) {
      var raw = readKey(other.key);
      if (raw === null) return;
      var record = readRecord(raw);
      var count = record.ok ? Object.keys(record.items).length + record.unknownKeys.length : 0;
      var withHead = record.ok && HEAD_FIELDS.some(function (name) { return record.head[name]; });
      if (record.ok && count === 0 && !withHead && !describe(record.issues).length) return;   // an empty record: nothing to offer
      var older = compareVersions(other.version, version) < 0;
      var which = older ? "旧版本" : "该版本";
      var n = notice("info", "version");
      n.box.setAttribute("data-version", other.version);
      var lead = older
        ? "本检查表已更新（版本 " + other.version + " → " + version + "），本浏览器中有旧版本的填写记录"
        : "本浏览器中有本检查表另一版本（版本 " + other.version + "，当前为版本 " + version + "）的填写记录";
      if (has(imported, other.version)) {
        n.say(lead + "，已于 " + when(imported[other.version]) + " 导入本版本。" + which + "记录仍保留在本浏览器中。");
      } else if (!record.ok) {
        n.say(lead + "，但该记录已损坏，无法导入；可导出另存一份。");
      } else {
        n.say(lead + "（" + count + " 项" + (withHead ? "及检查信息" : "") + "）。可点击“导入" + which + "的填写”，把检查项仍然存在的各项逐项带入本版本；" +
              which + "记录会继续保留。");
        var importButton = n.button("导入" + which + "的填写", function () {
          importButton.remove();
          importFrom(other, record, n, which);
        });
      }
      n.button("导出" + which + "记录", function () {
        var current = readKey(other.key);
        downloadRaw(id + "-" + which + "记录-版本" + other.version, current === null ? raw : current);
      });
      n.button("删除" + which + "记录", function () {
        if (!window.confirm("确定删除本浏览器中版本 " + other.version + " 的填写记录吗？删除后不能恢复，如需保留请先导出。")) return;
        try { localStorage.removeItem(other.key); } catch (e) { /* nothing stored */ }
        n.say("已删除版本 " + other.version + " 的填写记录。");
        n.clearButtons();
      });
    }

    // Carries the other version's answers over where the item key still exists and this version's item is empty,
    // and its head values where this version's are empty.
    function importFrom(other, record, n, which) {
      var carried = 0, kept = 0, heads = [];
      HEAD_FIELDS.forEach(function (name) {
        if (headInputs[name] && record.head[name] && headInputs[name].value === "") {
          headInputs[name].value = record.head[name];
          heads.push(HEAD_NAMES[name]);
        }
      });
      Object.keys(record.items).forEach(function (key) {
        var item = record.items[key], row = byKey[key];
        if (item.result === unchecked && !item.problem && !item.remedy) return;
        if (hasAnswer(row)) { kept++; return; }
        apply(row, item);
        carried++;
      });
      imported[other.version] = new Date().toISOString();
      save();
      var gone = record.unknownKeys.length;
      var words = "已从版本 " + other.version + " 导入 " + carried + " 项填写；" + which + "中有 " + gone + " 项" +
                  (gone ? "（" + keyList(record.unknownKeys) + "）" : "") + "在本版本中已不存在，未导入";
      if (kept) words += "；" + kept + " 项本版本已有填写，保留本版本的内容";
      if (heads.length) words += "；检查信息中的" + heads.join("、") + "一并导入";
      var parts = describe(record.issues);
      if (parts.length) words += "。" + which + "记录中有部分内容无法使用：" + parts.join("；");
      n.say(words + "。" + which + "记录仍保留在本浏览器中。");
    }

    // --- backups made earlier of records that could not be used fully ----------------------------------

    function backups() {
      return storedKeys(BACKUP_PREFIX + id + ":").sort();
    }

    function reportBackup(key) {
      var rest = key.slice((BACKUP_PREFIX + id + ":").length);
      var at = rest.indexOf(":");
      var backupVersion = at < 0 ? rest : rest.slice(0, at);
      var time = at < 0 ? "" : rest.slice(at + 1).replace(/\+*$/, "");
      var n = notice("info", "backup");
      n.say("本浏览器中保存着一份因无法完整读取而备份的原有填写记录（版本 " + backupVersion +
            (time ? "，于 " + when(time) + " 备份" : "") + "）。可导出另存；确认不再需要时可删除。");
      n.button("导出备份记录", function () {
        var raw = readKey(key);
        if (raw !== null) downloadRaw(id + "-备份记录-版本" + backupVersion + (time ? "-" + stamp(time) : ""), raw);
      });
      n.button("删除备份记录", function () {
        if (!window.confirm("确定删除这份备份记录吗？删除后不能恢复，如需保留请先导出。")) return;
        try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
        n.say("已删除这份备份记录。");
        n.clearButtons();
      });
    }

    // --- exports and clearing -------------------------------------------------------------------------

    // One row per item, then the rating of a scored sheet. 被检查单位, 检查日期 and 检查人 are the last
    // three columns of every row, so the file stays a plain table (one header line) that Excel or WPS
    // opens, filters and merges with other inspections' files as it is.
    function exportCsv() {
      var head = headValues();
      var tail = [head.unit, head.date, head.inspector];
      var lines = [["序号", "条款", "检查项", "检查结果", "问题描述", "整改要求", "被检查单位", "检查日期", "检查人"].join(",")];
      answers().forEach(function (a) {
        lines.push([a.number, a.key, a.check, a.result, a.problem, a.remedy].concat(tail).map(csvCell).join(","));
      });
      if (levels.length) {
        lines.push(["", "", "评定星级", root.querySelector(".zd-rating-level").textContent, "", ""].concat(tail).map(csvCell).join(","));
      }
      download(id + "-检查记录.csv", "text/csv;charset=utf-8", "\ufeff" + lines.join("\r\n") + "\r\n");
    }

    function exportJson() {
      var data = { checklist: id, version: version, title: title, exportedAt: new Date().toISOString(),
                   head: headValues(), items: answers() };
      if (levels.length) data.rating = root.querySelector(".zd-rating-level").textContent;
      download(id + "-检查记录.json", "application/json", JSON.stringify(data, null, 2));
    }

    function clear() {
      if (!window.confirm("确定清除本检查表在本浏览器中的全部填写内容吗？此操作不能撤销。")) return;
      if (!keepUnreadable()) return;
      try { localStorage.removeItem(storageKey); } catch (e) { /* nothing stored */ }
      imported = {};
      applyHead({ unit: "", date: "", inspector: "" });
      rows.forEach(function (row) {
        field(row, "result").value = unchecked;
        field(row, "problem").value = "";
        field(row, "remedy").value = "";
      });
      refresh();
    }

    root.addEventListener("change", save);
    root.addEventListener("input", save);
    root.addEventListener("click", function (event) {
      var action = event.target.getAttribute && event.target.getAttribute("data-action");
      if (action === "csv") exportCsv();
      else if (action === "json") exportJson();
      else if (action === "print") window.print();
      else if (action === "clear") clear();
    });
    restore();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".zd-checklist"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
