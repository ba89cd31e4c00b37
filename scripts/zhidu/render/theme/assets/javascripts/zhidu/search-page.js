/* The results page /search/?q=…&kind=…&domain=…&status=…: every result with its kind and status,
   counts by kind, filters; the address always holds the query and filters, so it can be shared. */
(function () {
  "use strict";
  var form = document.querySelector("form.zd-search-page");
  if (!form) return;
  var summary = document.querySelector(".zd-search-summary");
  var counts = document.querySelector(".zd-search-counts");
  var list = document.querySelector(".zd-search-results");
  var fields = ["q", "kind", "domain", "status"];
  var state = null;
  var base = new URL(JSON.parse(document.getElementById("__config").textContent).base + "/", location.href);

  var params = new URLSearchParams(location.search);
  if (window.zhiduResultsQuery) params.set("q", window.zhiduResultsQuery);   // see main.html
  fields.forEach(function (name) { if (params.get(name)) form.elements[name].value = params.get(name); });

  function chosen() {
    var out = {};
    fields.forEach(function (name) { out[name] = form.elements[name].value.trim(); });
    return out;
  }

  function remember(values) {
    var query = new URLSearchParams();
    fields.forEach(function (name) { if (values[name]) query.set(name, values[name]); });
    var text = query.toString();
    history.replaceState(null, "", location.pathname + (text ? "?" + text : ""));
  }

  function item(result, re) {
    var page = result.page, li = document.createElement("li");
    var html = '<a class="zd-result-title" href="' + ZhiduSearch.escapeHtml(new URL(page.location, base).href) + '">' +
      ZhiduSearch.shownTitle(result, re) + "</a> " +
      '<span class="md-tag">' + ZhiduSearch.escapeHtml(page.label) + "</span>" +
      (page.status ? ' <span class="md-tag zd-status">' + ZhiduSearch.escapeHtml(page.status) + "</span>" : "") +
      "<p>" + ZhiduSearch.excerpt(result, re) + "</p>";
    var sections = result.sections.filter(function (s) { return s.anchor; }).slice(0, 5);
    if (sections.length) {
      html += '<ul class="zd-result-sections">' + sections.map(function (s) {
        return '<li><a href="' + ZhiduSearch.escapeHtml(new URL(page.location + "#" + s.anchor, base).href) + '">' +
          ZhiduSearch.highlight(s.heading, re) + "</a></li>";
      }).join("") + "</ul>";
    }
    li.innerHTML = html;
    return li;
  }

  function run() {
    var values = chosen();
    remember(values);
    list.innerHTML = "";
    counts.textContent = "";
    if (!state) return;
    if (!values.q) { summary.textContent = "请输入检索词。"; return; }
    var found = ZhiduSearch.search(state, values.q);
    var byKind = {};
    found.results.forEach(function (r) { byKind[r.page.label] = (byKind[r.page.label] || 0) + 1; });
    var shown = found.results.filter(function (r) {
      return (!values.kind || r.page.label === values.kind) && (!values.domain || r.page.domain === values.domain) &&
        (!values.status || r.page.status === values.status);
    });
    summary.textContent = found.results.length
      ? "“" + values.q + "”共找到 " + found.results.length + " 个页面" +
        (shown.length !== found.results.length ? "，按所选条件显示 " + shown.length + " 个" : "") + "。"
      : "没有找到含“" + values.q + "”的页面。";
    counts.textContent = Object.keys(byKind).map(function (k) { return k + " " + byKind[k]; }).join(" · ");
    var re = found.query && ZhiduSearch.pattern(found.query);
    var fragment = document.createDocumentFragment();
    shown.slice(0, 200).forEach(function (r) { fragment.appendChild(item(r, re)); });
    list.appendChild(fragment);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  form.addEventListener("change", run);
  var timer = null;
  form.elements.q.addEventListener("input", function (event) {
    if (event.isComposing) return;
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.elements.q.addEventListener("compositionend", function () { setTimeout(run, 0); });

  var loaded = new Promise(function (resolve) {   // after Material has read the address
    if (document.readyState === "complete") resolve(); else addEventListener("load", resolve);
  });
  fetch(new URL(form.getAttribute("data-index"), location.href))
    .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
    .then(function (index) { state = ZhiduSearch.load(index); return loaded; })
    .then(function () { summary.textContent = ""; run(); })
    .catch(function () { summary.textContent = "搜索索引载入失败，请刷新页面重试。"; });
})();
