/* A rule's history page: show the redline between the two versions the reader picks.
   The registry as of a date (/regulations/asof/): the page carries each rule's states as a step
   function ([from, status, version, exact], made by zhidu/model/history.py); this shows the state
   on the day picked. Text from the data is only ever set as textContent. */
(function () {
  "use strict";

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function setUpCompare(root) {
    var controls = root.querySelector("[data-zd-controls]");
    if (!controls || root.getAttribute("data-zd-ready")) return;
    root.setAttribute("data-zd-ready", "1");
    var from = root.querySelector("[data-zd-from]"), to = root.querySelector("[data-zd-to]");
    var same = root.querySelector("[data-zd-same]"), missing = root.querySelector("[data-zd-missing]");
    var sections = all(root, "section[data-from]");
    function show() {
      var a = Number(from.value), b = Number(to.value), lo = Math.min(a, b), hi = Math.max(a, b), found = false;
      sections.forEach(function (s) {
        var on = Number(s.getAttribute("data-from")) === lo && Number(s.getAttribute("data-to")) === hi;
        s.hidden = !on;
        found = found || on;
      });
      same.hidden = a !== b;
      missing.hidden = a === b || found;
    }
    controls.hidden = false;
    from.addEventListener("change", show);
    to.addEventListener("change", show);
    show();
  }

  // Earlier versions' full texts: read from the rule's versions.json when a reader opens one.
  var versionsData = {};
  function element(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function str(value) { return value === null || value === undefined ? "" : String(value); }
  function list(value) { return Array.isArray(value) ? value.filter(function (x) { return x && typeof x === "object"; }) : []; }
  function showText(box, data, labels) {
    var rows = [["名称", data.title], ["状态（本版本所记）", labels[data.status] || data.status],
                ["印发日期", data.issued], ["施行日期", data.effective]];
    if (data.repealed) rows.push(["废止日期", data.repealed]);
    var table = element("table"), body = element("tbody");
    rows.forEach(function (r) {
      var tr = element("tr");
      tr.appendChild(element("th", r[0]));
      tr.appendChild(element("td", str(r[1])));
      body.appendChild(tr);
    });
    table.appendChild(body);
    var parts = [table, element("h4", "摘要"), element("p", str(data.summary)), element("h4", "适用范围"),
                 element("p", str(data.scope)), element("h4", "条款")];
    list(data.provisions).forEach(function (p) {
      var para = element("p"), head = element("strong", str(p.id) + (p.title ? " " + str(p.title) : ""));
      para.appendChild(head);
      para.appendChild(document.createTextNode("　" + str(p.text)));
      parts.push(para);
    });
    parts.push(element("h4", "修订记录"));
    var ul = element("ul");
    list(data.revisions).forEach(function (r) { ul.appendChild(element("li", (str(r.date) + " " + str(r.note)).trim())); });
    parts.push(ul);
    box.textContent = "";
    parts.forEach(function (part) { box.appendChild(part); });
  }
  function loadText(details, root) {
    var box = details.querySelector("[data-zd-text]"), number = Number(details.getAttribute("data-zd-load"));
    if (!box || details.getAttribute("data-zd-loaded")) return;
    details.setAttribute("data-zd-loaded", "1");
    var src = root.getAttribute("data-src"), labels = JSON.parse(root.getAttribute("data-labels"));
    versionsData[src] = versionsData[src] || fetch(src).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
    versionsData[src].then(function (data) {
      var found = (data.versions || []).filter(function (v) { return v.number === number; })[0];
      if (!found || !found.data) throw new Error("missing");
      showText(box, found.data, labels);
    }).catch(function () {
      details.removeAttribute("data-zd-loaded");
      box.textContent = "";
      var p = element("p", "未能载入第 " + number + " 版全文（本页需通过网站访问）。可以下载本制度全部版本的数据文件：");
      var a = element("a", "versions.json");
      a.href = src;
      p.appendChild(a);
      box.appendChild(p);
    });
  }
  function setUpTexts(root) {
    all(root, "details[data-zd-load]").forEach(function (details) {
      details.addEventListener("toggle", function () { if (details.open) loadText(details, root); });
      if (details.open) loadText(details, root);
    });
  }

  function openVersionInAddress() {
    var match = /^#v(\d+)$/.exec(location.hash);
    var target = match && document.getElementById("v" + match[1]);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView();
    }
  }

  function stateOn(steps, day) {
    var found = null;
    steps.forEach(function (step) { if (step[0] <= day) found = step; });
    return found && found[1] !== null ? found : null;
  }

  function setUpAsOf(root) {
    if (root.getAttribute("data-zd-ready")) return;
    root.setAttribute("data-zd-ready", "1");
    var labels = JSON.parse(root.getAttribute("data-labels"));
    var active = root.getAttribute("data-active").split(" ");
    var input = root.querySelector("[data-zd-day]"), show = root.querySelector("[data-zd-show]");
    var data = JSON.parse(root.querySelector("[data-zd-data]").textContent);
    var rows = all(root, "tbody tr").map(function (tr) {
      var known = data[tr.getAttribute("data-id")] || [[], []];
      return {tr: tr, steps: known[0], versions: known[1], href: tr.getAttribute("data-href"),
              cells: {status: tr.querySelector("[data-cell=status]"), text: tr.querySelector("[data-cell=text]"),
                      later: tr.querySelector("[data-cell=later]")}};
    });
    function render(chosen) {
      var day = input.value;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
      var counts = {}, later = 0;
      rows.forEach(function (row) {
        var state = stateOn(row.steps, day), status = state ? state[1] : null;
        if (status) counts[status] = (counts[status] || 0) + 1; else later += 1;
        row.tr.hidden = show.value === "active" ? active.indexOf(status) < 0 : !status;
        row.cells.status.textContent = status ? labels[status] : "尚未印发";
        row.cells.text.textContent = "";
        if (state) {
          var link = document.createElement("a");
          link.href = row.href + "#v" + state[2];
          link.textContent = "第 " + state[2] + " 版";
          row.cells.text.appendChild(link);
          if (!state[3]) row.cells.text.appendChild(document.createTextNode("（本库收录前的文本未留存，此为收录时文本）"));
        }
        row.cells.later.textContent = row.versions
          .filter(function (v) { return !state || v[0] > state[2]; })
          .map(function (v) { return (v[2] ? v[2] + " " : "") + v[1]; }).join("；");
      });
      var n = function (s) { return counts[s] || 0; };
      var parts = ["当日施行的制度 " + (n("in_force") + n("under_revision")) + " 项（现行有效 " + n("in_force") +
                   " 项，修订中 " + n("under_revision") + " 项）"];
      ["pending", "repealed", "draft"].forEach(function (s) { if (n(s)) parts.push(labels[s] + " " + n(s) + " 项"); });
      if (later) parts.push("此后印发或收录 " + later + " 项");
      root.querySelector("[data-zd-shown-day]").textContent = day;
      root.querySelector("[data-zd-summary-text]").textContent = parts.join("，") + "。";
      if (chosen !== true) return;
      var params = new URLSearchParams(location.search);
      params.set("date", day);
      history.replaceState(null, "", location.pathname + "?" + params + location.hash);
    }
    var wanted = new URLSearchParams(location.search).get("date");
    if (wanted && /^\d{4}-\d{2}-\d{2}$/.test(wanted)) input.value = wanted;
    root.querySelector("[data-zd-controls]").hidden = false;
    input.addEventListener("change", function () { render(true); });
    show.addEventListener("change", function () { render(true); });
    render(false);
  }

  function setUp() {
    all(document, "[data-zd-compare]").forEach(setUpCompare);
    all(document, "[data-zd-texts]").forEach(setUpTexts);
    all(document, "[data-zd-asof]").forEach(setUpAsOf);
    openVersionInAddress();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  window.addEventListener("hashchange", openVersionInAddress);
})();
