// Search page: our own interface on Pagefind's JavaScript API (no Pagefind UI bundle, nothing from other hosts).
// Opened from disk (file://), where Pagefind cannot load, the same interface searches the offline index
// (zoeken-schijf.js, loaded with script tags). Without JavaScript the page offers the browse pages instead.
// A classic script (not a module), so it also runs from file://.
(function () {
"use strict";
const box = document.getElementById("zoeken");
const texts = box.dataset;
const message = document.getElementById("zoekmelding");
const form = box.querySelector("form");
const input = document.getElementById("zoekterm");
const order = document.getElementById("volgorde");
const list = document.getElementById("zoekresultaten");
const more = document.getElementById("meer");
const filterBox = document.getElementById("zoekfilters");
const PAGE_SIZE = 5;
const LITTLE = 2;  // this many results or fewer: look for a typo
let pagefind = null;
// The search whose results are on the page: its results, and how many are shown. A batch that arrives after a
// newer search has replaced the list is dropped; batches are added one after the other, never two at once.
let current = null;
let batches = Promise.resolve();
let searchNumber = 0;
let allFilters = {};
let filtersLoaded = false;
let bundle = "";      // URL of the search bundle (pagefind/), under the site's own path
let parts = { delen: [], volgorde: null };  // a large site's index comes in parts: see generator/search.py
let partOrder = null; // per part, its dates in Pagefind's order: only loaded to sort a multi-part index by date
let root = null;      // the site's root folder

function format(template, values) {
  let text = template;
  if (text.includes("|")) {
    const [one, many] = text.split("|");
    text = values.aantal === 1 ? one : many;
  }
  return text.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

function say(text) {
  message.textContent = text;
}

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement("script"), { src: url });
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(url));
    document.head.append(script);
  });
}

function fold(text) {
  return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
}

// "Bedoelde u" (zoeken-bedoelde.js with its vocabulary) loads only when a query finds little.
async function suggestion(term) {
  if (!window.wijksiteBedoelde) await loadScript(box.dataset.bedoelde);
  return window.wijksiteBedoelde(term, root, { loadScript, fold });
}

// Whether the excerpts shown mark every word of the query: when no word on the site starts with a query word,
// Pagefind searches the longest word it starts with instead ("wijkavont" finds "wijk"), and that is a typo too.
function allMarked(term) {
  const marked = [...list.querySelectorAll("mark")].map((mark) => fold(mark.textContent));
  return term.split(/\s+/).map((word) => fold(word.replace(/[\p{P}]/gu, "")))
    .every((word) => word.length < 4 || marked.some((text) => text.includes(word)));
}

// The status line, with "Bedoelde u: <link>?" after it: one live region, so a screen reader hears it all.
function sayWithSuggestion(text, suggested) {
  say(text);
  if (!suggested) return;
  const url = new URL(location.href);
  url.searchParams.set("q", suggested);
  const link = Object.assign(document.createElement("a"), { href: url.href, textContent: suggested });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    input.value = suggested;
    input.focus();
    search();
  });
  message.append(" ", format(texts.tekstBedoelde, {}), " ", link, "?");
}

function selectedFilters() {
  const filters = {};
  filterBox.querySelectorAll("fieldset").forEach((fieldset) => {
    const values = [...fieldset.querySelectorAll("input:checked")].map((c) => c.value);
    if (values.length) filters[fieldset.dataset.filter] = { any: values };
  });
  return filters;
}

function renderFilters(counts, totals) {
  filterBox.querySelectorAll("fieldset").forEach((fieldset) => {
    const name = fieldset.dataset.filter;
    const values = Object.keys(totals[name] || {}).sort((a, b) => a.localeCompare(b, "nl"));
    const ul = fieldset.querySelector("ul");
    const checked = new Set([...ul.querySelectorAll("input:checked")].map((c) => c.value));
    ul.replaceChildren(...values.map((value, index) => {
      const li = document.createElement("li");
      const id = `filter-${name}-${index}`;
      const checkbox = Object.assign(document.createElement("input"), { type: "checkbox", id, value, checked: checked.has(value) });
      const label = document.createElement("label");
      label.htmlFor = id;
      const count = (counts[name] || {})[value] ?? 0;
      label.textContent = `${value} (${count})`;
      li.append(checkbox, label);
      return li;
    }));
    fieldset.hidden = values.length < 2;
  });
}

function excerptNodes(excerpt) {
  // Pagefind marks matches with <mark>; keep only text and those marks.
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body.firstChild;
  const paragraph = document.createElement("p");
  parsed.childNodes.forEach((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(document.createTextNode(node.textContent));
    }
  });
  return paragraph;
}

function renderResult(data) {
  const li = document.createElement("li");
  li.className = "resultaat";
  const heading = document.createElement("h2");
  const link = Object.assign(document.createElement("a"), { href: data.url, textContent: data.meta.title });
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "kaart__meta";
  meta.textContent = [data.meta.type, data.meta.wijk].filter(Boolean).join(" · ");
  li.append(heading, meta, excerptNodes(data.excerpt));
  if (data.meta.image) {
    const image = Object.assign(document.createElement("img"), {
      src: new URL(data.meta.image, new URL(data.url, location.href)).href, alt: "", loading: "lazy", width: 160, height: 107,
    });
    image.className = "resultaat__foto";
    li.prepend(image);
  }
  return li;
}

