/* 在线检查表：选择每项的检查结果、填写问题和整改要求；填写内容按“检查表编号 + 版本”
   保存在本浏览器的 localStorage 中，刷新后仍在；可导出 CSV、JSON，可清除，可打印。
   服务标准评分表（data-levels）随评分计算得分并评定星级，规则与 scripts/zhidu/scoring.py 相同。
   不发出任何网络请求。 */
(function () {
  "use strict";

  function download(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function csvCell(value) {
    var text = String(value == null ? "" : value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  var FACTORS = { "符合": 1, "基本符合": 0.5, "不符合": 0, "未检查": 0 };
  var NOT_APPLICABLE = "不适用";

  // The star level reached: the highest level whose own and all lower levels' rates reach their pass line.
  function rate(items, levels) {
    var reached = 0, blocked = false;
    var scores = levels.map(function (level) {
      var available = 0, earned = 0;
      items.forEach(function (item) {
        if (item.star <= level.level && item.result !== NOT_APPLICABLE) {
          available += item.points;
          earned += item.points * (FACTORS[item.result] || 0);
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
    var storageKey = "zhidu:checklist:" + id + ":" + version;
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr[data-key]"));
    var progress = root.querySelector(".zd-progress");
    var note = root.querySelector(".zd-storage-note");
    var levels = JSON.parse(root.getAttribute("data-levels") || "[]");

    function field(row, name) { return row.querySelector("[name=" + name + "]"); }

    function answers() {
      return rows.map(function (row) {
        return {
          number: Number(row.getAttribute("data-number")),
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
      rows.forEach(function (row) {
        var result = field(row, "result").value;
        if (result !== unchecked) done++;
        if (result === "不符合") failed++;
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
        var score = item.result === NOT_APPLICABLE ? "—" : String(item.points * (FACTORS[item.result] || 0));
        row.querySelector(".zd-score").textContent = score;
      });
      var rating = rate(items, levels);
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

    function save() {
      var filled = {};
      answers().forEach(function (a) {
        if (a.result !== unchecked || a.problem || a.remedy) {
          filled[a.key] = { result: a.result, problem: a.problem, remedy: a.remedy };
        }
      });
      try {
        localStorage.setItem(storageKey, JSON.stringify({ savedAt: new Date().toISOString(), items: filled }));
      } catch (e) {
        note.textContent = "无法在本浏览器中保存填写内容（可能处于隐私模式），请及时导出。";
      }
      refresh();
    }

    function restore() {
      var saved = {};
      try { saved = (JSON.parse(localStorage.getItem(storageKey)) || {}).items || {}; } catch (e) { saved = {}; }
      rows.forEach(function (row) {
        var item = saved[row.getAttribute("data-key")];
        if (!item) return;
        field(row, "result").value = item.result || unchecked;
        field(row, "problem").value = item.problem || "";
        field(row, "remedy").value = item.remedy || "";
      });
      refresh();
    }

    function exportCsv() {
      var lines = [["序号", "条款", "检查项", "检查结果", "问题描述", "整改要求"].join(",")];
      answers().forEach(function (a) {
        lines.push([a.number, a.key, a.check, a.result, a.problem, a.remedy].map(csvCell).join(","));
      });
      if (levels.length) lines.push(["", "", "评定星级", root.querySelector(".zd-rating-level").textContent, "", ""].map(csvCell).join(","));
      download(id + "-检查记录.csv", "text/csv;charset=utf-8", "\ufeff" + lines.join("\r\n") + "\r\n");
    }

    function exportJson() {
      var data = { checklist: id, version: version, title: title, exportedAt: new Date().toISOString(), items: answers() };
      if (levels.length) data.rating = root.querySelector(".zd-rating-level").textContent;
      download(id + "-检查记录.json", "application/json", JSON.stringify(data, null, 2));
    }

    function clear() {
      if (!window.confirm("确定清除本检查表在本浏览器中的全部填写内容吗？此操作不能撤销。")) return;
      try { localStorage.removeItem(storageKey); } catch (e) { /* nothing stored */ }
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
