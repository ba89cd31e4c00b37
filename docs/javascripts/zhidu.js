/* 制度总览等表格的筛选：在 <div class="zd-filters" data-columns="列名,…"> 之后的第一张表格上，
   为每个指定列生成一个下拉框，选项取自该列的现有取值。只在本页运行，不发出任何网络请求。 */
(function () {
  "use strict";

  function nextTable(marker) {
    var tables = document.querySelectorAll(".md-content table");
    for (var i = 0; i < tables.length; i++) {
      if (marker.compareDocumentPosition(tables[i]) & Node.DOCUMENT_POSITION_FOLLOWING) return tables[i];
    }
    return null;
  }

  function setUp(marker) {
    var table = nextTable(marker);
    if (!table) return;
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var filters = [];
    var count = document.createElement("span");
    count.className = "zd-filter-count";
    count.setAttribute("aria-live", "polite");

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = filters.every(function (f) {
          return !f.select.value || row.cells[f.index].textContent.trim() === f.select.value;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 项";
    }

    marker.getAttribute("data-columns").split(",").forEach(function (name) {
      var index = headers.indexOf(name.trim());
      if (index < 0) return;
      var values = [];
      rows.forEach(function (row) {
        var v = row.cells[index].textContent.trim();
        if (values.indexOf(v) < 0) values.push(v);
      });
      values.sort(function (a, b) { return a.localeCompare(b, "zh"); });
      var label = document.createElement("label");
      label.textContent = name + "：";
      var select = document.createElement("select");
      select.name = "filter-" + index;
      select.appendChild(new Option("全部", ""));
      values.forEach(function (v) { select.appendChild(new Option(v, v)); });
      select.addEventListener("change", apply);
      label.appendChild(select);
      marker.appendChild(label);
      filters.push({ index: index, select: select });
    });
    marker.appendChild(count);
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".zd-filters"), setUp);
    // the theme's search dialog has no accessible name: screen readers announce it as 站内搜索
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.getAttribute("aria-label")) dialog.setAttribute("aria-label", "站内搜索");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
