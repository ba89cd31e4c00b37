/* The registry's search: whole phrases first, Chinese matched inside longer words, labelled results.
   Shared by the search worker (search-worker.js, behind Material's search box) and the results page
   (search-page.js). The index is search/search_index.json, written by zhidu/render/search_index.py.

   Ranking, best first:
     0  the whole query (spaces ignored) in the page's title or other names (id, 文号, short title)
     1  every word of the query in the title
     2  the whole query in the page's text
     3  every word of the query in one section (the title counts as part of each section)
     4  every word of the query somewhere on the page
     5  words typed apart or a run found nowhere whole, held only in pieces (面积标准 as 面积 … 标准)
   Within tiers 0–2, 3–4 and 5, checklists and glossary terms (aids to the pages they come from)
   follow the other pages. For equal matches: the words as typed before their glossary synonyms,
   more of the words in the title, the bureau's
   own rules before upper-level documents, standards, assets, checklists, terms and other pages,
   current before repealed, more occurrences. A word is found inside longer words (光伏 in 光伏发电);
   a Chinese word no page holds is shortened to its longest part that some page holds (四星级 → 四星);
   glossary synonyms widen a word (公车 → 公务用车). */
var ZhiduSearch = (function () {
  "use strict";

  var OPEN = /[〔［\[（(【{｛]/g, CLOSE = /[〕］\]）)】}｝]/g, DROP = /[\s\u200b\u3000《》〈〉“”‘’"'·・]+/g;

  /* The form text is compared in: full-width letters and digits folded, one kind of bracket,
     lower case, no spaces or quotation marks. */
  function fold(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(OPEN, "(").replace(CLOSE, ")").replace(DROP, "");
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function load(index) {
    var extra = (index.config && index.config.zhidu) || {};
    var pages = (index.docs || []).map(function (doc) {
      var sections = (doc.x || []).map(function (s) {
        return { anchor: s[0], heading: s[1], text: s[2], folded: fold(s[1] + "\u0001" + s[2]) };
      });
      return {
        location: doc.l, title: doc.t, names: doc.n || [], label: doc.k || "", status: doc.s || "", domain: doc.d || "",
        foldedTitle: [doc.t].concat(doc.n || []).map(fold).join("\u0001"),
        folded: sections.map(function (s) { return s.folded; }).join("\u0002"),
        sections: sections
      };
    });
    var synonyms = {};
    Object.keys(extra.synonyms || {}).forEach(function (name) {
      synonyms[fold(name)] = extra.synonyms[name].map(fold);
    });
    var words = new Set((extra.words || []).map(fold));
    Object.keys(synonyms).forEach(function (w) { words.add(w); });
    return {
      pages: pages, synonyms: synonyms, words: words,
      corpus: pages.map(function (p) { return p.foldedTitle + "\u0002" + p.folded; }).join("\u0003"),
      labelRank: rankOf(extra.labels || []), statusRank: rankOf(extra.statuses || []),
      aids: new Set(extra.aids || [])
    };
  }

  function rankOf(list) {
    var rank = {};
    list.forEach(function (name, i) { rank[name] = i; });
    return function (name) { return name in rank ? rank[name] : list.length; };
  }

  function anyIn(text, alternatives) {
    for (var i = 0; i < alternatives.length; i++) if (text.indexOf(alternatives[i]) >= 0) return true;
    return false;
  }

  function count(text, alternatives) {
    var n = 0;
    alternatives.forEach(function (alt) {
      for (var at = text.indexOf(alt); at >= 0 && n < 50; at = text.indexOf(alt, at + alt.length)) n++;
    });
    return n;
  }

  var HAN_ONLY = /^\p{sc=Han}+$/u;

  /* A word with its glossary synonyms; a Chinese word no page holds is shortened to its longest
     part that some page holds. */
  function alternativesFor(state, word) {
    var alternatives = [word].concat(state.synonyms[word] || []);
    if (anyIn(state.corpus, alternatives) || word.length < 3 || !HAN_ONLY.test(word)) return alternatives;
    for (var size = word.length - 1; size >= 2; size--)
      for (var start = 0; start + size <= word.length; start++) {
        var part = word.slice(start, start + size);
        if (state.corpus.indexOf(part) >= 0) return [part].concat(state.synonyms[part] || []);
      }
    return alternatives;
  }

  /* A word's pieces: its known words, other Chinese stretches in twos (面积标准 → 面积, 标准). */
  function pieces(state, word) {
    if (word.length < 4 || !HAN_ONLY.test(word)) return [word];
    var out = [];
    segment(state, word).forEach(function (part) {
      if (state.words.has(part) || part.length < 4) out.push(part);
      else for (var i = 0; i < part.length; i += 2) out.push(part.slice(i, i + 2 + (part.length - i === 3 ? 1 : 0)));
    });
    return out.filter(function (p, i) { return !(p.length === 1 && i > 0 && out[i - 1].length === 3); });
  }

  /* A run typed without spaces and found nowhere whole: the longest known words from the left;
     stretches no dictionary word covers stay together. */
  function segment(state, run) {
    var out = [], pending = "";
    for (var i = 0; i < run.length;) {
      var j = Math.min(run.length, i + 12);
      while (j > i + 1 && !state.words.has(run.slice(i, j))) j--;
      if (j > i + 1) {
        if (pending) { out.push(pending); pending = ""; }
        out.push(run.slice(i, j));
        i = j;
      } else {
        pending += run[i];
        i++;
      }
    }
    if (pending) out.push(pending);
    return out;
  }

  function parse(state, query) {
    var parts = String(query).split(/[\s\u3000]+/).map(fold).filter(Boolean);
    if (!parts.length) return null;
    var whole = parts.join("");
    var wholeAlternatives = [whole].concat(state.synonyms[whole] || []);
    if (parts.length === 1 && !anyIn(state.corpus, wholeAlternatives)) parts = segment(state, whole);
    var terms = parts.map(function (word) { return alternativesFor(state, word); });
    if (terms.length === 1) wholeAlternatives = terms[0];
    var split = [];
    if (terms.length > 1)         // a run typed whole and found whole is not taken apart
      terms.forEach(function (t) {
        if (t.length > 1) split.push(t);
        else pieces(state, t[0]).forEach(function (piece) { split.push([piece]); });
      });
    return { whole: wholeAlternatives, terms: terms, pieces: split, typed: String(query).trim() };
  }

  function allIn(text, terms) {
    return terms.every(function (alternatives) { return anyIn(text, alternatives); });
  }

  function match(state, page, query) {
    var tier = -1, all = page.foldedTitle + "\u0002" + page.folded;
    if (anyIn(page.foldedTitle, query.whole)) tier = 0;
    else if (query.terms.length > 1 && allIn(page.foldedTitle, query.terms)) tier = 1;
    else if (anyIn(page.folded, query.whole)) tier = 2;
    else if (query.terms.length > 1 && page.sections.some(function (s) {
      return allIn(page.foldedTitle + "\u0002" + s.folded, query.terms); })) tier = 3;
    else if (allIn(all, query.terms)) tier = 4;
    else if (query.pieces.length > query.terms.length && allIn(all, query.pieces)) tier = 5;
    if (tier < 0) return null;
    var inTitle = query.terms.filter(function (t) { return anyIn(page.foldedTitle, t); }).length;
    var asTyped = query.terms.every(function (t) { return all.indexOf(t[0]) >= 0; }) ? 0 : 1;
    // the sections to show: those holding the whole query first, then those holding more of its words
    var words = tier === 5 ? query.pieces : query.terms;
    var hits = page.sections.map(function (s, order) {
      var held = words.filter(function (t) { return anyIn(s.folded, t); }).length;
      return { section: s, whole: anyIn(s.folded, query.whole) ? 1 : 0, held: held, order: order };
    }).filter(function (h) { return h.whole || h.held; }).sort(function (a, b) {
      return (b.whole - a.whole) || (b.held - a.held) || (a.order - b.order);
    }).map(function (h) { return h.section; });
    return {
      page: page, tier: tier, sections: hits, query: query,
      key: [tier < 3 ? 0 : tier < 5 ? 1 : 2, state.aids.has(page.label) ? 1 : 0, tier, asTyped, -inTitle, state.labelRank(page.label), state.statusRank(page.status),
            -count(page.folded, query.whole.concat.apply(query.whole, query.terms)), page.title.length]
    };
  }

  function compare(a, b) {
    for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
    return a.page.location < b.page.location ? -1 : 1;
  }

  /* Every matching page, best first: [{page, tier, sections}]. */
  function search(state, query) {
    var parsed = typeof query === "string" ? parse(state, query) : query;
    if (!parsed) return { query: null, results: [] };
    var results = [];
    state.pages.forEach(function (page) {
      var found = match(state, page, parsed);
      if (found) results.push(found);
    });
    results.sort(compare);
    return { query: parsed, results: results };
  }

  /* A pattern for the words as they stand in the original text (spaces allowed between characters). */
  function pattern(query) {
    return alternativesPattern(query.whole.concat.apply(query.whole, query.terms));
  }

  function alternativesPattern(list) {
    var alternatives = list
      .filter(function (a) { return a; })
      .sort(function (a, b) { return b.length - a.length; })
      .map(function (a) {
        return Array.from(a).map(function (c) {
          if (c === "(") return "[〔［\\[（(【{｛]";
          if (c === ")") return "[〕］\\]）)】}｝]";
          return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");   // ("\-" is an error under the u flag)
        }).join("[\\s\\u3000《》“”]*");
      });
    return alternatives.length ? new RegExp(alternatives.join("|"), "giu") : null;
  }

  /* Escaped text with the query's words in <mark>. */
  function highlight(text, re) {
    if (!re) return escapeHtml(text);
    var out = "", last = 0;
    text.replace(re, function (m) {
      var at = arguments[arguments.length - 2];
      out += escapeHtml(text.slice(last, at)) + "<mark>" + escapeHtml(m) + "</mark>";
      last = at + m.length;
      return m;
    });
    return out + escapeHtml(text.slice(last));
  }

  /* About `size` characters of text around the first match (of `around`, by default of `re`), highlighted. */
  function snippet(text, re, size, around) {
    size = size || 120;
    around = around || re;
    var at = 0;
    if (around) {
      around.lastIndex = 0;
      var m = around.exec(text);
      around.lastIndex = 0;
      if (m) at = Math.max(0, m.index - Math.floor(size / 4));
    }
    var piece = text.slice(at, at + size);
    return (at > 0 ? "…" : "") + highlight(piece, re) + (at + size < text.length ? "…" : "");
  }

  /* The title as shown: with the other name the query matched (文号, id) when the title lacks it. */
  function shownTitle(result, re) {
    var page = result.page, query = result.query;
    var name = anyIn(fold(page.title), query.whole) ? null : page.names.filter(function (n) {
      return anyIn(fold(n), query.whole);
    })[0];
    return highlight(page.title, re) + (name ? "　" + highlight(name, re) : "");
  }

  /* A section's heading and text, as an excerpt quotes them. */
  function sectionText(section) {
    return section.anchor && section.heading ? section.heading + "　" + section.text : section.text;
  }

  /* The page's excerpt: around the whole query, or around each word the title and the excerpt so far
     do not show. */
  function excerpt(result, re) {
    var page = result.page, query = result.query, shown = fold(page.title);
    var best = result.sections[0] || page.sections[0] || { text: "" };
    if (anyIn(fold(sectionText(best)), query.whole) || query.terms.length < 2)
      return snippet(sectionText(best), re, 120, alternativesPattern(query.whole));
    var parts = [];
    query.terms.forEach(function (term) {
      if (anyIn(shown, term)) return;
      var holder = result.sections.filter(function (s) { return anyIn(fold(sectionText(s)), term); })[0];
      if (!holder) return;
      var part = snippet(sectionText(holder), re, 60, alternativesPattern(term));
      parts.push(part);
      shown += fold(part.replace(/<[^>]+>/g, ""));
    });
    return parts.length ? parts.join(" ") : snippet(sectionText(best), re);
  }

  /* The worker's answer in the shape Material's result list shows: one group per page (the page,
     then the sections that hold the query), kind and status as tags, nothing "missing". */
  function forMaterial(state, query) {
    var found = search(state, query);
    if (!found.query) return { items: [], total: 0 };
    var re = pattern(found.query), terms = {};
    found.query.terms.forEach(function (t) { terms[t[0]] = true; });
    var items = found.results.map(function (r) {
      var tags = [r.page.label].concat(r.page.status ? [r.page.status] : []);
      var group = [{ location: r.page.location, title: shownTitle(r, re),
                     text: "<p>" + excerpt(r, re) + "</p>", score: 1, terms: terms, tags: tags }];
      // the page with its excerpt; up to eight sections behind Material's "更多" (a lower score)
      r.sections.filter(function (s) { return s.anchor; }).slice(0, 8).forEach(function (s) {
        group.push({ location: r.page.location + "#" + s.anchor, title: highlight(s.heading, re),
                     text: "<p>" + snippet(s.text, re) + "</p>", score: 0.5, terms: terms });
      });
      return group;
    });
    return { items: items, total: items.length };
  }

  return { fold: fold, load: load, parse: parse, search: search, pattern: pattern, highlight: highlight,
           snippet: snippet, excerpt: excerpt, shownTitle: shownTitle, escapeHtml: escapeHtml,
           forMaterial: forMaterial };
})();

if (typeof module !== "undefined") module.exports = ZhiduSearch;
