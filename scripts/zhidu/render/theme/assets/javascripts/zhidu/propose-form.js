/* The fields of the 提出修订 form, built from the rule's JSON Schema: each field's label is the schema's
   Chinese title, its help the description, "必填" where the schema requires it. Every field edits the
   proposed rule (plain data) in place at its JSON pointer; an optional field left empty is taken out
   of the rule (unless the current text has it empty), a new key goes where the schema lists it.

   Text from the data is only ever set as textContent or a control's value.

   window.zhiduProposeForm (module.exports under Node: the data helpers only):
     build(container, state, onChange) -> [{pointer, label, box, control}]   the fields, in page order
       state = {rule, base, schema, vocabulary, rules: [{id, title}], references: [{id, title}],
               names: {id: title}, proposal: {proposer}}
       onChange(focus): after every edit; focus is a pointer when the form must be built again (then
       focus goes to that field), else null
     get(data, pointer), set(data, pointer, value, schema), clean(text), fieldId(pointer) */
(function (root) {
  "use strict";

  var Schema = root && root.zhiduSchema;

  // -- data at a pointer ------------------------------------------------------------------------------

  function tokens(pointer) {
    return pointer.split("/").slice(1).map(function (t) { return t.replace(/~1/g, "/").replace(/~0/g, "~"); });
  }

  function get(data, pointer) {
    return tokens(pointer).reduce(function (here, t) { return here == null ? undefined : here[t]; }, data);
  }

  /* Sets (or, with value undefined, removes) the value at pointer; a new key of an object is put where
     its schema lists it among the keys present, so the file's order stays the registry's. */
  function set(data, pointer, value, schema) {
    var path = tokens(pointer), last = path.pop(), parentPointer = path.map(function (t) { return "/" + t; }).join("");
    var parent = get(data, parentPointer);
    if (parent == null) return;
    if (Array.isArray(parent)) {
      parent[Number(last)] = value;
      return;
    }
    if (value === undefined) {
      delete parent[last];
      return;
    }
    if (last in parent) {
      parent[last] = value;
      return;
    }
    var here = schema && Schema ? Schema.at(schema, parentPointer) : null;
    var order = here && here.properties ? Object.keys(here.properties) : [];
    var rank = order.indexOf(last), keys = Object.keys(parent), copy = {}, placed = false;
    keys.forEach(function (k) {
      var r = order.indexOf(k);
      if (!placed && rank >= 0 && r > rank) {
        copy[last] = value;
        placed = true;
      }
      copy[k] = parent[k];
    });
    if (!placed) copy[last] = value;
    keys.forEach(function (k) { delete parent[k]; });
    Object.keys(copy).forEach(function (k) { parent[k] = copy[k]; });
  }

  /* What a form control gives, as text the registry can hold: line breaks as \n, no control
     characters (other than line breaks), no half characters (lone surrogates). */
  function clean(text) {
    return String(text).replace(/\r\n?/g, "\n").replace(/[\u2028\u2029\u0085]/g, "\n").replace(/\t/g, " ")
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/g, "")
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, "$1");
  }

  function fieldId(pointer) { return "zd-f" + pointer.replace(/[^A-Za-z0-9]+/g, "-"); }

  // -- elements ------------------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function button(text, action, label) {
    var b = el("button", {type: "button", className: "md-button zd-small", text: text, "aria-label": label || null});
    b.addEventListener("click", action);
    return b;
  }

  /* The labels of an enum from its description: "max 不超过（最多、以内）、min 不少于（至少）、exact 等于。" */
  function enumLabels(options, description) {
    var text = description || "", at = options.map(function (o) { return text.indexOf(o + " "); });
    var labels = {};
    options.forEach(function (o, i) {
      if (at[i] < 0) return;
      var start = at[i] + o.length + 1, end = text.length;
      at.forEach(function (other) { if (other > at[i] && other < end) end = other; });
      labels[o] = text.slice(start, end).replace(/[、。；，\s]+$/, "");
    });
    return labels;
  }

  // -- the form --------------------------------------------------------------------------------------------

  function Form(container, state, onChange) {
    this.container = container;
    this.state = state;
    this.schema = state.schema;
    this.onChange = onChange;
    this.fields = [];
  }

  Form.prototype.describe = function (pointer) {
    var here = Schema.at(this.schema, pointer.replace(/\/[0-9]+(?=\/|$)/g, "/0")) || {};
    return {title: here.title || "", description: here.description || "", schema: here};
  };

  Form.prototype.required = function (pointer) {
    var path = tokens(pointer), last = path.pop();
    var parent = Schema.at(this.schema, path.map(function (t) { return "/" + t; }).join("").replace(/\/[0-9]+(?=\/|$)/g, "/0"));
    return !!(parent && parent.required && parent.required.indexOf(last) >= 0);
  };

  /* A field's box: label, help, the control, and the place for its messages */
  Form.prototype.box = function (pointer, control, options) {
    options = options || {};
    var info = this.describe(pointer), id = fieldId(pointer);
    var label = options.label || info.title || pointer;
    var required = options.required !== undefined ? options.required : this.required(pointer);
    control.id = control.id || id;
    var help = options.help !== undefined ? options.help : info.description;
    var describedBy = [help ? id + "-help" : "", id + "-msg"].filter(Boolean).join(" ");
    control.setAttribute("aria-describedby", describedBy);
    var labelNode = options.group ? el("legend", {text: label}) : el("label", {"for": control.id, text: label});
    if (required) labelNode.appendChild(el("span", {className: "zd-required", text: "（必填）"}));
    var box = el(options.group ? "fieldset" : "div", {className: "zd-field", "data-pointer": pointer}, [
      labelNode,
      help ? el("p", {className: "zd-help", id: id + "-help", text: help}) : null,
      control,
      el("div", {className: "zd-messages", id: id + "-msg"})
    ]);
    this.fields.push({pointer: pointer, label: options.summaryLabel || label, box: box,
                      control: options.focus || control});
    return box;
  };

  /* After an edit; `focus` (a pointer) when the form must be built again, focus then going there */
  Form.prototype.changed = function (focus) { this.onChange(typeof focus === "string" ? focus : null); };

  Form.prototype.put = function (pointer, value) { set(this.state.rule, pointer, value, this.schema); };

  /* A value for an optional field that is empty: kept as the current text has it, else left out */
  Form.prototype.emptyValue = function (pointer, empty) {
    var before = get(this.state.base, pointer.replace(/^\/provisions\/[0-9]+/, this.basePointer(pointer)));
    return before !== undefined && JSON.stringify(before) === JSON.stringify(empty) ? empty : undefined;
  };

  /* The same provision's pointer in the current text (provisions move and are added) */
  Form.prototype.basePointer = function (pointer) {
    var m = /^\/provisions\/([0-9]+)/.exec(pointer);
    if (!m) return "";
    var provision = this.state.rule.provisions[Number(m[1])];
    var index = (this.state.base.provisions || []).findIndex(function (p) { return provision && p.id === provision.id; });
    return "/provisions/" + (index < 0 ? "x" : index);
  };

  Form.prototype.text = function (pointer, options) {
    options = options || {};
    var self = this, info = this.describe(pointer), required = this.required(pointer);
    var long = options.multiline || (info.schema.maxLength || 0) > 200;
    var control = long ? el("textarea", {rows: options.rows || 3}) : el("input", {type: "text", autocomplete: "off"});
    var value = get(this.state.rule, pointer);
    control.value = value == null ? "" : String(value);
    control.addEventListener("input", function () {
      var text = clean(control.value);
      self.put(pointer, text === "" && !required ? self.emptyValue(pointer, "") : text);
      self.changed();
    });
    control.addEventListener("change", function () {
      var text = clean(control.value).trim();
      if (control.value !== text) control.value = text;
      self.put(pointer, text === "" && !required ? self.emptyValue(pointer, "") : text);
      self.changed();
    });
    return this.box(pointer, control, options);
  };

  Form.prototype.select = function (pointer, options, extra) {
    var self = this, value = get(this.state.rule, pointer), control = el("select");
    if (value !== undefined && !options.some(function (o) { return o.value === value; })) {
      options = options.concat([{value: value, label: String(value)}]);
    }
    options.forEach(function (o) {
      var option = el("option", {value: o.value, text: o.label});
      if (o.value === value) option.selected = true;
      control.appendChild(option);
    });
    control.addEventListener("change", function () {
      self.put(pointer, control.value);
      self.changed();
    });
    return this.box(pointer, control, extra);
  };

  Form.prototype.date = function (pointer, options) {
    var self = this, required = this.required(pointer), control = el("input", {type: "date", min: "1900-01-01", max: "2999-12-31"});
    var value = get(this.state.rule, pointer);
    control.value = value == null ? "" : String(value);
    control.addEventListener("input", function () {
      self.put(pointer, control.value === "" && !required ? undefined : control.value);
      self.changed();
    });
    return this.box(pointer, control, options);
  };

  Form.prototype.number = function (pointer, options) {
    var self = this, required = this.required(pointer);
    var control = el("input", {type: "text", inputmode: "decimal", autocomplete: "off", className: "zd-number"});
    var value = get(this.state.rule, pointer);
    control.value = value == null ? "" : String(value);
    control.addEventListener("input", function () {
      var text = clean(control.value).trim();
      var number = /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : NaN;
      self.put(pointer, text === "" ? (required ? null : undefined) : isFinite(number) ? number : text);
      self.changed();
    });
    return this.box(pointer, control, options);
  };

  Form.prototype.checkbox = function (pointer) {
    var self = this, control = el("input", {type: "checkbox"});
    control.checked = get(this.state.rule, pointer) === true;
    control.addEventListener("change", function () {
      self.put(pointer, control.checked);
      self.changed();
    });
    var box = this.box(pointer, control);
    box.classList.add("zd-check-field");
    return box;
  };

  /* A list of short texts, one a line (检查依据材料, 标签) */
  Form.prototype.lines = function (pointer, options) {
    var self = this, control = el("textarea", {rows: 3});
    var value = get(this.state.rule, pointer);
    control.value = Array.isArray(value) ? value.join("\n") : "";
    control.addEventListener("input", function () {
      var items = clean(control.value).split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
      self.put(pointer, items.length ? items : self.emptyValue(pointer, []));
      self.changed();
    });
    var info = this.describe(pointer);
    return this.box(pointer, control, {help: (info.description ? info.description + " " : "") + "每行一项。",
                                       label: options && options.label, summaryLabel: options && options.summaryLabel});
  };

  /* Words separated by 、 (条款号 of a citation) */
  Form.prototype.words = function (pointer, options) {
    var self = this, control = el("input", {type: "text", autocomplete: "off"});
    var value = get(this.state.rule, pointer);
    control.value = Array.isArray(value) ? value.join("、") : "";
    control.addEventListener("input", function () {
      var items = clean(control.value).split(/[、,，;；\n]+/).map(function (s) { return s.trim(); }).filter(Boolean);
      self.put(pointer, items.length ? items : self.emptyValue(pointer, []));
      self.changed();
    });
    var info = this.describe(pointer);
    return this.box(pointer, control, {help: (info.description || "") + " 多个条款用顿号“、”隔开。",
                                       summaryLabel: options && options.summaryLabel});
  };

  /* An id chosen from a list of existing ones (datalist: any text can be typed, and is checked) */
  Form.prototype.idInput = function (pointer, list, options) {
    var self = this, required = this.required(pointer);
    var control = el("input", {type: "text", list: list, autocomplete: "off", className: "zd-id-input", spellcheck: "false"});
    var value = get(this.state.rule, pointer);
    control.value = value == null ? "" : String(value);
    var name = el("span", {className: "zd-id-name"});
    var upper = list === "zd-list-rules";        // rule ids are upper case: wu-002 is WU-002
    var typed = function () {
      var text = clean(control.value).trim();
      return upper ? text.toUpperCase() : text;
    };
    var show = function () { name.textContent = self.state.names[typed()] || ""; };
    control.addEventListener("input", function () {
      var text = typed();
      self.put(pointer, text === "" && !required && !(options && options.inList) ? undefined : text);
      show();
      self.changed();
    });
    show();
    var box = this.box(pointer, control, options), wrap = el("div", {className: "zd-id-wrap"});
    box.replaceChild(wrap, control);
    wrap.appendChild(control);
    wrap.appendChild(name);
    return box;
  };

  /* Items of a list, each with a 删除 button, and a button that adds one */
  Form.prototype.list = function (pointer, makeItem, newItem, options) {
    var self = this, items = get(this.state.rule, pointer) || [], info = this.describe(pointer);
    var rows = el("div", {className: "zd-rows"});
    items.forEach(function (_, i) {
      var row = el("div", {className: "zd-row"}, [makeItem(pointer + "/" + i, i)]);
      row.appendChild(button("删除", function () {
        var list = get(self.state.rule, pointer);
        list.splice(i, 1);
        if (!list.length) self.put(pointer, self.required(pointer) ? [] : self.emptyValue(pointer, []));
        self.changed(pointer + "/" + Math.max(0, i - 1));
      }, "删除（" + info.title + "第 " + (i + 1) + " 项）"));
      rows.appendChild(row);
    });
    var add = button(options.add, function () {
      var list = get(self.state.rule, pointer);
      if (!Array.isArray(list)) {
        self.put(pointer, []);
        list = get(self.state.rule, pointer);
      }
      list.push(newItem());
      self.changed(pointer + "/" + (list.length - 1));
    });
    var group = el("div", {}, [rows, add]);
    return this.box(pointer, group, {group: true, focus: add, label: options.label, summaryLabel: options.summaryLabel});
  };

  Form.prototype.citations = function (pointer, prefix) {
    var self = this;
    return this.list(pointer, function (at, i) {
      return el("div", {className: "zd-citation"}, [
        self.idInput(at + "/ref", "zd-list-references", {label: "上位依据编号", summaryLabel: prefix + "依据第 " + (i + 1) + " 项"}),
        self.words(at + "/articles", {summaryLabel: prefix + "依据第 " + (i + 1) + " 项条款"}),
        self.text(at + "/note", {rows: 2, summaryLabel: prefix + "依据第 " + (i + 1) + " 项说明"})
      ]);
    }, function () { return {ref: ""}; }, {add: "添加依据", summaryLabel: prefix + this.describe(pointer).title});
  };

  Form.prototype.limits = function (pointer, prefix) {
    var self = this, subjects = this.state.vocabulary.limitSubjects || {};
    var unitSchema = this.describe(pointer + "/0/unit").schema, boundSchema = this.describe(pointer + "/0/bound").schema;
    var bounds = enumLabels(boundSchema["enum"] || [], boundSchema.description);
    return this.list(pointer, function (at, i) {
      var label = prefix + "时限与标准第 " + (i + 1) + " 项";
      var unitBox = self.select(at + "/unit", (unitSchema["enum"] || []).map(function (u) { return {value: u, label: u}; }),
                                {summaryLabel: label + "单位"});
      var subjectBox = self.idInput(at + "/subject", "zd-list-subjects", {summaryLabel: label + "事项", inList: true});
      var subject = subjectBox.querySelector("input");
      subject.addEventListener("change", function () {
        // a subject of the glossary brings its unit
        var known = subjects[subject.value.trim()];
        if (known && get(self.state.rule, at + "/unit") !== known.unit) {
          self.put(at + "/unit", known.unit);
          unitBox.querySelector("select").value = known.unit;
          self.changed();
        }
      });
      return el("div", {className: "zd-limit"}, [
        subjectBox,
        self.number(at + "/value", {summaryLabel: label + "数值"}),
        unitBox,
        self.select(at + "/bound", (boundSchema["enum"] || []).map(function (b) {
          return {value: b, label: bounds[b] || b};
        }), {summaryLabel: label + "界限", help: ""})
      ]);
    }, function () { return {subject: "", value: null, unit: "日", bound: "max"}; }, {add: "添加时限或标准"});
  };

  Form.prototype.stages = function (pointer) {
    var self = this, stages = this.state.vocabulary.stages || [];
    var value = get(this.state.rule, pointer) || [];
    var known = stages.map(function (s) { return s.id; });
    var options = stages.concat(value.filter(function (v) { return known.indexOf(v) < 0; })
      .map(function (v) { return {id: v, name: v}; }));
    var group = el("div", {className: "zd-choices"});
    var first = null;
    options.forEach(function (stage) {
      var id = fieldId(pointer) + "-" + stage.id.replace(/[^a-z_]/g, "");
      var input = el("input", {type: "checkbox", id: id, value: stage.id});
      input.checked = value.indexOf(stage.id) >= 0;
      first = first || input;
      input.addEventListener("change", function () {
        var now = (get(self.state.rule, pointer) || []).slice();
        if (input.checked && now.indexOf(stage.id) < 0) now.push(stage.id);
        if (!input.checked) now = now.filter(function (v) { return v !== stage.id; });
        self.put(pointer, now.length ? now : self.emptyValue(pointer, []));
        self.changed();
      });
      group.appendChild(el("label", {className: "zd-choice", "for": id}, [input, document.createTextNode(stage.name)]));
    });
    return this.box(pointer, group, {group: true, focus: first || group});
  };

  Form.prototype.provision = function (i) {
    var self = this, rule = this.state.rule, p = rule.provisions[i], at = "/provisions/" + i, prefix = p.id + " ";
    var kinds = this.state.vocabulary.kinds || {};
    var kindSchema = this.describe(at + "/kind").schema;
    var legend = el("legend", {text: p.id + (p.title ? " " + p.title : "")});
    var tools = el("div", {className: "zd-tools"}, [
      i > 0 ? button("上移", function () { self.move(i, -1); }, "上移（" + p.id + "）") : null,
      i < rule.provisions.length - 1 ? button("下移", function () { self.move(i, 1); }, "下移（" + p.id + "）") : null,
      button("删除本条", function () {
        rule.provisions.splice(i, 1);
        self.changed("/provisions");
      }, "删除本条（" + p.id + "）")
    ]);
    var box = el("fieldset", {className: "zd-provision", "data-pointer": at, id: fieldId(at), tabindex: "-1",
                              "aria-describedby": fieldId(at) + "-msg"},
                 [legend, tools, el("div", {className: "zd-messages", id: fieldId(at) + "-msg"})]);
    var fields = [
      this.text(at + "/title", {summaryLabel: prefix + "条款标题"}),
      this.text(at + "/text", {multiline: true, rows: 4, summaryLabel: prefix + "条款内容"}),
      this.select(at + "/kind", (kindSchema["enum"] || []).map(function (k) { return {value: k, label: kinds[k] || k}; }),
                  {summaryLabel: prefix + "条款类型", help: ""}),
      this.checkbox(at + "/checkable"),
      this.lines(at + "/evidence", {summaryLabel: prefix + "检查依据材料"}),
      this.limits(at + "/limits", prefix),
      this.stages(at + "/stages"),
      this.citations(at + "/basis", prefix)
    ];
    fields.forEach(function (f) { box.appendChild(f); });
    this.fields.push({pointer: at, label: p.id, box: box, control: box});
    return box;
  };

  Form.prototype.move = function (i, step) {
    var list = this.state.rule.provisions, moved = list.splice(i, 1)[0];
    list.splice(i + step, 0, moved);
    this.changed("/provisions/" + (i + step));
  };

  Form.prototype.removedProvisions = function () {
    var self = this, present = this.state.rule.provisions.map(function (p) { return p.id; });
    var removed = (this.state.base.provisions || []).filter(function (p) { return present.indexOf(p.id) < 0; });
    if (!removed.length) return null;
    return el("div", {className: "zd-removed"}, [el("p", {text: "已删除的条款（写入时从制度中去掉）："})].concat(removed.map(function (p) {
      return el("p", {}, [document.createTextNode(p.id + " " + (p.title || "") + " "), button("恢复", function () {
        // back after the provision it followed in the current text (the nearest one still there)
        var list = self.state.rule.provisions, before = self.state.base.provisions.slice(0, self.state.base.provisions.indexOf(p));
        var at = 0;
        before.forEach(function (q) {
          var found = list.findIndex(function (r) { return r.id === q.id; });
          if (found >= 0) at = found + 1;
        });
        list.splice(at, 0, JSON.parse(JSON.stringify(p)));
        self.changed("/provisions/" + at);
      }, "恢复（" + p.id + "）")]);
    })));
  };

  Form.prototype.addProvision = function () {
    var rule = this.state.rule;
    var numbers = rule.provisions.concat(this.state.base.provisions || []).map(function (p) {
      var m = /^P([0-9]+)$/.exec(p.id);
      return m ? Number(m[1]) : 0;
    });
    var next = Math.max.apply(null, [0].concat(numbers)) + 1;
    rule.provisions.push({id: "P" + (next < 10 ? "0" : "") + next, text: "", kind: "must", checkable: false});
    this.changed("/provisions/" + (rule.provisions.length - 1));
  };

  function section(title, id, children) {
    return el("section", {className: "zd-propose-section", "aria-labelledby": id},
              [el("h2", {id: id, text: title})].concat(children));
  }

  Form.prototype.build = function () {
    var self = this, state = this.state, rule = state.rule, vocabulary = state.vocabulary;
    this.fields = [];
    var statuses = vocabulary.statuses || {};
    var statusSchema = this.describe("/status").schema;
    var facts = el("p", {className: "zd-facts"}, [
      document.createTextNode("编号 " + rule.id + " · 领域 " + rule.domain + "（编号和领域不能修改）")
    ]);
    var basics = section("基本信息", "zd-s-basics", [
      facts,
      this.text("/title"), this.text("/category"),
      this.select("/owner", (vocabulary.departments || []).map(function (d) { return {value: d.id, label: d.name + "（" + d.id + "）"}; }),
                  {help: ""}),
      this.select("/status", (statusSchema["enum"] || []).map(function (s) { return {value: s, label: statuses[s] || s}; }),
                  {help: ""}),
      el("div", {className: "zd-inline"}, [this.date("/issued"), this.date("/effective"), this.date("/repealed")]),
      this.number("/review_cycle_months"),
      this.text("/summary", {multiline: true, rows: 4}),
      this.text("/scope", {multiline: true, rows: 3}),
      this.citations("/basis", "")
    ]);
    var provisions = section("条款", "zd-s-provisions", rule.provisions.map(function (_, i) { return self.provision(i); })
      .concat([this.removedProvisions(), button("新增条款", function () { self.addProvision(); })]));
    var links = section("相关制度与标签", "zd-s-links", [
      this.list("/related", function (at) {
        return self.idInput(at, "zd-list-rules", {label: "制度编号", summaryLabel: "相关制度第 " + (Number(at.split("/").pop()) + 1) + " 项",
                                                  inList: true});
      }, function () { return ""; }, {add: "添加相关制度"}),
      this.idInput("/supersedes", "zd-list-rules"),
      this.idInput("/superseded_by", "zd-list-rules"),
      this.lines("/tags")
    ]);
    var n = (state.base.revisions || []).length, revisions = state.base.revisions || [];
    var history = el("table", {className: "zd-history"}, [
      el("caption", {text: "已有的修订记录（不能修改）"}),
      el("thead", {}, [el("tr", {}, [el("th", {scope: "col", text: "日期"}), el("th", {scope: "col", text: "说明"})])]),
      el("tbody", {}, revisions.map(function (r) {
        return el("tr", {}, [el("td", {text: r.date}), el("td", {text: r.note})]);
      }))
    ]);
    var revision = section("本次修订", "zd-s-revision", [
      history,
      this.date("/revisions/" + n + "/date", {label: "修订日期", summaryLabel: "修订日期"}),
      this.text("/revisions/" + n + "/note", {multiline: true, rows: 4, label: "修订说明（修改了什么、为什么）",
                                              summaryLabel: "修订说明"}),
      this.proposer()
    ]);
    var lists = el("div", {hidden: true}, [
      datalist("zd-list-rules", state.rules),
      datalist("zd-list-references", state.references),
      datalist("zd-list-subjects", Object.keys(vocabulary.limitSubjects || {}).map(function (s) {
        return {id: s, title: (vocabulary.limitSubjects[s].unit || "")};
      }))
    ]);
    var form = el("form", {className: "zd-propose-form", novalidate: true, "aria-label": "修订内容"},
                  [basics, provisions, links, revision, lists]);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.container.textContent = "";
    this.container.appendChild(form);
    Array.prototype.forEach.call(form.querySelectorAll("textarea"), function (area) {
      grow(area);
      area.addEventListener("input", function () { grow(area); });
    });
    return this.fields;
  };

  Form.prototype.proposer = function () {
    var self = this, control = el("input", {type: "text", autocomplete: "organization", maxlength: 200});
    control.value = this.state.proposal.proposer || "";
    control.addEventListener("input", function () {
      self.state.proposal.proposer = clean(control.value).replace(/\n/g, " ");
      self.changed();
    });
    return this.box("/proposal/proposer", control, {label: "提出人", required: true,
                                                   help: "处室和姓名，例如 资产处 张三。"});
  };

  /* A text box as tall as its text (up to about twenty lines), so nobody edits through a slit */
  function grow(area) {
    area.style.height = "auto";
    area.style.height = Math.min(area.scrollHeight + 4, 640) + "px";
  }

  function datalist(id, entries) {
    return el("datalist", {id: id}, entries.map(function (e) { return el("option", {value: e.id, label: e.title}); }));
  }

  function build(container, state, onChange) {
    Schema = Schema || (root && root.zhiduSchema);
    return new Form(container, state, onChange).build();
  }

  var api = {build: build, get: get, set: set, clean: clean, fieldId: fieldId, enumLabels: enumLabels, el: el};
  if (root) root.zhiduProposeForm = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : null);
