/* A character-level redline, the same as `zhidu diff` shows (scripts/zhidu/cli/diff.py: redline,
   mark_changes): a port of Python's difflib.SequenceMatcher (find_longest_match, matching blocks,
   opcodes) so the same two texts give the same changes in the browser as in the pull request.
   Texts are compared by Unicode code point, as Python indexes a str (a character outside the BMP is
   one element, not two UTF-16 units). diff.py passes autojunk=False, so segments() and html() do too;
   opcodes() takes Python's defaults (autojunk on, no isjunk) unless told otherwise.

   window.zhiduRedline (module.exports under Node):
     segments(oldText, newText) -> [{op: "eq" | "del" | "ins", text}]   what was removed before what replaced it
     html(oldText, newText)     -> string   diff.redline(): escaped text, <del>removed</del><ins>inserted</ins>
     marks(oldText, newText)    -> [oldHtml, newHtml]   diff.mark_changes(): each text with its own changes marked
     opcodes(a, b, {autojunk, isjunk}) -> [[tag, i1, i2, j1, j2]]   SequenceMatcher(isjunk, a, b, autojunk).get_opcodes()
     escape(text)               -> string   html.escape(text) (quotes too) */
(function (root) {
  "use strict";

  function chars(text) { return Array.from(text == null ? "" : String(text)); }

  function Matcher(a, b, isjunk, autojunk) {
    this.a = a;
    this.b = b;
    // b2j: each element of b -> the indices where it occurs, ascending
    var b2j = new Map(), junk = new Set(), popular = new Set();
    b.forEach(function (elt, i) {
      var list = b2j.get(elt);
      if (!list) b2j.set(elt, list = []);
      list.push(i);
    });
    if (isjunk) {
      b2j.forEach(function (_, elt) { if (isjunk(elt)) junk.add(elt); });
      junk.forEach(function (elt) { b2j.delete(elt); });
    }
    var n = b.length;
    if (autojunk && n >= 200) {
      var ntest = Math.floor(n / 100) + 1;
      b2j.forEach(function (idxs, elt) { if (idxs.length > ntest) popular.add(elt); });
      popular.forEach(function (elt) { b2j.delete(elt); });
    }
    this.b2j = b2j;
    this.bjunk = junk;
    // j2len of find_longest_match as two arrays (index j + 1 holds the length of the match ending at b[j]),
    // reset after use: the same values Python's dicts hold, without a dict per element of a
    this.prev = new Int32Array(n + 1);
    this.cur = new Int32Array(n + 1);
  }

  Matcher.prototype.findLongestMatch = function (alo, ahi, blo, bhi) {
    var a = this.a, b = this.b, b2j = this.b2j, junk = this.bjunk;
    var besti = alo, bestj = blo, bestsize = 0;
    var prev = this.prev, cur = this.cur, prevSet = [], curSet, nothing = [];
    for (var i = alo; i < ahi; i++) {
      curSet = [];
      var indices = b2j.get(a[i]) || nothing;
      for (var x = 0; x < indices.length; x++) {
        var j = indices[x];
        if (j < blo) continue;
        if (j >= bhi) break;
        var k = prev[j] + 1;           // j2len.get(j - 1, 0) + 1
        cur[j + 1] = k;
        curSet.push(j + 1);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      for (x = 0; x < prevSet.length; x++) prev[prevSet[x]] = 0;
      var swap = prev; prev = cur; cur = swap;
      prevSet = curSet;
    }
    for (x = 0; x < prevSet.length; x++) prev[prevSet[x]] = 0;
    this.prev = prev;
    this.cur = cur;
    while (besti > alo && bestj > blo && !junk.has(b[bestj - 1]) && a[besti - 1] === b[bestj - 1]) {
      besti--; bestj--; bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && !junk.has(b[bestj + bestsize]) &&
           a[besti + bestsize] === b[bestj + bestsize]) {
      bestsize++;
    }
    while (besti > alo && bestj > blo && junk.has(b[bestj - 1]) && a[besti - 1] === b[bestj - 1]) {
      besti--; bestj--; bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && junk.has(b[bestj + bestsize]) &&
           a[besti + bestsize] === b[bestj + bestsize]) {
      bestsize++;
    }
    return [besti, bestj, bestsize];
  };

  Matcher.prototype.matchingBlocks = function () {
    var la = this.a.length, lb = this.b.length;
    var queue = [[0, la, 0, lb]], blocks = [];
    while (queue.length) {
      var q = queue.pop(), alo = q[0], ahi = q[1], blo = q[2], bhi = q[3];
      var m = this.findLongestMatch(alo, ahi, blo, bhi), i = m[0], j = m[1], k = m[2];
      if (k) {
        blocks.push(m);
        if (alo < i && blo < j) queue.push([alo, i, blo, j]);
        if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
      }
    }
    blocks.sort(function (p, q) { return p[0] - q[0] || p[1] - q[1] || p[2] - q[2]; });
    var i1 = 0, j1 = 0, k1 = 0, out = [];
    blocks.forEach(function (block) {
      if (i1 + k1 === block[0] && j1 + k1 === block[1]) {
        k1 += block[2];
      } else {
        if (k1) out.push([i1, j1, k1]);
        i1 = block[0]; j1 = block[1]; k1 = block[2];
      }
    });
    if (k1) out.push([i1, j1, k1]);
    out.push([la, lb, 0]);
    return out;
  };

  Matcher.prototype.opcodes = function () {
    var i = 0, j = 0, answer = [];
    this.matchingBlocks().forEach(function (block) {
      var ai = block[0], bj = block[1], size = block[2], tag = "";
      if (i < ai && j < bj) tag = "replace";
      else if (i < ai) tag = "delete";
      else if (j < bj) tag = "insert";
      if (tag) answer.push([tag, i, ai, j, bj]);
      i = ai + size;
      j = bj + size;
      if (size) answer.push(["equal", ai, i, bj, j]);
    });
    return answer;
  };

  /* SequenceMatcher(isjunk, a, b, autojunk).get_opcodes() for two strings (or arrays of elements). */
  function opcodes(a, b, options) {
    options = options || {};
    var autojunk = options.autojunk === undefined ? true : !!options.autojunk;
    var seqA = typeof a === "string" ? chars(a) : a || [], seqB = typeof b === "string" ? chars(b) : b || [];
    return new Matcher(seqA, seqB, options.isjunk || null, autojunk).opcodes();
  }

  /* html.escape(text, quote=True) */
  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function diff(oldText, newText, each) {
    var a = chars(oldText), b = chars(newText);
    new Matcher(a, b, null, false).opcodes().forEach(function (op) {
      each(op[0], a.slice(op[1], op[2]).join(""), b.slice(op[3], op[4]).join(""));
    });
  }

  function segments(oldText, newText) {
    var out = [];
    diff(oldText, newText, function (tag, removed, inserted) {
      if (tag === "equal") {
        out.push({op: "eq", text: removed});
        return;
      }
      if (removed) out.push({op: "del", text: removed});
      if (inserted) out.push({op: "ins", text: inserted});
    });
    return out;
  }

  function html(oldText, newText) {
    return segments(oldText, newText).map(function (s) {
      return s.op === "eq" ? escape(s.text) : "<" + s.op + ">" + escape(s.text) + "</" + s.op + ">";
    }).join("");
  }

  function marks(oldText, newText) {
    var before = [], after = [];
    diff(oldText, newText, function (tag, removed, inserted) {
      var a = escape(removed), b = escape(inserted);
      if (tag === "equal") {
        before.push(a);
        after.push(b);
        return;
      }
      if (a) before.push("<del>" + a + "</del>");
      if (b) after.push("<ins>" + b + "</ins>");
    });
    return [before.join(""), after.join("")];
  }

  var api = {segments: segments, html: html, marks: marks, opcodes: opcodes, escape: escape};
  if (root) root.zhiduRedline = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : null);
