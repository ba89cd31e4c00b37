/* The 提出修订 form's YAML writer: plain data (objects, arrays, strings, numbers, booleans, null) as
   block YAML that the project's loader (scripts/zhidu/load/loader.py, PyYAML's YAML 1.1 rules) reads
   back as exactly the same data.

   A string is written plain only when nothing in it could mean something else to YAML: not empty, no
   leading or trailing space, no indicator character at its start, no ": " or " #", nothing YAML 1.1
   reads as a boolean, null or number (yes, on, ~, 0x1F, 1_000, 1:20, .5 …), no line break or control
   character. Everything else is double-quoted with JSON's escapes, which YAML's double-quoted style
   reads the same way (line separators and other characters YAML treats as breaks are escaped too).
   An ISO date (2025-03-01) is written plain, as in the registry's files: the loader keeps dates as text.
   Numbers are written so that YAML 1.1 reads them as numbers (1e-7 becomes 1.0e-07). A list of
   scalars under a key is written on one line ([第二条, 第四条]), its items quoted also when they hold
   a comma, bracket, colon or hash.

   window.zhiduYaml (module.exports under Node):
     dump(value)        -> text ending in a line break (a mapping at the top level)
     scalar(value)      -> one scalar as YAML
     plainSafe(string)  -> whether the string may be written without quotes */
(function (root) {
  "use strict";

  var INDICATOR_START = /^[-?:,\[\]{}#&*!|>'"%@`\s]/;
  var YAML11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|=)$/;
  var NUMBER_LIKE = /^[-+]?[0-9.]/;
  var ASCII_WORD = /^[-+0-9A-Za-z_.:]+$/;
  var ISO_DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  // control characters, YAML's extra line breaks (NEL, LS, PS), BOM, non-characters and lone surrogates
  var UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;

  function plainSafe(text) {
    if (text === "" || text !== text.trim()) return false;      // trim(): any Unicode space, full-width too
    if (ISO_DAY.test(text)) return true;
    if (INDICATOR_START.test(text) || UNSAFE_CHAR.test(text)) return false;
    if (text.indexOf(": ") >= 0 || text.indexOf(" #") >= 0 || /:$/.test(text) || text.indexOf("<<") === 0) {
      return false;
    }
    if (YAML11_WORDS.test(text)) return false;
    if (NUMBER_LIKE.test(text) && ASCII_WORD.test(text)) return false;     // 12, 1.5, 0x1F, 1:20, 1_000, .inf
    if (/^[.]/.test(text)) return false;
    return true;
  }

  function quoted(text) {
    var out = '"';
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i), code = text.charCodeAt(i);
      if (ch === '"') out += '\\"';
      else if (ch === "\\") out += "\\\\";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (ch === "\r") out += "\\r";
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length &&
               text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
        out += ch + text.charAt(i + 1);          // a character outside the BMP, as it is
        i++;
      } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 ||
                 code === 0xfeff || code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) {
        out += "\\u" + ("000" + code.toString(16)).slice(-4);
      } else {
        out += ch;
      }
    }
    return out + '"';
  }

  function number(value) {
    if (value !== value) return ".nan";
    if (value === Infinity) return ".inf";
    if (value === -Infinity) return "-.inf";
    var text = String(value);
    var e = text.indexOf("e");
    if (e < 0) return text;
    // 1e-7 -> 1.0e-07, 1.5e+21 -> 1.5e+21: YAML 1.1 floats need a dot and a signed exponent
    var mantissa = text.slice(0, e), exponent = text.slice(e + 1);
    if (mantissa.indexOf(".") < 0) mantissa += ".0";
    var sign = exponent.charAt(0) === "-" ? "-" : "+";
    var digits = exponent.replace(/^[-+]/, "");
    return mantissa + "e" + sign + (digits.length < 2 ? "0" + digits : digits);
  }

  function scalar(value) {
    if (value === null || value === undefined) return "null";
    if (value === true) return "true";
    if (value === false) return "false";
    if (typeof value === "number") return number(value);
    var text = String(value);
    return plainSafe(text) ? text : quoted(text);
  }

  /* A scalar inside [ ]: quoted also when it holds a flow indicator, a colon (PyYAML refuses one in a
     plain scalar there) or a hash */
  function flowScalar(value) {
    var text = scalar(value);
    return typeof value === "string" && text === value && /[,\[\]{}:#]/.test(value) ? quoted(value) : text;
  }

  /* A short list of scalars on one line, as the registry's files write them: [第二条, 第四条] */
  function flowList(value) {
    return "[" + value.map(flowScalar).join(", ") + "]";
  }

  function scalarsOnly(value) {
    return Array.isArray(value) && value.length > 0 && value.every(function (v) { return !isCollection(v); });
  }

  function key(name) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && plainSafe(name) ? name : quoted(String(name));
  }

  function isCollection(value) {
    return value !== null && typeof value === "object";
  }

  function isEmpty(value) {
    return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  }

  function emptyOf(value) {
    return Array.isArray(value) ? "[]" : "{}";
  }

  /* The lines of `value` (a non-empty mapping or list) at indentation `pad`, added to `out` */
  function lines(value, pad, out) {
    var indent = new Array(pad + 1).join(" ");
    if (Array.isArray(value)) {
      value.forEach(function (item) {
        if (isCollection(item) && !isEmpty(item)) {
          var inner = [];
          lines(item, pad + 2, inner);
          inner[0] = indent + "- " + inner[0].slice(pad + 2);
          Array.prototype.push.apply(out, inner);
        } else {
          out.push(indent + "- " + (isCollection(item) ? emptyOf(item) : scalar(item)));
        }
      });
      return out;
    }
    Object.keys(value).forEach(function (name) {
      var item = value[name];
      if (item === undefined) return;
      if (scalarsOnly(item)) {
        out.push(indent + key(name) + ": " + flowList(item));
      } else if (isCollection(item) && !isEmpty(item)) {
        out.push(indent + key(name) + ":");
        // a list under a key is indented like the registry's files: "  - item"
        lines(item, pad + 2, out);
      } else {
        out.push(indent + key(name) + ": " + (isCollection(item) ? emptyOf(item) : scalar(item)));
      }
    });
    return out;
  }

  function dump(value) {
    if (!isCollection(value) || Array.isArray(value)) throw new Error("dump: a mapping is expected");
    return lines(value, 0, []).join("\n") + "\n";
  }

  var api = {dump: dump, scalar: scalar, plainSafe: plainSafe};
  if (root) root.zhiduYaml = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : null);
