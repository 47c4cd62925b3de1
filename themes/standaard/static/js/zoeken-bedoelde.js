// "Bedoelde u": loaded by zoeken.js only when a query finds little, online and from disk alike. Offers, for each
// word of the query that no word on the site starts with, the closest word that does occur, from the vocabulary
// made at build time (pagefind/woordenlijst.js, generator/vocabulary.py): the fewest typos first (a letter wrong,
// missing, added, or two letters swapped), then the most frequent word.
(function () {
"use strict";
let vocabulary = null;
let fold = null;


// Optimal string alignment distance (a swap of two letters counts as one typo), given up above `limit`.
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null, previous = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
      best = Math.min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

// The query with each unknown word replaced by its closest word on the site; null when there is nothing to offer.
// `helpers` are zoeken.js's loadScript and fold, shared rather than written twice.
async function suggestion(term, root, helpers) {
  fold = helpers.fold;
  if (!vocabulary) {
    const { loadScript } = helpers;
    await loadScript(new URL("pagefind/woordenlijst.js", root).href);
    const items = window.wijksiteWoordenlijst.split(" ");
    vocabulary = [];
    for (let i = 0; i + 1 < items.length; i += 2) vocabulary.push({ word: items[i], folded: fold(items[i]), count: Number(items[i + 1]) });
  }
  let changed = false;
  const words = term.split(/\s+/).map((word) => {
    const folded = fold(word.replace(/[\p{P}]/gu, ""));
    if (folded.length < 4 || /\d/.test(folded) || vocabulary.some((v) => v.folded.startsWith(folded))) return word;
    const limit = folded.length <= 5 ? 1 : 2;
    let best = null, bestDistance = limit + 1;
    for (const candidate of vocabulary) {  // most frequent first: a tie keeps the more frequent word
      const d = distance(folded, candidate.folded, limit);
      if (d < bestDistance) { best = candidate; bestDistance = d; }
    }
    if (!best) return word;
    changed = true;
    return best.word;
  });
  return changed ? words.join(" ") : null;
}

window.wijksiteBedoelde = suggestion;
})();
