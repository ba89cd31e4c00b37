/* Whole-word Chinese queries for Material's search worker: see search_patch.py. The build fills in
   SYNONYMS (glossary synonyms) and WORDS (the segmenter's dictionary). */
var zhiduSearch = (function () {
  "use strict";
  var SYNONYMS = /*SYNONYMS*/{};
  var WORDS = new Set(/*WORDS*/[]);   // the segmenter's dictionary: glossary terms, categories and tags
  var HAN = /\p{sc=Han}/u;
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  /* Longest known words from left to right: the index's tokens and our dictionary. Where neither
     knows a word of two or more characters, the browser's word breaker decides. */
  function words(run, index) {
    var out = [], i = 0;
    while (i < run.length) {
      var j = run.length;
      while (j > i && !(run.slice(i, j) in index) && !WORDS.has(run.slice(i, j))) j--;
      var word = run.slice(i, Math.max(j, i + 1));
      if (word.length < 2 && segmenter) {
        var first = segmenter.segment(run.slice(i))[Symbol.iterator]().next();
        if (!first.done && first.value.segment.length > word.length) word = first.value.segment;
      }
      out.push(word);
      i += word.length;
    }
    return out;
  }

  /* A word of two or more characters matches wherever it stands in a token (幼儿园 in 机关幼儿园,
     公积金 in 住房公积金); a single character only at a token's start. Material appends the trailing wildcard. */
  function term(word) {
    return word.length < 2 ? word : "*" + word;
  }

  return function (query, index) {
    var parts = [];
    query.trim().split(/\s+/).forEach(function (token) {
      if (!token || !HAN.test(token) || /^[+\-]|[*~^:"]/.test(token)) { if (token) parts.push(token); return; }
      var found = words(token, index);
      // synonyms widen the query only where the index holds them whole: no stray single characters
      var synonyms = (SYNONYMS[token] || []).filter(function (name) { return name in index; });
      if (synonyms.length) {
        parts.push(found.length === 1 ? term(found[0]) : "*" + token);
        synonyms.forEach(function (name) { parts.push(name); });
        return;
      }
      if (found.length === 1) parts.push(term(found[0]));
      else found.forEach(function (word) { parts.push("+" + term(word) + "*"); });
    });
    return parts.join(" ");
  };
})();
