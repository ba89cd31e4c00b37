/* The checks of `zhidu validate` that need only one rule and the lists the site publishes, with the
   same codes and Chinese messages: a port of the rule's part of scripts/zhidu/validate/checks.py
   (domain-mismatch, unknown-department, unknown-reference, not-enacted, repealed-reference,
   self-reference, unknown-rule, unknown-stage, superseded-in-force, invalid-date, date-order,
   duplicate-provision) and of validate/limits.py (unknown-limit-subject, limit-unit, limit-not-in-text,
   vague-provision). As in `zhidu validate`, they run only on a rule that passes its schema.

   What needs the whole registry is checked when the proposal is applied and merged (CHECKED_IN_CI):
   a superseded rule must point back, two rules in force must give one subject the same figure,
   checklists, service standards and asset stages must still find the provisions they name.

   window.zhiduChecks (module.exports under Node):
     rule(data, context) -> [{pointer, code, message, severity}]
       context = {rules: [ids], references: {id: {title, status}}, departments: [{id, name}],
                  stages: [ids], limitSubjects: {subject: unit}, actors: [words], active: [statuses]}
     numbersIn(text), chineseNumber(text)   as limits.py
     CHECKED_IN_CI                          the codes only the whole registry can check */
(function (root) {
  "use strict";

  var CHECKED_IN_CI = ["duplicate-id", "file-name", "domain-folder", "supersedes-asymmetric", "supersedes-cycle",
                       "limit-conflict", "unknown-provision", "empty-selector", "id-vanished", "id-unregistered",
                       "domain-total"];

  function formatG(value) {
    var schema = root && root.zhiduSchema ? root.zhiduSchema : require("./propose-schema.js");
    return schema.formatG(value);
  }

  function at(pointer, code, message, severity) {
    return {pointer: pointer, code: code, message: message, severity: severity || "error"};
  }

  // -- numbers in a text (limits.py) -------------------------------------------------------------------

  var DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9};
  var UNITS = {"十": 10, "百": 100, "千": 1000};
  var CHINESE_NUMBER = /[零〇一二两三四五六七八九十百千万]+/g;
  var ARABIC_NUMBER = /\p{Nd}+(?:\.\p{Nd}+)?/gu;
  var WHEN = new RegExp("\\p{Nd}+\\s*(?:个)?(?:日|天|工作日|小时|分钟|周|月|年)|[一二两三四五六七八九十]+(?:个)?(?:日|天|工作日|小时|周|月|年)" +
                        "|每(?:年|半年|季度|月|周|日|天|学期|次)|年底|年初|年末|年度|季度|月底|当日|当天|次日|即时|立即|及时|" +
                        "之日起|之前|以前|前|内|届满|到期|期间|事前|事后|同时|随时|定期", "u");

  function chineseNumber(text) {
    var total = 0, section = 0, digit = null;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === "零" || ch === "〇") continue;
      if (ch in DIGITS) {
        if (digit !== null) return null;
        digit = DIGITS[ch];
      } else if (ch in UNITS) {
        section += (digit === null ? 1 : digit) * UNITS[ch];
        digit = null;
      } else if (ch === "万") {
        total += (section + (digit || 0)) * 10000;
        section = 0;
        digit = null;
      }
    }
    return total + section + (digit || 0);
  }

  function numbersIn(text) {
    text = String(text).normalize("NFKC");
    var found = [];
    (text.match(ARABIC_NUMBER) || []).forEach(function (n) {
      var ascii = n.replace(/\p{Nd}/gu, function (d) { return /[0-9]/.test(d) ? d : digitValue(d); });
      found.push(parseFloat(ascii));
    });
    (text.match(CHINESE_NUMBER) || []).forEach(function (run) {
      var value = chineseNumber(run);
      if (value !== null) found.push(value);
    });
    return found;
  }

  /* A decimal digit of another script (Python's float() reads them): its value, from the run of ten
     its block gives it (every Unicode Nd digit is in a run 0–9) */
  function digitValue(d) {
    var code = d.codePointAt(0);
    for (var n = 0; n < 10; n++) {
      if (!/\p{Nd}/u.test(String.fromCodePoint(code - n - 1))) return String(n);
    }
    return "0";
  }

  // -- the checks ---------------------------------------------------------------------------------------

  function isDay(text) {
    var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m) return false;
    var y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
    var days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return d <= days[mo - 1];
  }

  function fileNames(data, out) {
    if (data.id.indexOf(data.domain + "-") !== 0) {
      out.push(at("/domain", "domain-mismatch", "编号 " + data.id + " 的前缀与领域 " + data.domain + " 不一致"));
    }
  }

  function citations(data) {
    var list = [];
    data.basis.forEach(function (c, i) { list.push(["/basis/" + i, c]); });
    data.provisions.forEach(function (p, i) {
      (p.basis || []).forEach(function (c, j) { list.push(["/provisions/" + i + "/basis/" + j, c]); });
    });
    return list;
  }

  function referencesResolve(data, context, out) {
    var departments = context.departments || [];
    if (!departments.some(function (d) { return d.id === data.owner; })) {
      out.push(at("/owner", "unknown-department", "责任处室 " + data.owner + " 不在 taxonomy.yaml 的处室列表中（可选：" +
                  departments.map(function (d) { return d.id; }).join("、") + "）"));
    }
    citations(data).forEach(function (item) {
      var pointer = item[0], citation = item[1], ref = context.references[citation.ref];
      if (!ref) {
        out.push(at(pointer + "/ref", "unknown-reference", "上位依据 " + citation.ref + " 不存在（应为 standards/references/ 中某个文件的编号）"));
      } else if (ref.status === "not_enacted") {
        out.push(at(pointer + "/ref", "not-enacted", ref.title + " 尚未出台，不能作为制定依据"));
      } else if (ref.status === "repealed") {
        out.push(at(pointer + "/ref", "repealed-reference", ref.title + " 已废止，请改引现行依据", "warning"));
      }
    });
    var rules = context.rules || [];
    ["related", "supersedes", "superseded_by"].forEach(function (key) {
      var value = data[key];
      var targets = Array.isArray(value) ? value : (value ? [value] : []);
      targets.forEach(function (target, i) {
        var pointer = Array.isArray(value) ? "/" + key + "/" + i : "/" + key;
        if (target === data.id) out.push(at(pointer, "self-reference", key + " 不能指向本制度自身"));
        else if (rules.indexOf(target) < 0) out.push(at(pointer, "unknown-rule", "制度 " + target + " 不存在"));
      });
    });
    var stages = context.stages || [];
    data.provisions.forEach(function (p, i) {
      (p.stages || []).forEach(function (stage, j) {
        if (stages.indexOf(stage) < 0) {
          out.push(at("/provisions/" + i + "/stages/" + j, "unknown-stage", "生命周期环节 " + stage + " 不存在（可选：" +
                      stages.slice().sort().join("、") + "）"));
        }
      });
    });
  }

  function supersededInForce(data, out) {
    var newer = data.superseded_by;
    if (newer && data.status !== "repealed" && data.status !== "under_revision") {
      out.push(at("/status", "superseded-in-force", "已被 " + newer + " 替代的制度，状态应为 repealed（已废止）", "warning"));
    }
  }

  function datesOrdered(data, out) {
    var parsed = {};
    ["issued", "effective", "repealed"].forEach(function (key) {
      if (key in data) {
        parsed[key] = isDay(data[key]) ? data[key] : null;
        if (parsed[key] === null) out.push(at("/" + key, "invalid-date", data[key] + " 不是存在的日期"));
      }
    });
    var issued = parsed.issued, effective = parsed.effective, repealed = parsed.repealed;
    if (issued && effective && effective < issued) {
      out.push(at("/effective", "date-order", "施行日期 " + data.effective + " 早于印发日期 " + data.issued));
    }
    if (effective && repealed && repealed < effective) {
      out.push(at("/repealed", "date-order", "废止日期 " + data.repealed + " 早于施行日期 " + data.effective));
    }
    var previous = null;
    data.revisions.forEach(function (revision, i) {
      var pointer = "/revisions/" + i + "/date";
      if (!isDay(revision.date)) {
        out.push(at(pointer, "invalid-date", revision.date + " 不是存在的日期"));
        return;
      }
      if (issued && revision.date < issued) {
        out.push(at(pointer, "date-order", "修订日期 " + revision.date + " 早于印发日期 " + data.issued));
      }
      if (previous && revision.date < previous) out.push(at(pointer, "date-order", "修订记录应按时间先后排列"));
      previous = revision.date;
    });
  }

  function provisionIds(data, out) {
    var counts = {}, seen = {};
    data.provisions.forEach(function (p) { counts[p.id] = (counts[p.id] || 0) + 1; });
    data.provisions.forEach(function (p, i) {
      if (counts[p.id] > 1 && seen[p.id]) {
        out.push(at("/provisions/" + i + "/id", "duplicate-provision", "条款编号 " + p.id + " 在本制度中重复，条款编号必须唯一"));
      }
      seen[p.id] = true;
    });
  }

  function limitsWellFormed(data, context, out) {
    var subjects = context.limitSubjects || {};
    data.provisions.forEach(function (provision, p) {
      (provision.limits || []).forEach(function (limit, i) {
        var pointer = "/provisions/" + p + "/limits/" + i;
        var unit = Object.prototype.hasOwnProperty.call(subjects, limit.subject) ? subjects[limit.subject] : null;
        if (unit === null) {
          out.push(at(pointer + "/subject", "unknown-limit-subject", "事项“" + limit.subject + "”不在术语表 standards/glossary.yaml 的 " +
                      "limit_subjects 中；请用已有的事项，或先在那里增加这个事项和它的单位"));
        } else if (unit !== limit.unit) {
          out.push(at(pointer + "/unit", "limit-unit", "事项“" + limit.subject + "”的单位是“" + unit + "”，这里写的是“" + limit.unit + "”"));
        }
        if (numbersIn(provision.text).indexOf(limit.value) < 0) {
          out.push(at(pointer + "/value", "limit-not-in-text", "数字 " + formatG(limit.value) + " 没有写在条款 " + provision.id +
                      " 的内容中；limits 只记录条款已写明的数字"));
        }
      });
    });
  }

  function missingParts(provision, actors) {
    if (provision.kind !== "must" && provision.kind !== "prohibit") return [];
    var text = provision.text, missing = [];
    if (!actors.some(function (actor) { return text.indexOf(actor) >= 0; })) missing.push("由谁办理（处室或岗位）");
    var nonEmpty = function (list) { return Array.isArray(list) && list.length > 0; };
    if (!(WHEN.test(text) || nonEmpty(provision.limits) || nonEmpty(provision.evidence))) {
      missing.push("办理时限，或证明已经办理的材料（evidence）");
    }
    return missing;
  }

  function vagueProvisions(data, context, out) {
    if ((context.active || []).indexOf(data.status) < 0) return;
    var actors = (context.departments || []).map(function (d) { return d.name; }).concat(context.actors || []);
    data.provisions.forEach(function (provision, p) {
      var missing = missingParts(provision, actors);
      if (missing.length) {
        out.push(at("/provisions/" + p + "/text", "vague-provision", "条款 " + provision.id + " 是" +
                    (provision.kind === "must" ? "应当" : "不得") + "条款，但没有写明" + missing.join("和"), "warning"));
      }
    });
  }

  /* Every finding about one schema-valid rule, as `zhidu validate` makes it */
  function rule(data, context) {
    var out = [];
    fileNames(data, out);
    referencesResolve(data, context, out);
    supersededInForce(data, out);
    datesOrdered(data, out);
    provisionIds(data, out);
    limitsWellFormed(data, context, out);
    vagueProvisions(data, context, out);
    return out;
  }

  var api = {rule: rule, numbersIn: numbersIn, chineseNumber: chineseNumber, missingParts: missingParts,
             CHECKED_IN_CI: CHECKED_IN_CI};
  if (root) root.zhiduChecks = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : null);
