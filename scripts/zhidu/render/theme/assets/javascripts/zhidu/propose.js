/* 提出修订 (/regulations/propose/?id=WU-001): the page that turns a staff member's edits of a rule into a
   proposal `zhidu apply` writes into the registry.

   Loads the published schemas, the index of ids and the rule's API JSON (its data, and `source`: the
   SHA-256 of the rule's file, made at build time); builds the form (propose-form.js); after every edit
   checks the proposed rule as `zhidu validate` does (propose-schema.js, propose-checks.js), shows each
   message at its field and in a list, and the changes against the current text character by character
   (propose-changes.js, redline.js). Out of it: the proposal as YAML (propose-yaml.js), the 修订说明 as
   Word (docx.js) and, when mkdocs.yml names a repository, a link that opens the repository's web editor
   with the proposal as a new file proposals/<ID>.yaml. Edits are kept in this browser (localStorage) until
   the reader starts again. Nothing is sent anywhere; text from the data is only ever set as text.

   window.zhiduPropose (for the page's own tests and the curious):
     check(rule)      -> [{pointer, code, message, severity}]   what `zhidu validate` says of that rule
     proposalText()   -> the proposal as the YAML file the page downloads
     state            -> {base, rule, proposal, source, …} */
(function () {
  "use strict";

  var holder = document.querySelector(".zd-propose");
  if (!holder) return;
  var Schema = window.zhiduSchema, Checks = window.zhiduChecks, Changes = window.zhiduChanges, Form = window.zhiduProposeForm;
  var status = holder.querySelector(".zd-propose-status"), app = holder.querySelector(".zd-propose-app");
  var vocabulary = JSON.parse(holder.querySelector(".zd-propose-vocabulary").textContent);
  var apiRoot = holder.getAttribute("data-api"), schemaRoot = holder.getAttribute("data-schemas");
  var pagesRoot = holder.getAttribute("data-pages");
  var RULE_ID = /^[A-Z]{2,4}-[0-9]{3}$/;
  var LINK_LIMIT = 8000;      // longer addresses are refused by many servers: then download and upload
  var DRAFTS = "zhidu-propose/";
  var CI_NOTE = "被替代的制度是否指回本制度、同一事项在各项现行制度中的数字是否一致、检查表方案以及服务标准和资产环节" +
                "引用的条款是否仍然存在并可检查、各领域的制度数。这些检查需要整个制度库，在维护人员运行 zhidu apply 时" +
                "和合并请求的 CI 中进行。";

  var state = null, fields = [], pending = null, ui = {};

  // -- small helpers ---------------------------------------------------------------------------------

  var el = window.zhiduProposeForm.el;     // elements with attributes and text, never markup

  function copy(data) { return JSON.parse(JSON.stringify(data)); }

  function today() {
    var d = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function fetchJson(path) {
    return fetch(new URL(path, location.href).href, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    });
  }

  function say(text, problem) {
    status.textContent = text;
    status.className = "zd-propose-status" + (problem ? " zd-propose-problem" : "");
  }

  // -- checking --------------------------------------------------------------------------------------

  function context() {
    return {rules: state.rules.map(function (r) { return r.id; }), references: state.referenceIndex,
            departments: vocabulary.departments, stages: (vocabulary.stages || []).map(function (s) { return s.id; }),
            limitSubjects: state.subjectUnits, actors: vocabulary.actors, active: vocabulary.active};
  }

  /* What `zhidu validate` says of a rule: its schema first; the other checks once the schema passes */
  function check(rule) {
    var found = Schema.validate(state.schema, rule);
    if (found.length) return found;
    return Schema.unique(Checks.rule(rule, context()));
  }

  /* The new revision's date: today, or the last revision's date when that is later (the registry's
     dates may run ahead of this computer's clock); revisions must stay in order */
  function revisionDay() {
    var revisions = state.base.revisions || [], last = revisions.length ? revisions[revisions.length - 1].date : "";
    return last > today() ? last : today();
  }

  function withoutNewRevision(rule) {
    var data = copy(rule);
    data.revisions = data.revisions.slice(0, state.base.revisions.length);
    return data;
  }

  /* The rule's findings, and what the proposal itself lacks. While the only schema errors are in the new
     revisions entry (its note not written yet), the other checks run on the rule without that entry:
     `zhidu validate` would stop at the schema, the form shows everything there is to correct. */
  function findings() {
    var found = Schema.validate(state.schema, state.rule), pending = "/revisions/" + state.base.revisions.length;
    if (!found.length) {
      found = check(state.rule);
    } else if (found.every(function (d) { return d.pointer.indexOf(pending) === 0; })) {
      found = found.concat(Schema.unique(Checks.rule(withoutNewRevision(state.rule), context())));
    }
    if (!state.proposal.proposer.trim()) {
      found.push({pointer: "/proposal/proposer", code: "required", message: "请填写提出人（处室和姓名）", severity: "error"});
    }
    if (JSON.stringify(withoutNewRevision(state.rule)) === JSON.stringify(state.base)) {
      found.push({pointer: "", code: "no-change", message: "还没有修改制度的内容", severity: "error"});
    }
    return found;
  }

  // -- the proposal ----------------------------------------------------------------------------------

  function proposalData() {
    var revisions = state.base.revisions || [];
    return {
      proposal: {format: 1, rule: state.base.id, base_sha256: state.source.sha256,
                 base_revision: revisions.length ? revisions[revisions.length - 1].date : "",
                 proposer: state.proposal.proposer.trim(), submitted: today()},
      rule: state.rule,
      base: state.base
    };
  }

  function proposalText() {
    return "# 修订建议：由本站“提出修订”页面生成，制度库维护人员用 zhidu apply 检查并写入制度库\n" +
      window.zhiduYaml.dump(proposalData());
  }

  function fileName() { return state.base.id + "-修订建议.yaml"; }

  function save(blob, name) {
    var url = URL.createObjectURL(blob), a = el("a", {href: url, download: name});
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function repoLink(text) {
    var repo = window.zhiduRepo || {}, url = String(repo.url || "").replace(/\/+$/, "");
    if (!/^https?:\/\//.test(url)) return "";
    var branch = (/(?:^|\/)(?:edit|blob|tree)\/([^/]+)/.exec(repo.edit_uri || "") || [])[1] || "main";
    var path = "proposals/" + state.base.id + ".yaml", host = new URL(url).host;
    if (/gitlab/i.test(host)) {
      return url + "/-/new/" + encodeURIComponent(branch) + "?file_name=" + encodeURIComponent(path) +
        "&content=" + encodeURIComponent(text);
    }
    if (/gitea|forgejo|codeberg/i.test(host)) {
      return url + "/_new/" + encodeURIComponent(branch) + "/?filename=" + encodeURIComponent(path) +
        "&value=" + encodeURIComponent(text);
    }
    return url + "/new/" + encodeURIComponent(branch) + "?filename=" + encodeURIComponent(path) +
      "&value=" + encodeURIComponent(text);
  }

  function docxNote(changes) {
    var redline = window.zhiduRedline;
    var n = state.base.revisions.length, revision = state.rule.revisions[n] || {};
    return {ruleId: state.base.id, title: state.rule.title, proposer: state.proposal.proposer.trim(),
            date: revision.date || today(), reasons: revision.note || "",
            changes: changes.filter(function (c) { return !c.revision; }).map(function (c) {
              var old = c.type === "added" ? "" : c.old, now = c.type === "removed" ? "" : c["new"];
              return {label: c.label, old: old, "new": now, segments: redline ? redline.segments(old, now) : undefined};
            })};
  }

  // -- showing ---------------------------------------------------------------------------------------

  function fieldFor(pointer) {
    var best = null;
    fields.forEach(function (f) {
      if ((pointer === f.pointer || pointer.indexOf(f.pointer + "/") === 0) && (!best || f.pointer.length > best.pointer.length)) {
        best = f;
      }
    });
    return best;
  }

  function labelFor(d, field) {
    if (!field) return d.pointer ? d.pointer : "整项制度";
    var rest = d.pointer.slice(field.pointer.length).split("/").filter(Boolean);
    return field.label + (rest.length && /^[0-9]+$/.test(rest[0]) ? " 第 " + (Number(rest[0]) + 1) + " 项" : "");
  }

  function showMessages(found) {
    fields.forEach(function (f) {
      var box = document.getElementById(Form.fieldId(f.pointer) + "-msg") || f.box.querySelector(".zd-messages");
      if (box) box.textContent = "";
      f.control.removeAttribute("aria-invalid");
      f.box.classList.remove("zd-has-error");
    });
    var list = ui.checkList, errors = 0, warnings = 0;
    list.textContent = "";
    found.forEach(function (d) {
      var field = fieldFor(d.pointer), label = labelFor(d, field), warning = d.severity === "warning";
      if (warning) warnings++; else errors++;
      var text = (warning ? "提醒：" : "") + d.message;
      if (field) {
        var rest = d.pointer.slice(field.pointer.length).split("/").filter(Boolean);
        var item = rest.length && /^[0-9]+$/.test(rest[0]) ? "第 " + (Number(rest[0]) + 1) + " 项：" : "";
        var box = document.getElementById(Form.fieldId(field.pointer) + "-msg");
        if (box) {
          box.appendChild(el("p", {className: warning ? "zd-warning" : "zd-error", "data-code": d.code, text: item + text}));
        }
        if (!warning) {
          field.control.setAttribute("aria-invalid", "true");
          field.box.classList.add("zd-has-error");
        }
      }
      var entry = el("li", {className: warning ? "zd-warning" : "zd-error", "data-code": d.code, "data-pointer": d.pointer});
      if (field) {
        var link = el("a", {href: "#" + (field.control.id || Form.fieldId(field.pointer)), text: label + "：" + text});
        link.addEventListener("click", function (event) {
          event.preventDefault();
          field.box.scrollIntoView({block: "center"});
          field.control.focus({preventScroll: true});
        });
        entry.appendChild(link);
      } else {
        entry.textContent = label + "：" + text;
      }
      list.appendChild(entry);
    });
    ui.checkSummary.textContent = errors ? "有 " + errors + " 个问题需要改正" + (warnings ? "，另有 " + warnings + " 条提醒" : "") + "：" :
      warnings ? "没有需要改正的问题；有 " + warnings + " 条提醒，请考虑：" : "检查通过，没有发现问题。";
    ui.checkSummary.className = "zd-check-summary" + (errors ? " zd-error" : "");
    return errors;
  }

  function markup(segments) {
    return segments.map(function (s) {
      return s.op === "eq" ? document.createTextNode(s.text) : el(s.op, {text: s.text});
    });
  }

  function showChanges(changes) {
    var list = ui.changeList, redline = window.zhiduRedline;
    list.textContent = "";
    ui.noChange.hidden = changes.length > 0;
    changes.forEach(function (c) {
      var body;
      if (c.type === "text") {
        body = redline ? markup(redline.segments(c.old, c["new"])) : [el("del", {text: c.old}), " → ", el("ins", {text: c["new"]})];
      } else if (c.type === "added") {
        body = [el("ins", {text: c["new"]})];
      } else if (c.type === "removed") {
        body = [el("del", {text: c.old})];
      } else if (c.type === "list") {
        body = [];
        if (c.added.length) body.push("增加 ", el("ins", {text: c.added.join("、")}));
        if (c.removed.length) body.push(c.added.length ? "；去掉 " : "去掉 ", el("del", {text: c.removed.join("、")}));
        if (!body.length) body.push("调整了顺序");
      } else {
        body = c.old === "（无）" ? [el("ins", {text: c["new"]})] : c["new"] === "（无）" ? [el("del", {text: c.old})] :
          [el("del", {text: c.old}), " → ", el("ins", {text: c["new"]})];
      }
      list.appendChild(el("li", {}, [el("strong", {text: c.label}), el("div", {className: "zd-redline"}, body)]));
    });
  }

  function showOutputs(errors, changes) {
    var blocked = errors > 0;
    ui.outputState.textContent = blocked ? "请先改正“检查结果”中列出的 " + errors + " 个问题，才能下载修订建议。" :
      "检查通过，可以下载修订建议。";
    ui.outputState.className = blocked ? "zd-error" : "zd-ok";
    [ui.yamlButton, ui.docxButton].forEach(function (b) { b.setAttribute("aria-disabled", blocked ? "true" : "false"); });
    if (!ui.repo) return;
    if (blocked) {
      ui.repo.hidden = true;
      return;
    }
    var text = proposalText(), link = repoLink(text);
    ui.repo.hidden = !link;
    ui.repoLink.href = link;
    var size = Math.ceil(new Blob([text]).size / 1024);
    ui.repoLong.hidden = link.length <= LINK_LIMIT;
    ui.repoSize.textContent = "本修订建议约 " + size + " KB。";
  }

  function refresh() {
    pending = null;
    var found = findings();
    var errors = showMessages(found);
    var changes = Changes.list(state.base, withoutNewRevision(state.rule), state.changeNames);
    state.changes = changes;
    showChanges(changes);
    showOutputs(errors, changes);
    keepDraft();
  }

  function later() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(refresh, 120);
  }

  // -- drafts in this browser ------------------------------------------------------------------------

  function draftKey() { return DRAFTS + state.base.id; }

  function keepDraft() {
    try {
      localStorage.setItem(draftKey(), JSON.stringify({sha256: state.source.sha256, rule: state.rule,
                                                        proposer: state.proposal.proposer, saved: new Date().toISOString()}));
    } catch (e) { /* private mode or full: the form works all the same */ }
  }

  /* "restored", "stale" (made on a text that has changed since: not restored), or "" */
  function restoreDraft() {
    try {
      var draft = JSON.parse(localStorage.getItem(draftKey()) || "null");
      if (!draft || !draft.rule || draft.rule.id !== state.base.id) return "";
      if (draft.sha256 !== state.source.sha256) return "stale";
      state.rule = draft.rule;
      state.proposal.proposer = String(draft.proposer || "");
      return "restored";
    } catch (e) {
      return "";
    }
  }

  function startAgain() {
    try { localStorage.removeItem(draftKey()); } catch (e) { /* nothing kept */ }
    state.rule = copy(state.base);
    state.rule.revisions.push({date: revisionDay(), note: ""});
    state.proposal.proposer = "";
    ui.draft.hidden = true;
    render(null);
  }

  // -- the page ----------------------------------------------------------------------------------------

  function render(focus) {
    fields = Form.build(ui.form, state, function (target) {
      if (target) render(target);
      else later();
    });
    refresh();
    if (focus) {
      var field = fieldFor(focus);
      if (field) {
        field.control.focus({preventScroll: true});
        field.box.scrollIntoView({block: "nearest"});
      }
    }
  }

  function button(text, action) {
    var b = el("button", {type: "button", className: "md-button md-button--primary", text: text});
    b.addEventListener("click", action);
    return b;
  }

  function blocked() {
    if (ui.yamlButton.getAttribute("aria-disabled") !== "true") return false;
    ui.checks.scrollIntoView({block: "start"});
    ui.checkSummary.focus();
    return true;
  }

  function layout() {
    var rule = state.base, revisions = rule.revisions || [];
    var page = pagesRoot + encodeURIComponent(rule.id.toLowerCase()) + "/";
    ui.draft = el("div", {className: "zd-draft", hidden: true}, [
      el("p", {text: "已恢复您上次在本浏览器中未完成的修改。"}),
      el("button", {type: "button", className: "md-button", text: "放弃这些修改，从现行文本重新开始"})
    ]);
    ui.draft.querySelector("button").addEventListener("click", startAgain);
    ui.stale = el("p", {className: "zd-draft-stale zd-warning", hidden: true,
                        text: "您上次在本浏览器中的修改是在旧的文本上做的，这项制度此后已经更新，那些修改没有恢复：" +
                              "请在下面的现行文本上重新修改。"});
    ui.checkSummary = el("p", {className: "zd-check-summary", tabindex: "-1", role: "status", "aria-live": "polite"});
    ui.checkList = el("ul", {className: "zd-check-list"});
    ui.checks = el("section", {className: "zd-propose-checks", "aria-labelledby": "zd-s-checks"}, [
      el("h2", {id: "zd-s-checks", text: "检查结果"}),
      ui.checkSummary, ui.checkList,
      el("p", {className: "zd-ci-note", text: "合并时由 CI 检查：" + CI_NOTE})
    ]);
    ui.form = el("div", {className: "zd-propose-fields"});
    ui.changeList = el("ul", {className: "zd-change-list"});
    ui.noChange = el("p", {text: "尚未修改。"});
    var changes = el("section", {className: "zd-propose-changes", "aria-labelledby": "zd-s-changes"}, [
      el("h2", {id: "zd-s-changes", text: "修改对照"}),
      el("p", {className: "zd-help", text: "与现行文本逐字对照：删去的文字加删除线，新增的文字加下划线。"}),
      ui.noChange, ui.changeList
    ]);
    ui.outputState = el("p", {role: "status", "aria-live": "polite"});
    ui.yamlButton = button("下载修订建议（YAML）", function () {
      if (blocked()) return;
      save(new Blob([proposalText()], {type: "application/yaml;charset=utf-8"}), fileName());
    });
    ui.docxButton = button("下载修订说明（Word）", function () {
      if (blocked()) return;
      if (!window.zhiduDocx) {
        ui.outputState.textContent = "无法生成 Word 文件：页面的脚本没有载入完整，请刷新后重试。";
        return;
      }
      window.zhiduDocx.download(docxNote(state.changes)).catch(function () {
        ui.outputState.textContent = "生成 Word 文件时出错，请刷新后重试；修订建议文件不受影响。";
      });
    });
    var output = el("section", {className: "zd-propose-output", "aria-labelledby": "zd-s-output"}, [
      el("h2", {id: "zd-s-output", text: "下载与提交"}),
      ui.outputState,
      el("div", {className: "zd-buttons"}, [ui.yamlButton, ui.docxButton]),
      el("p", {text: "修订建议文件（" + rule.id + "-修订建议.yaml）交制度库维护人员，由其用 zhidu apply 检查后写入制度库；" +
                     "修订说明（Word）供审议时使用。修订建议是在现行文本（最后修订于 " +
                     (revisions.length ? revisions[revisions.length - 1].date : "—") + "）上提出的：这期间制度若被别人修改，" +
                     "维护人员会请您在新的文本上重新提出。"})
    ]);
    if ((window.zhiduRepo || {}).url) {
      ui.repoLink = el("a", {className: "md-button", text: "在仓库网页上提交（新建 proposals/" + rule.id + ".yaml）",
                             target: "_blank", rel: "noopener"});
      ui.repoSize = el("span");
      ui.repoLong = el("strong", {text: "本建议较长，链接很可能打不开：请下载修订建议文件，再在仓库网页上传到 proposals/ 目录。"});
      ui.repo = el("div", {className: "zd-repo"}, [
        el("p", {}, [ui.repoLink]),
        el("p", {className: "zd-help"}, [
          "链接在仓库网页上新建 proposals/" + rule.id + ".yaml 并填好内容，登录后提交即可。较长的修订建议请改为下载文件后" +
          "上传：链接太长时浏览器或仓库网站会拒绝打开，或只收到部分内容。", ui.repoSize, " ", ui.repoLong])
      ]);
      output.appendChild(ui.repo);
    }
    app.textContent = "";
    app.appendChild(el("p", {className: "zd-propose-rule"}, [
      "修订的制度：", el("a", {href: page, text: rule.id + " " + rule.title})]));
    [ui.draft, ui.stale, ui.checks, ui.form, changes, output].forEach(function (part) { app.appendChild(part); });
    document.title = "提出修订：" + rule.id + " " + rule.title + " - " + document.title.replace(/^.* - /, "");
  }

  function chooser(rules, id) {
    var select = el("select", {id: "zd-propose-choose"}, rules.map(function (r) {
      return el("option", {value: r.id, text: r.id + " " + r.title});
    }));
    var go = el("button", {type: "button", className: "md-button md-button--primary", text: "打开"});
    go.addEventListener("click", function () { location.search = "?id=" + encodeURIComponent(select.value); });
    app.textContent = "";
    app.appendChild(el("div", {className: "zd-field"}, [
      el("label", {"for": "zd-propose-choose", text: "请选择要修订的制度"}), select, go]));
    app.hidden = false;
    say(id ? "制度库中没有编号为“" + id + "”的制度，请从下面选择。" : "请选择要修订的制度。", !!id);
  }

  function start(index, regulation, defs) {
    var id = (new URLSearchParams(location.search).get("id") || "").trim().toUpperCase();
    var entries = index.entries || [];
    var rules = entries.filter(function (e) { return e.kind === "regulation"; }).map(function (e) {
      return {id: e.id, title: e.title, status: e.status};
    });
    var references = entries.filter(function (e) { return e.kind === "reference"; }).map(function (e) {
      return {id: e.id, title: e.title, status: e.status};
    });
    if (!RULE_ID.test(id) || !rules.some(function (r) { return r.id === id; })) {
      chooser(rules, id);
      return null;
    }
    return fetchJson(apiRoot + "regulations/" + id + ".json").then(function (entry) {
      if (!entry.source || !/^[0-9a-f]{64}$/.test(entry.source.sha256 || "")) {
        throw new Error("no source");
      }
      var names = {}, referenceIndex = {}, subjectUnits = {};
      rules.concat(references).forEach(function (e) { names[e.id] = e.title; });
      references.forEach(function (r) { referenceIndex[r.id] = {title: r.title, status: r.status}; });
      Object.keys(vocabulary.limitSubjects || {}).forEach(function (s) { subjectUnits[s] = vocabulary.limitSubjects[s].unit; });
      var schema = Schema.inline({regulation: regulation, defs: defs}, "regulation");
      state = {base: copy(entry.data), rule: copy(entry.data), source: entry.source, schema: schema, vocabulary: vocabulary,
               rules: rules, references: references, names: names, referenceIndex: referenceIndex,
               subjectUnits: subjectUnits, proposal: {proposer: ""}};
      var departments = {}, stages = {}, titles = {};
      (vocabulary.departments || []).forEach(function (d) { departments[d.id] = d.name; });
      (vocabulary.stages || []).forEach(function (s) { stages[s.id] = s.name; });
      references.forEach(function (r) { titles[r.id] = r.title; });
      state.changeNames = {       // how propose-changes.js names fields and shows values
        label: function (pointer) { var at = Schema.at(schema, pointer); return (at && at.title) || pointer.split("/").pop(); },
        status: vocabulary.statuses, kinds: vocabulary.kinds, departments: departments, stages: stages,
        references: titles, bounds: vocabulary.bounds
      };
      var restored = restoreDraft();
      if (restored !== "restored") state.rule.revisions.push({date: revisionDay(), note: ""});
      layout();
      ui.draft.hidden = restored !== "restored";
      ui.stale.hidden = restored !== "stale";
      app.hidden = false;
      say("");
      status.hidden = true;
      render(null);
      window.zhiduPropose.state = state;
      return state;
    });
  }

  window.zhiduPropose = {check: function (rule) { return check(rule); }, proposalText: function () { return proposalText(); },
                         state: null};

  Promise.all([fetchJson(apiRoot + "index.json"), fetchJson(schemaRoot + "regulation.json"), fetchJson(schemaRoot + "defs.json")])
    .then(function (got) { return start(got[0], got[1], got[2]); })
    .catch(function (error) {
      say("无法载入制度内容，请刷新页面重试；如果仍然不行，请联系制度库维护人员。", true);
      if (window.console) console.error(error);     // for the maintainers
    });
})();
