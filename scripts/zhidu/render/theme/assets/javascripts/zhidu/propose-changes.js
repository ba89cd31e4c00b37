/* What a proposed revision changes, field by field, as `zhidu diff` lists it (scripts/zhidu/cli/diff.py:
   entry_changes, change_html): the rule's own fields, then each provision by its id (removed, added,
   or changed field by field), then the order of the provisions and the revisions entries appended.

   Every change is {label, type, old, new, added, removed}: type "text" (compared character by
   character), "value" (old → new), "list" (items added and removed), "added" or "removed" (a whole
   provision); old and new are the values as readers see them (names, not codes), so that the 修订说明
   and the page show the same words.

   The revisions entries appended come last, marked {revision: true}.

   window.zhiduChanges (module.exports under Node):
     list(base, rule, names) -> [change]
       names = {label(pointer) -> field title, status: {code: label}, kinds: {code: label},
                departments: {id: name}, stages: {id: name}, references: {id: title}, bounds: {max: "不超过 "…}} */
(function (root) {
  "use strict";

  var SKIP = {id: true, revisions: true, provisions: true};
  var TEXTS = {title: true, category: true, summary: true, scope: true, text: true, note: true};
  var LISTS = {related: true, tags: true, evidence: true, stages: true, limits: true, basis: true};

  function formatG(value) {
    return (root && root.zhiduSchema ? root.zhiduSchema : require("./propose-schema.js")).formatG(value);
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function keysOf(a, b) {
    var keys = [];
    [a || {}, b || {}].forEach(function (o) {
      Object.keys(o).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    });
    return keys;
  }

  function item(key, value, names) {
    if (key === "limits" && value && typeof value === "object") {
      // vocabulary.figure_text: 不超过 30 日, 不少于 2 次/年, 为 10%
      var unit = value.unit === "工作日" ? "个工作日" : value.unit;
      var figure = typeof value.value === "number" ? formatG(value.value) : String(value.value);
      return value.subject + "：" + ((names.bounds || {})[value.bound] || "") + figure + (unit === "%" ? "" : " ") + unit;
    }
    if (key === "basis" && value && typeof value === "object") {
      var title = (names.references || {})[value.ref];
      var text = title ? "《" + title + "》" : value.ref;
      if (value.articles && value.articles.length) text += value.articles.join("、");
      return text + (value.note ? "（" + value.note + "）" : "");
    }
    if (key === "stages") return (names.stages || {})[value] || value;
    return String(value);
  }

  function single(key, value, names) {
    if (value === undefined || value === null || value === "") return "（无）";
    if (value === true) return "是";
    if (value === false) return "否";
    if (key === "status") return (names.status || {})[value] || value;
    if (key === "kind") return (names.kinds || {})[value] || value;
    if (key === "owner") return (names.departments || {})[value] ? names.departments[value] + "（" + value + "）" : value;
    return String(value);
  }

  function fieldChange(label, key, old, now, names) {
    if (LISTS[key] || Array.isArray(old) || Array.isArray(now)) {
      var before = (Array.isArray(old) ? old : []).map(function (v) { return item(key, v, names); });
      var after = (Array.isArray(now) ? now : []).map(function (v) { return item(key, v, names); });
      return {label: label, type: "list", old: before.join("、"), "new": after.join("、"),
              added: after.filter(function (v) { return before.indexOf(v) < 0; }),
              removed: before.filter(function (v) { return after.indexOf(v) < 0; })};
    }
    if (TEXTS[key] && typeof old === "string" && typeof now === "string") {
      return {label: label, type: "text", old: old, "new": now};
    }
    return {label: label, type: "value", old: single(key, old, names), "new": single(key, now, names)};
  }

  function provisionText(p) { return (p && (p.title ? p.title + "：" : "") + (p.text || "")) || ""; }

  function list(base, rule, names) {
    var changes = [], label = names.label || function (pointer) { return pointer; };
    keysOf(base, rule).forEach(function (key) {
      if (SKIP[key] || same(base[key], rule[key])) return;
      changes.push(fieldChange(label("/" + key), key, base[key], rule[key], names));
    });
    var before = {}, after = {}, order = [];
    (base.provisions || []).forEach(function (p) { before[p.id] = p; order.push(p.id); });
    (rule.provisions || []).forEach(function (p) { after[p.id] = p; if (order.indexOf(p.id) < 0) order.push(p.id); });
    order.forEach(function (id) {
      var old = before[id], now = after[id];
      if (!now) {
        changes.push({label: id + " 删除", type: "removed", old: provisionText(old), "new": ""});
      } else if (!old) {
        changes.push({label: id + " 新增", type: "added", old: "", "new": provisionText(now)});
      } else {
        keysOf(old, now).forEach(function (key) {
          if (key === "id" || same(old[key], now[key])) return;
          changes.push(fieldChange(id + " " + label("/provisions/0/" + key), key, old[key], now[key], names));
        });
      }
    });
    var kept = (base.provisions || []).map(function (p) { return p.id; }).filter(function (id) { return after[id]; });
    var keptNow = (rule.provisions || []).map(function (p) { return p.id; }).filter(function (id) { return before[id]; });
    if (!same(kept, keptNow)) {
      changes.push({label: "条款顺序", type: "value", old: kept.join("、"), "new": keptNow.join("、")});
    }
    var revisions = base.revisions || [];
    (rule.revisions || []).slice(revisions.length).forEach(function (r) {
      changes.push({label: label("/revisions") + " 新增", type: "added", old: "", "new": (r.date || "") + " " + (r.note || ""),
                    revision: true});
    });
    return changes;
  }

  var api = {list: list};
  if (root) root.zhiduChanges = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : null);
