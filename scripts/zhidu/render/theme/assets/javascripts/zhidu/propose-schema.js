/* JSON Schema validation for the 提出修订 form, with the same codes and Chinese messages as
   `zhidu validate` (a port of scripts/zhidu/validate/schemas.py: inline_refs, _describe, _message).

   Only the keywords the project's schemas use are known (type, enum, const, pattern, minLength,
   maxLength, minItems, maxItems, uniqueItems, minimum, maximum, required, properties,
   additionalProperties, items, if/then/else, allOf, anyOf, oneOf, not, minProperties, maxProperties);
   errors are produced where jsonschema's Draft 2020-12 validator produces them, so both give the
   same (pointer, code, message) for the same data. Lengths count characters (code points), as Python.

   window.zhiduSchema (module.exports under Node):
     inline(schemas, name)       -> the schema `name` with every $ref replaced by what it points at
                                    (schemas: {"regulation": {...}, "defs": {...}}, as published)
     validate(schema, data)      -> [{pointer, code, message, severity: "error"}], sorted, no repeats
     at(schema, pointer)         -> the subschema that describes the value at pointer (for labels), or null
     pyRepr(value), formatG(n)   -> Python's json.dumps / str and "{:g}" of a value, for messages */
(function (root) {
  "use strict";

  var TYPE_NAMES = {
    object: "键值对象", array: "列表", string: "文字", integer: "整数",
    number: "数字", boolean: "true 或 false", "null": "空值"
  };
  var ANNOTATIONS = {title: true, description: true};

  // -- Python's ways of showing a value -------------------------------------------------------------

  function chars(text) { return Array.from(text); }

  function pyNumber(n) {
    var text = String(n);
    var e = text.indexOf("e");
    if (e < 0) return text;
    var exponent = text.slice(e + 1), sign = exponent.charAt(0) === "-" ? "-" : "+";
    var digits = exponent.replace(/^[-+]/, "");
    return text.slice(0, e) + "e" + sign + (digits.length < 2 ? "0" + digits : digits);
  }

  /* json.dumps(value, ensure_ascii=False) */
  function pyJson(value) {
    if (value === null || value === undefined) return "null";
    if (value === true) return "true";
    if (value === false) return "false";
    if (typeof value === "number") return value !== value ? "NaN" : value === Infinity ? "Infinity" :
      value === -Infinity ? "-Infinity" : pyNumber(value);
    if (typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return "[" + value.map(pyJson).join(", ") + "]";
    return "{" + Object.keys(value).map(function (k) { return JSON.stringify(k) + ": " + pyJson(value[k]); })
      .join(", ") + "}";
  }

  /* str(value) */
  function pyStr(value) {
    if (value === null || value === undefined) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
    if (typeof value === "string") return value;
    if (typeof value === "number") return pyNumber(value);
    return pyJson(value);
  }

  /* "{:g}".format(value) */
  function formatG(value) {
    if (value === 0) return "0";
    if (value !== value) return "nan";
    if (value === Infinity) return "inf";
    if (value === -Infinity) return "-inf";
    var exp = Number(value.toExponential(5).split("e")[1]);
    var strip = function (text) { return text.indexOf(".") < 0 ? text : text.replace(/0+$/, "").replace(/\.$/, ""); };
    if (exp < -4 || exp >= 6) {
      var parts = value.toExponential(5).split("e"), digits = parts[1].replace(/^[-+]/, "");
      return strip(parts[0]) + "e" + (parts[1].charAt(0) === "-" ? "-" : "+") + (digits.length < 2 ? "0" + digits : digits);
    }
    return strip(value.toFixed(Math.max(0, 5 - exp)));
  }

  function typeOf(value) {
    if (value === null || value === undefined) return "空值";
    if (typeof value === "boolean") return "true/false";
    if (typeof value === "number") return Number.isInteger(value) ? "整数" : "数字";
    if (typeof value === "string") return "文字";
    if (Array.isArray(value)) return "列表";
    return "键值对象";
  }

  function shown(value) {
    var text = typeof value === "string" ? value : pyJson(value);
    var list = chars(text);
    return list.length <= 40 ? text : list.slice(0, 40).join("") + "…";
  }

  function size(value) {
    if (typeof value === "string") return chars(value).length;
    if (Array.isArray(value)) return value.length;
    if (value && typeof value === "object") return Object.keys(value).length;
    return 0;
  }

  function pointerJoin(base, token) {
    return base + "/" + String(token).replace(/~/g, "~0").replace(/\//g, "~1");
  }

  // -- $ref ---------------------------------------------------------------------------------------------

  function fileName(file) { return file.replace(/\.schema\.json$/, "").replace(/\.json$/, ""); }

  function resolve(ref, base, schemas) {
    var hash = ref.indexOf("#"), file = hash < 0 ? ref : ref.slice(0, hash), fragment = hash < 0 ? "" : ref.slice(hash + 1);
    file = file || base;
    var target = schemas[fileName(file)];
    if (!target) throw new Error("unknown schema " + file);
    fragment.split("/").filter(Boolean).forEach(function (token) {
      target = target[token.replace(/~1/g, "/").replace(/~0/g, "~")];
    });
    return [target, file];
  }

  function inlineRefs(schema, base, schemas, depth) {
    if (depth > 50) throw new Error(base + ": $ref nested too deeply");
    if (Array.isArray(schema)) return schema.map(function (s) { return inlineRefs(s, base, schemas, depth); });
    if (!schema || typeof schema !== "object") return schema;
    var here = {};
    Object.keys(schema).forEach(function (key) {
      if (key !== "$ref" && key !== "$defs" && key !== "$schema") here[key] = inlineRefs(schema[key], base, schemas, depth);
    });
    if (!("$ref" in schema)) return here;
    var found = resolve(schema["$ref"], base, schemas);
    var target = inlineRefs(found[0], found[1], schemas, depth + 1);
    var clash = Object.keys(here).some(function (k) { return !ANNOTATIONS[k] && k in target; });
    var out = {};
    if (clash) {
      Object.keys(here).forEach(function (k) { if (ANNOTATIONS[k]) out[k] = here[k]; });
      out.allOf = [target, here];
      return out;
    }
    Object.keys(target).forEach(function (k) { out[k] = target[k]; });
    Object.keys(here).forEach(function (k) { out[k] = here[k]; });
    return out;
  }

  function inline(schemas, name) {
    return inlineRefs(schemas[name], name + ".json", schemas, 0);
  }

  // -- the keywords, where jsonschema reports them -----------------------------------------------------

  function isType(value, type) {
    switch (type) {
      case "object": return value !== null && typeof value === "object" && !Array.isArray(value);
      case "array": return Array.isArray(value);
      case "string": return typeof value === "string";
      case "integer": return typeof value === "number" && Number.isInteger(value);
      case "number": return typeof value === "number";
      case "boolean": return typeof value === "boolean";
      case "null": return value === null;
      default: return false;
    }
  }

  /* jsonschema's equality: True is not 1, lists and objects compared item by item */
  function equal(a, b) {
    if (typeof a !== typeof b) return false;
    if (a === null || b === null || typeof a !== "object") return a === b;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === b.length && a.every(function (x, i) { return equal(x, b[i]); });
    var ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every(function (k) { return k in b && equal(a[k], b[k]); });
  }

  var patterns = {};
  function pattern(source) {
    if (!patterns[source]) {
      // Python's $ also matches before a final line break
      var adjusted = /(^|[^\\])\$$/.test(source) ? source.slice(0, -1) + "(?=\\n?$)" : source;
      patterns[source] = new RegExp(adjusted, "u");
    }
    return patterns[source];
  }

  function error(keyword, schema, value, path) {
    return {keyword: keyword, expected: schema[keyword], value: value, schema: schema, path: path};
  }

  function valid(schema, value) { return errors(schema, value, []).length === 0; }

  function errors(schema, value, path) {
    var out = [];
    if (schema === true || schema === undefined) return out;
    if (schema === false) return [{keyword: "false", expected: false, value: value, schema: {}, path: path}];
    Object.keys(schema).forEach(function (keyword) {
      var expected = schema[keyword];
      switch (keyword) {
        case "type": {
          var types = Array.isArray(expected) ? expected : [expected];
          if (!types.some(function (t) { return isType(value, t); })) out.push(error(keyword, schema, value, path));
          break;
        }
        case "enum":
          if (!expected.some(function (option) { return equal(value, option); })) out.push(error(keyword, schema, value, path));
          break;
        case "const":
          if (!equal(value, expected)) out.push(error(keyword, schema, value, path));
          break;
        case "pattern":
          if (typeof value === "string" && !pattern(expected).test(value)) out.push(error(keyword, schema, value, path));
          break;
        case "minLength":
          if (typeof value === "string" && size(value) < expected) out.push(error(keyword, schema, value, path));
          break;
        case "maxLength":
          if (typeof value === "string" && size(value) > expected) out.push(error(keyword, schema, value, path));
          break;
        case "minItems":
          if (Array.isArray(value) && value.length < expected) out.push(error(keyword, schema, value, path));
          break;
        case "maxItems":
          if (Array.isArray(value) && value.length > expected) out.push(error(keyword, schema, value, path));
          break;
        case "uniqueItems":
          if (expected && Array.isArray(value) && value.some(function (x, i) {
            return value.some(function (y, j) { return j > i && equal(x, y); });
          })) out.push(error(keyword, schema, value, path));
          break;
        case "minimum":
          if (typeof value === "number" && value < expected) out.push(error(keyword, schema, value, path));
          break;
        case "maximum":
          if (typeof value === "number" && value > expected) out.push(error(keyword, schema, value, path));
          break;
        case "minProperties":
          if (isType(value, "object") && size(value) < expected) out.push(error(keyword, schema, value, path));
          break;
        case "maxProperties":
          if (isType(value, "object") && size(value) > expected) out.push(error(keyword, schema, value, path));
          break;
        case "required":
          if (isType(value, "object")) {
            expected.forEach(function (name) {
              if (!(name in value)) out.push(error(keyword, schema, value, path));
            });
          }
          break;
        case "properties":
          if (isType(value, "object")) {
            Object.keys(expected).forEach(function (name) {
              if (name in value) push(out, errors(expected[name], value[name], path.concat([name])));
            });
          }
          break;
        case "additionalProperties":
          if (isType(value, "object")) {
            var extras = Object.keys(value).filter(function (name) { return !(name in (schema.properties || {})); });
            if (expected && typeof expected === "object") {
              extras.forEach(function (name) { push(out, errors(expected, value[name], path.concat([name]))); });
            } else if (!expected && extras.length) {
              out.push(error(keyword, schema, value, path));
            }
          }
          break;
        case "items":
          if (Array.isArray(value)) {
            value.forEach(function (item, i) { push(out, errors(expected, item, path.concat([i]))); });
          }
          break;
        case "if":
          if (valid(expected, value)) {
            if ("then" in schema) push(out, errors(schema.then, value, path));
          } else if ("else" in schema) {
            push(out, errors(schema["else"], value, path));
          }
          break;
        case "allOf":
          expected.forEach(function (sub) { push(out, errors(sub, value, path)); });
          break;
        case "anyOf":
          if (!expected.some(function (sub) { return valid(sub, value); })) out.push(error(keyword, schema, value, path));
          break;
        case "oneOf":
          if (expected.filter(function (sub) { return valid(sub, value); }).length !== 1) {
            out.push(error(keyword, schema, value, path));
          }
          break;
        case "not":
          if (valid(expected, value)) out.push(error(keyword, schema, value, path));
          break;
        default:
          break;
      }
    });
    return out;
  }

  function push(out, more) { Array.prototype.push.apply(out, more); }

  // -- the messages (schemas.py: _describe, _message) ----------------------------------------------

  function titleOf(schema, name) {
    var prop = (schema.properties || {})[name] || {};
    return prop.title || "";
  }

  function closeMatch(word, candidates) {
    // difflib.get_close_matches(word, candidates, n=1): the best ratio of at least 0.6; of equal ones,
    // the greatest candidate (Python takes the largest (score, candidate) pair)
    var best = null, bestScore = 0;
    candidates.forEach(function (candidate) {
      var score = ratio(word, candidate);
      if (score >= 0.6 && (score > bestScore || (score === bestScore && candidate > best))) {
        best = candidate;
        bestScore = score;
      }
    });
    return best;
  }

  function ratio(word, candidate) {
    // SequenceMatcher(None, candidate, word).ratio(), as get_close_matches computes it
    var redline = root && root.zhiduRedline ? root.zhiduRedline : requireRedline();
    var ops = redline.opcodes(candidate, word);
    var a = word, b = candidate;
    var matches = 0;
    ops.forEach(function (op) { if (op[0] === "equal") matches += op[2] - op[1]; });
    var total = chars(a).length + chars(b).length;
    return total ? 2 * matches / total : 1;
  }

  function requireRedline() { return require("./redline.js"); }

  function message(keyword, expected, value, schema, hint) {
    if (keyword === "type") {
      var names = (Array.isArray(expected) ? expected : [expected]).map(function (t) { return TYPE_NAMES[t] || t; }).join("或");
      if (value === null || value === undefined) return ["type", "尚未填写（应为" + names + "）"];
      return ["type", "应为" + names + "，实际是" + typeOf(value) + "“" + shown(value) + "”"];
    }
    if (keyword === "enum" || keyword === "const") {
      var options = keyword === "enum" ? expected : [expected];
      return ["enum", "“" + shown(value) + "”不是允许的值。" + (hint || "应为：" + options.map(pyStr).join("、"))];
    }
    if (keyword === "pattern") {
      if (typeof value === "string" && !value.trim()) return ["empty", "不能为空"];
      return ["format", "“" + shown(value) + "”格式不对" + (hint ? "：" + hint : "")];
    }
    switch (keyword) {
      case "minLength": return ["empty", "不能为空"];
      case "maxLength": return ["too-long", "这段文字太长：最多 " + expected + " 个字符，现在有 " + size(value) + " 个字符，请精简或拆分"];
      case "maxItems": return ["too-many-items", "列表项太多：最多 " + expected + " 项，现在有 " + size(value) + " 项，请精简或拆分"];
      case "minItems": return ["min-items", "至少需要 " + expected + " 项，现在有 " + size(value) + " 项"];
      case "uniqueItems": return ["duplicate-item", "列表中有重复的项"];
      case "minimum": return ["range", "不能小于 " + pyStr(expected) + "，现在是 " + shown(value)];
      case "maximum": return ["range", "不能大于 " + pyStr(expected) + "，现在是 " + shown(value)];
      case "maxProperties": return ["too-many-fields", "这里只能写 " + expected + " 个字段，现在有 " + size(value) + " 个" +
                                    (schema.title ? "（" + schema.title + "）" : "")];
      case "minProperties": return ["too-few-fields", "这里至少要写 " + expected + " 个字段"];
      default: return ["schema", "不符合要求" + (hint ? "：" + hint : "")];
    }
  }

  function describe(e) {
    var pointer = e.path.map(function (t) { return pointerJoin("", t); }).join("");
    var schema = e.schema, value = e.value, expected = e.expected, hint = schema.description || "";
    var at = function (ptr, code, text) { return {pointer: ptr, code: code, message: text, severity: "error"}; };
    if (e.keyword === "required") {
      return expected.filter(function (name) { return isType(value, "object") && !(name in value); }).map(function (name) {
        var title = titleOf(schema, name);
        return at(pointer, "required", "缺少必填字段“" + name + "”" + (title ? "（" + title + "）" : ""));
      });
    }
    if (e.keyword === "additionalProperties" && isType(value, "object")) {
      var allowed = Object.keys(schema.properties || {});
      return Object.keys(value).filter(function (name) { return allowed.indexOf(name) < 0; }).map(function (name) {
        var guess = closeMatch(name, allowed);
        var tip = guess ? "，是否想写“" + guess + "”？" : "。允许的字段：" + allowed.join("、");
        return at(pointerJoin(pointer, name), "unknown-field", "未知字段“" + name + "”" + tip);
      });
    }
    if (e.keyword === "oneOf" && expected.every(function (alt) { return "required" in alt; })) {
      var forms = expected.map(function (alt) { return "写 " + alt.required.join(" 和 "); }).join("；或者");
      return [at(pointer, "one-of", "写法不对，只能用一种写法：" + forms + (hint ? "（" + hint + "）" : ""))];
    }
    var found = message(e.keyword, expected, value, schema, hint);
    return [at(pointer, found[0], found[1])];
  }

  function key(d) { return [d.pointer, d.code, d.message, d.severity].join("\u0000"); }

  /* Diagnostics without repeats (Python keeps them in a set), in the order found */
  function unique(list) {
    var seen = {}, out = [];
    list.forEach(function (d) {
      var k = key(d);
      if (!seen[k]) { seen[k] = true; out.push(d); }
    });
    return out;
  }

  function validate(schema, data) {
    var found = [];
    errors(schema, data, []).forEach(function (e) { push(found, describe(e)); });
    return unique(found);
  }

  /* The subschema describing the value at `pointer` (its title and description label the form's field) */
  function at(schema, pointer) {
    var here = schema;
    var tokens = pointer.split("/").slice(1).map(function (t) { return t.replace(/~1/g, "/").replace(/~0/g, "~"); });
    for (var i = 0; i < tokens.length && here; i++) {
      if (here.properties && here.properties[tokens[i]]) here = here.properties[tokens[i]];
      else if (here.items && /^[0-9]+$/.test(tokens[i])) here = here.items;
      else if (here.allOf) here = here.allOf.reduce(function (found, sub) { return found || at(sub, "/" + tokens[i]); }, null);
      else return null;
    }
    return here;
  }

  var api = {inline: inline, validate: validate, at: at, pyRepr: pyJson, pyStr: pyStr, formatG: formatG,
             unique: unique, pointerJoin: pointerJoin};
  if (root) root.zhiduSchema = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : null);