function showMore() {
  const shownSearch = current;
  batches = batches.then(async () => {
    if (!shownSearch || shownSearch !== current) return;
    const batch = shownSearch.results.slice(shownSearch.shown, shownSearch.shown + PAGE_SIZE);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (shownSearch !== current) return; // a newer search has replaced the list meanwhile
    list.append(...data.map(renderResult));
    shownSearch.shown += batch.length;
    more.hidden = shownSearch.shown >= shownSearch.results.length;
  }).catch(() => say(texts.tekstFout)); // a part that does not load: said, and the next batch can still come
  return batches;
}

// Pagefind merges the parts of a large index by score. Sorting by date, a result's score is its place in its
// own part's date order (negative when ascending); the part's list of dates turns that place into its date.
async function inDateOrder(results, direction) {
  if (!partOrder) partOrder = fetch(bundle + parts.volgorde).then((r) => r.json()).then((table) => {
    const dates = {};
    for (const [language, keys] of Object.entries(table)) {
      dates[language] = (keys.datum || []).flatMap(([value, count]) => Array(count).fill(value));
    }
    return dates;
  });
  const dates = await partOrder;
  const dated = results.map((result, index) => {
    const language = result.id.slice(0, result.id.indexOf("_"));
    return { result, index, date: (dates[language] || [])[Math.abs(Math.round(result.score))] ?? "" };
  });
  const sign = direction === "asc" ? 1 : -1;
  dated.sort((a, b) => (a.date === b.date ? a.index - b.index : (a.date < b.date ? -sign : sign)));
  return dated.map((item) => item.result);
}

async function search() {
  const term = input.value.trim();
  const number = ++searchNumber;
  const url = new URL(location.href);
  term ? url.searchParams.set("q", term) : url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!term) {
    current = null;
    list.replaceChildren();
    more.hidden = true;
    say(texts.tekstLeeg);
    return;
  }
  say(texts.tekstBezig);
  const options = { filters: selectedFilters() };
  if (order.value) options.sort = { datum: order.value };
  const response = await pagefind.search(term, options);
  if (number !== searchNumber || !response) return; // a newer search is under way
  const results = order.value && parts.volgorde ? await inDateOrder(response.results, order.value) : response.results;
  if (number !== searchNumber) return;
  current = { results, shown: 0 };
  list.replaceChildren();
  if (filtersLoaded) renderFilters(response.filters, allFilters);
  const count = results.length;
  box.classList.toggle("zoeken--niets", count === 0);
  await showMore();
  if (number !== searchNumber) return;
  // when little is found, a likely typo gets a "Bedoelde u" (the vocabulary loads only then)
  let suggested = null;
  if (count <= LITTLE || !allMarked(term)) {
    try { suggested = await suggestion(term); } catch (error) { suggested = null; }
    if (number !== searchNumber) return;
  }
  // announced once the results are on the page, for screen readers and for anyone waiting
  const tip = suggested ? "" : ` ${document.getElementById("zoeken-suggestie").textContent}`;
  sayWithSuggestion(count ? format(texts.tekstAantal, { aantal: count, term }) : `${format(texts.tekstNiets, { term })}${tip}`, suggested);
}

async function start() {
  root = new URL(texts.root, location.href);
  if (location.protocol === "file:") {
    try {
      await loadScript(box.dataset.schijf);
      pagefind = await window.wijksiteZoekenVanSchijf(root, { loadScript, fold });
    } catch (error) {
      say(texts.tekstBestand);
      return;
    }
  } else try {
    bundle = new URL("pagefind/", root).href;
    pagefind = await import(bundle + "pagefind.js");
    // No web worker: one script less to download, and a neighbourhood's index searches fast enough without.
    const settings = { baseUrl: root.pathname, excerptLength: 24 };
    await pagefind.options({ ...settings, noWorker: true });
    await pagefind.init();
    parts = await (await fetch(bundle + "wijksite-delen.json")).json();
    await Promise.all(parts.delen.map((part) =>
      pagefind.mergeIndex(new URL(part.map, bundle).pathname, { ...settings, language: part.taal })));
  } catch (error) {
    say(texts.tekstFout);
    return;
  }
  box.querySelector(".zoekopties").hidden = false;
  // The filters (with counts) load when the resident opens "Verfijnen": a first search stays small and fast.
  filterBox.hidden = false;
  filterBox.addEventListener("toggle", async () => {
    if (!filterBox.open || filtersLoaded) return;
    allFilters = await pagefind.filters();
    filtersLoaded = true;
    renderFilters({}, allFilters);
    if (input.value.trim()) await search();
  });
  let timer = 0;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 250); });
  form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); search(); });
  order.addEventListener("change", search);
  filterBox.addEventListener("change", search);
  more.addEventListener("click", () => {
    const first = list.children.length;
    showMore().then(() => list.children[first]?.querySelector("a")?.focus());
  });
  input.value = new URL(location.href).searchParams.get("q") || "";
  await search();
}

start();
})();
