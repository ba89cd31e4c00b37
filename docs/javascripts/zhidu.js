/* 列表（制度、上位依据、检查表）的筛选和排序。
   The page ships the whole list as a plain table (sorted as the build sorted it) with its filter and
   sort controls hidden; this script shows the controls and keeps their choices in the address
   (?领域=物&状态=现行有效&排序=施行日期-降序), so a filtered list can be bookmarked and shared and the
   browser's back and forward buttons step through the choices. Rows carry their values as data
   attributes (data-domain, data-status, data-effective …); several values are separated by "|".
   Runs on this page only and sends no network requests. */
(function () {
  "use strict";

  var ARROWS = { ascending: "↑", descending: "↓" };
  var collator = window.Intl && Intl.Collator ? new Intl.Collator("zh-Hans-CN") : null;

  function compareText(a, b) {
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  function List(root) {
    this.root = root;
    this.controls = root.querySelector(".zd-list-controls");
    this.table = root.querySelector("table");
    this.body = this.table.tBodies[0];
    this.rows = Array.prototype.slice.call(this.body.rows);
    this.filters = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
    this.sort = root.querySelector("select[data-sort-select]");
    this.count = root.querySelector(".zd-list-count");
    this.empty = root.querySelector(".zd-list-empty");
    this.headers = Array.prototype.slice.call(this.table.tHead.querySelectorAll("th[data-sort]"));
    this.defaultSort = this.sort.options[0].value;
    this.setUp();
  }

  List.prototype.setUp = function () {
    var self = this;
    this.filters.forEach(function (select) {
      select.addEventListener("change", function () { self.changed(); });
    });
    this.sort.addEventListener("change", function () { self.changed(); });
    Array.prototype.forEach.call(this.root.querySelectorAll("[data-reset]"), function (button) {
      button.addEventListener("click", function () {
        self.filters.forEach(function (select) { select.value = ""; });
        self.sort.value = self.defaultSort;
        self.changed();
      });
    });
    // the sortable column headers become buttons: a click sorts by the column, a second click reverses
    this.headers.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "zd-sort-button";
      button.title = "按" + th.getAttribute("data-sort") + "排序";
      while (th.firstChild) button.appendChild(th.firstChild);
      var arrow = document.createElement("span");
      arrow.className = "zd-sort-arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      th.appendChild(button);
      button.addEventListener("click", function () { self.sortByColumn(th.getAttribute("data-sort")); });
    });
    this.controls.hidden = false;
    this.root.classList.add("zd-list-ready");
    this.restore();
    // the address as it is read: unknown values are dropped, defaults left out
    history.replaceState(history.state, "", this.address());
  };

  /* The sort options of one column, in the order the page lists them (the first is the usual one). */
  List.prototype.optionsFor = function (name) {
    return Array.prototype.filter.call(this.sort.options, function (o) { return o.getAttribute("data-name") === name; });
  };

  List.prototype.sortByColumn = function (name) {
    var options = this.optionsFor(name);
    if (!options.length) return;
    var current = this.sort.options[this.sort.selectedIndex];
    var next = options[0];
    if (current.getAttribute("data-name") === name) {
      next = options.filter(function (o) { return o !== current; })[0] || current;
    }
    this.sort.value = next.value;
    this.changed();
  };

  /* Choices from the address: each control takes its value from the parameter named like it. */
  List.prototype.restore = function () {
    var params = new URLSearchParams(location.search);
    function pick(select, fallback) {
      var wanted = params.get(select.name);
      var known = wanted !== null && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      select.value = known ? wanted : fallback;
    }
    this.filters.forEach(function (select) { pick(select, ""); });
    pick(this.sort, this.defaultSort);
    this.apply();
  };

  /* The current address with this list's choices in its query (other parameters and the #anchor kept). */
  List.prototype.address = function () {
    var params = new URLSearchParams(location.search);
    this.filters.forEach(function (select) {
      if (select.value) params.set(select.name, select.value); else params.delete(select.name);
    });
    if (this.sort.value !== this.defaultSort) params.set(this.sort.name, this.sort.value);
    else params.delete(this.sort.name);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  };

  List.prototype.changed = function () {
    this.apply();
    var next = this.address();
    if (next !== location.pathname + location.search + location.hash) history.pushState(null, "", next);
  };

  List.prototype.apply = function () {
    var active = this.filters.filter(function (s) { return s.value; });
    var shown = 0;
    this.rows.forEach(function (row) {
      var ok = active.every(function (select) {
        var values = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split("|");
        return values.indexOf(select.value) >= 0;
      });
      row.hidden = !ok;
      if (ok) shown++;
    });
    this.order();
    this.count.textContent = "显示 " + shown + " / " + this.rows.length + " 项";
    if (this.empty) this.empty.hidden = shown > 0;
    this.table.hidden = shown === 0;
    var filters = this.filters;
    filters.forEach(function (select) {
      select.closest(".zd-list-control").classList.toggle("zd-list-active", !!select.value);
      // 类别 grouped by 领域: with a domain chosen, only that domain's categories are offered
      var by = select.getAttribute("data-grouped-by");
      var parent = by && filters.filter(function (s) { return s.getAttribute("data-filter") === by; })[0];
      if (!parent) return;
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !!parent.value && group.label !== parent.value && !group.contains(select.selectedOptions[0]);
      });
    });
  };

  List.prototype.order = function () {
    var option = this.sort.options[this.sort.selectedIndex];
    var field = option.getAttribute("data-field");
    var kind = option.getAttribute("data-kind");
    var sign = option.getAttribute("data-dir") === "desc" ? -1 : 1;
    var name = option.getAttribute("data-name");
    function value(row) {
      var v = row.getAttribute("data-" + field) || "";
      return kind === "number" ? Number(v) : v;
    }
    var sorted = this.rows.slice().sort(function (a, b) {
      var x = value(a), y = value(b), result;
      if (kind !== "number" && (x === "" || y === "")) {
        result = x === y ? 0 : x === "" ? 1 : -1;      // no date: last, whichever the direction
      } else {
        result = sign * (kind === "text" ? compareText(x, y) : x < y ? -1 : x > y ? 1 : 0);
      }
      return result || Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    });
    var body = this.body;
    sorted.forEach(function (row) { body.appendChild(row); });
    var state = sign < 0 ? "descending" : "ascending";
    this.headers.forEach(function (th) {
      var arrow = th.querySelector(".zd-sort-arrow");
      if (th.getAttribute("data-sort") === name) {
        th.setAttribute("aria-sort", state);
        if (arrow) arrow.textContent = ARROWS[state];
      } else {
        th.removeAttribute("aria-sort");
        if (arrow) arrow.textContent = "↕";
      }
    });
  };

  var lists = [];

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".zd-list"), function (root) {
      if (!root.querySelector("select[data-sort-select]") || root.classList.contains("zd-list-ready")) return;
      lists.push(new List(root));
    });
    // the theme's search dialog has no accessible name: screen readers announce it as 站内搜索
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.getAttribute("aria-label")) dialog.setAttribute("aria-label", "站内搜索");
  }

  window.addEventListener("popstate", function () {
    lists.forEach(function (list) { list.restore(); });
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
