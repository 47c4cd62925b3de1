// Search from disk (file://): browsers refuse fetch there, so Pagefind cannot load, but scripts can. This file
// reads the offline index (pagefind/schijf/, made by generator/search/offline_index.py from the same text Pagefind
// indexes) and answers as Pagefind's API does: search(term, {filters, sort}), filters(), results with data().
// Scored as Pagefind scores (BM25, its default ranking weights, prefix matching with its bonus for words close in
// length), each part on its own as Pagefind's merged parts are, so ordinary queries give the same order.
(function () {
"use strict";
const PLAIN_WEIGHT = 24, WEIGHT_UNIT = 4, K1 = 1.4, B = 0.75, EXCERPT_WORDS = 24;
const DIGITS = "0123456789abcdefghijklmnopqrstuv", MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&(";
let fold = null;  // zoeken.js's, given to open()


// As Pagefind normalises a query: lower case, punctuation out, white space collapsed (and diacritics folded).
function normalise(term) {
  return fold(term.replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "")).replace(/\s+/g, " ").trim();
}

function wordOf(token) {
  return fold([...token].filter((c) => /[\p{L}\p{N}]/u.test(c)).join(""));
}

function utf8Length(text) {
  return new TextEncoder().encode(text).length;
}

function lengthBonus(word, term) {
  const differential = Math.abs(utf8Length(word) - utf8Length(term)) + 1;
  return Math.exp(Math.exp(-0.5 * differential * differential / 4)) / Math.E;
}

function decode(code) {
  const numbers = [];
  let value = 0;
  for (const c of code) {
    const more = MORE.indexOf(c);
    if (more >= 0) { value = value * 32 + more; continue; }
    numbers.push(value * 32 + DIGITS.indexOf(c));
    value = 0;
  }
  const postings = [];
  let page = 0;
  for (let i = 0; i < numbers.length; i += 2) {
    page += numbers[i];
    postings.push([page, numbers[i + 1] * WEIGHT_UNIT]);
  }
  return postings;
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Pagefind 1.5's scoring, as its playground mode shows it: per query term its IDF over the pages it matches; per
// matched word BM25 of its weighted count times the length bonus, 1.8 times when the word has the query's own
// diacritics; plus, per meta field, weight (title 5, others 1) x the IDF of its matched words x their number squared.
const DIACRITIC_BONUS = 1.8, META_WEIGHTS = { title: 5 };

function tokens(value) {
  const found = [];
  for (const token of value.split(/\s+/)) {
    const whole = wordOf(token);
    if (!whole) continue;
    found.push(whole);
    const halves = token.toLowerCase().replace(/[!-/:-@[-`{-~]/g, " ").split(/\s+/).filter((h) => h.length > 1);
    if (halves.length > 1) found.push(...halves.map(wordOf).filter(Boolean));
  }
  return found;
}

// A part of the index, put together from its pieces (files of about 100 pages each, in order: an edit makes one
// piece again); scored as one, as Pagefind scores its part.
class Part {
  constructor(pieces) {
    this.pages = [];
    this.codes = new Map();  // word -> [[the piece's first page, its postings as written], ...]
    for (const piece of pieces) {
      for (const [word, code] of Object.entries(piece.woorden)) {
        if (!this.codes.has(word)) this.codes.set(word, []);
        this.codes.get(word).push([this.pages.length, code]);
      }
      for (const [url, length, meta, filters, sort, opening] of piece.paginas) {
        this.pages.push({ url, length, meta, filters, sort, opening });
      }
    }
    this.sorted = [...this.codes.keys()].map((word) => [fold(word), word]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.folded = this.sorted.map(([folded]) => folded);
    this.average = this.pages.reduce((sum, page) => sum + page.length, 0) / Math.max(1, this.pages.length);
    this.decoded = new Map();
  }

  postings(word) {
    if (!this.decoded.has(word)) {
      const postings = [];
      for (const [first, code] of this.codes.get(word) || []) {
        for (const [page, weight] of decode(code)) postings.push([first + page, weight]);
      }
      this.decoded.set(word, postings);
    }
    return this.decoded.get(word);
  }

  // The words a term matches, as Pagefind's find_word_extensions: every word that starts with it, or else the
  // longest word that the term starts with (compared without diacritics).
  extensions(term) {
    let low = 0, high = this.folded.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.folded[middle] < term) low = middle + 1; else high = middle;
    }
    const found = [];
    for (let i = low; i < this.folded.length && this.folded[i].startsWith(term); i++) found.push(this.sorted[i][1]);
    if (found.length) return found;
    for (let end = term.length - 1; end > 0; end--) {
      const prefix = term.slice(0, end);
      const same = this.sorted.filter(([folded]) => folded === prefix).map(([, word]) => word);
      if (same.length) return same;
    }
    return [];
  }

  idf(count) {
    return Math.log((this.pages.length - count + 0.5) / (count + 0.5) + 1);
  }

  search(query) {
    const scores = new Map();
    let pages = null;
    const matched = new Map();  // word -> [its term's IDF, length bonus, diacritic factor]
    const termIdf = [];
    for (const { term, written } of query) {
      const here = new Set();
      const words = this.extensions(term);
      for (const word of words) for (const [page] of this.postings(word)) here.add(page);
      const idf = this.idf(here.size);
      termIdf.push({ term, idf });
      for (const word of words) {
        if (!matched.has(word)) matched.set(word, [idf, lengthBonus(fold(word), term), word.startsWith(written) ? DIACRITIC_BONUS : 1]);
      }
      pages = pages === null ? here : new Set([...pages].filter((page) => here.has(page)));
    }
    if (pages === null) pages = new Set(this.pages.keys());
    for (const [word, [idf, bonus, factor]] of matched) {
      for (const [page, weight] of this.postings(word)) {
        if (!pages.has(page)) continue;
        const tf = (weight / PLAIN_WEIGHT) * bonus;
        const bm25 = (K1 + 1) * tf / (K1 * (1 - B + B * (this.pages[page].length / this.average)) + tf);
        scores.set(page, (scores.get(page) || 0) + factor * idf * bm25);
      }
    }
    for (const page of pages) scores.set(page, (scores.get(page) || 0) + this.metaScore(this.pages[page].meta, termIdf));
    return [...pages].map((page) => ({ page, score: scores.get(page) || 0 }));
  }

  metaScore(meta, termIdf) {
    let score = 0;
    for (const [field, value] of Object.entries(meta)) {
      let coverage = 0, idf = 0;
      for (const token of new Set(tokens(String(value)))) {
        const hit = termIdf.find(({ term }) => token.startsWith(term));
        if (hit) { coverage += 1; idf += hit.idf; }
      }
      score += (META_WEIGHTS[field] ?? 1) * idf * coverage * coverage;
    }
    return score;
  }
}

function matchesFilters(page, filters) {
  return Object.entries(filters).every(([name, { any }]) => (page.filters[name] || []).some((v) => any.includes(v)));
}

function countFilters(pages) {
  const counts = {};
  for (const page of pages) {
    for (const [name, values] of Object.entries(page.filters)) {
      counts[name] = counts[name] || {};
      for (const value of values) counts[name][value] = (counts[name][value] || 0) + 1;
    }
  }
  return counts;
}

function excerpt(opening, terms) {
  const tokens = opening.split(" ");
  const hits = tokens.map((token) => {
    const word = wordOf(token);
    return word !== "" && terms.some((term) => word.startsWith(term) || (term.startsWith(word) && word.length > 2));
  });
  const first = hits.indexOf(true);
  const start = first > 8 ? Math.min(first - 4, Math.max(0, tokens.length - EXCERPT_WORDS)) : 0;
  return tokens.slice(start, start + EXCERPT_WORDS)
    .map((token, i) => (hits[start + i] ? `<mark>${escapeHtml(token)}</mark>` : escapeHtml(token))).join(" ");
}

// `helpers` are zoeken.js's loadScript and fold, shared rather than written twice.
async function open(root, helpers) {
  const { loadScript } = helpers;
  fold = helpers.fold;
  const folder = new URL("pagefind/schijf/", root);
  await loadScript(new URL("delen.js", folder).href);
  window.wijksiteSchijf = [];
  for (const file of window.wijksiteSchijfDelen) await loadScript(new URL(file, folder).href);
  const pieces = new Map();  // part number -> its pieces, in the order the files are listed
  for (const piece of window.wijksiteSchijf) {
    if (!pieces.has(piece.deel)) pieces.set(piece.deel, []);
    pieces.get(piece.deel).push(piece);
  }
  const parts = [...pieces.values()].map((group) => new Part(group));
  window.wijksiteSchijf = [];
  const everyPage = parts.flatMap((part) => part.pages);

  function result(part, page, score, terms) {
    const data = part.pages[page];
    return {
      id: data.url, score,
      data: async () => ({ url: new URL(data.url, root).href, meta: data.meta, excerpt: excerpt(data.opening, terms) }),
    };
  }

  return {
    async filters() {
      return countFilters(everyPage);
    },
    async search(query, options = {}) {
      const written = query.toLowerCase().replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "").split(/\s+/).filter(Boolean);
      const terms = normalise(query).split(" ").filter(Boolean);
      const parsed = terms.map((term, i) => ({ term, written: written[i] || term }));
      const filters = options.filters || {};
      const [key, direction] = Object.entries(options.sort || {})[0] || [];
      let found = [];
      for (const part of parts) {
        for (const { page, score } of part.search(parsed)) {
          if (!matchesFilters(part.pages[page], filters)) continue;
          if (key && !(key in part.pages[page].sort)) continue;
          found.push({ part, page, score });
        }
      }
      if (key) {
        const sign = direction === "asc" ? 1 : -1;
        const value = (item) => item.part.pages[item.page].sort[key];
        found.sort((a, b) => (value(a) === value(b) ? 0 : (value(a) < value(b) ? -sign : sign)));
      } else {
        found.sort((a, b) => b.score - a.score);
      }
      return {
        results: found.map((item) => result(item.part, item.page, item.score, terms)),
        filters: countFilters(found.map((item) => item.part.pages[item.page])),
      };
    },
  };
}

window.wijksiteZoekenVanSchijf = open;
})();
