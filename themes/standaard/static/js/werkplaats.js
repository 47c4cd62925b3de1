// The workshop form in the participant's own browser. The form works without any of this; with it:
// - what is typed is kept in this browser from the first keystroke, put back after a reload, a back-swipe or a
//   phone that dropped the page, and forgotten once the story is saved;
// - photos too large to send are made smaller here first, instead of being refused;
// - photos chosen together are listed at once, each with its two boxes to describe it.
(function () {
  "use strict";
  var PREFIX = "werkplaats:";
  var KEEP_MS = 12 * 3600 * 1000; // as long as the workshop keeps a draft
  var LONG_EDGE = 4000; // a photo made smaller keeps this many pixels on its long side: more than the site shows
  // Two stores: this tab's own (sessionStorage, so two tabs with the same story each get back their own words)
  // and the browser's (localStorage, for a tab that was closed and opened again from the history).
  function usable(store) {
    try {
      store.setItem(PREFIX + "proef", "1");
      store.removeItem(PREFIX + "proef");
      return store;
    } catch (error) {
      return null; // private mode, or storage switched off: the form works as without JavaScript
    }
  }
  var storage = null;
  var tabStorage = null;
  try { storage = usable(window.localStorage); tabStorage = usable(window.sessionStorage); } catch (error) { storage = null; }
  function forget(name) {
    storage.removeItem(name);
    if (tabStorage) tabStorage.removeItem(name);
  }

  function forgetOld() {
    for (var i = storage.length - 1; i >= 0; i--) {
      var name = storage.key(i);
      if (!name || name.indexOf(PREFIX) !== 0) continue;
      var entry = null;
      try { entry = JSON.parse(storage.getItem(name)); } catch (error) { entry = null; }
      if (!entry || !entry.tijd || Date.now() - entry.tijd > KEEP_MS) storage.removeItem(name);
    }
  }

  if (storage) {
    forgetOld();
    var saved = document.querySelector("[data-opgeslagen]");
    if (saved) forget(PREFIX + saved.getAttribute("data-opgeslagen")); // saved for real: forget it
  }

  var form = document.getElementById("verhaal-formulier");
  if (!form) return;
  // A page restored from the browser's memory shows an old version of the story: ask the server again.
  window.addEventListener("pageshow", function (event) { if (event.persisted) window.location.reload(); });

  // 1. Keep what is typed.
  var key = PREFIX + form.getAttribute("data-token");
  var version = form.getAttribute("data-versie");

  function typedFields() {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && element.name.indexOf("nieuw_") !== 0 && element.name !== "_xsrf" &&
        element.name !== "versie" && ["file", "submit", "button", "hidden"].indexOf(element.type) < 0;
    });
  }

  function keep() {
    if (!storage) return;
    var values = {};
    typedFields().forEach(function (element) {
      if (element.type === "radio") { if (element.checked) values[element.name] = element.value; }
      else if (element.type === "checkbox") values[element.name] = element.checked;
      else values[element.name] = element.value;
    });
    var entry = JSON.stringify({ versie: version, tijd: Date.now(), velden: values });
    try {
      // the version says which page this was typed on: once the server has a newer one, this is out of date
      storage.setItem(key, entry);
      if (tabStorage) tabStorage.setItem(key, entry);
    } catch (error) { /* storage full: the server still gets everything with the next send */ }
  }

  function restore() {
    var entry = null;
    try {
      entry = JSON.parse((tabStorage && tabStorage.getItem(key)) || storage.getItem(key));
    } catch (error) { entry = null; }
    if (!entry || !entry.velden) return;
    // the server has a newer send than this; unless it knows nothing of this story (the workshop was restarted)
    if (entry.versie !== version && !form.hasAttribute("data-nieuw")) { forget(key); return; }
    var changed = false;
    typedFields().forEach(function (element) {
      if (!Object.prototype.hasOwnProperty.call(entry.velden, element.name)) return;
      var value = entry.velden[element.name];
      if (element.type === "radio" || element.type === "checkbox") {
        var on = element.type === "radio" ? element.value === value : value === true;
        if (element.checked !== on) { element.checked = on; changed = true; }
      } else if (element.value !== value) {
        element.value = value;
        changed = true;
      }
    });
    var told = document.getElementById("teruggezet");
    if (changed && told) told.hidden = false;
  }

  if (storage) {
    restore();
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
  }

  // Questions about the people in the photos only when there are photos (and people): a shorter page.
  var list = document.getElementById("fotolijst");
  function relevant() {
    var photos = !!list && list.querySelectorAll(".foto-invoer").length > 0;
    var people = document.getElementById("personen-ja");
    var questions = { "personen-vraag": photos, "toestemming_personen-vraag": photos && !!people && people.checked };
    Object.keys(questions).forEach(function (id) {
      var question = document.getElementById(id);
      if (question && !question.classList.contains("veld--fout")) question.hidden = !questions[id];
    });
  }
  relevant();
  form.addEventListener("change", relevant);

  // 2. and 3. Photos: made smaller when they would not fit, and listed to describe.
  var chooser = document.getElementById("fotos-kiezen");
  var template = document.getElementById("nieuwe-foto");
  if (!chooser || !list || !template) return;
  var maxPhoto = Number(form.getAttribute("data-max-foto"));
  var budget = Number(form.getAttribute("data-max-samen")) - 2 * 1024 * 1024; // room for the texts
  var status = document.getElementById("fotos-verkleinen");
  var busy = null;
  var waiting = null;

  function jpegName(name) {
    return (name.replace(/\.[^.]*$/, "") || "foto") + ".jpg";
  }

  function smaller(file) {
    if (!window.createImageBitmap || !window.DataTransfer) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size ?
            new File([blob], jpegName(file.name), { type: "image/jpeg", lastModified: file.lastModified }) : file);
        }, "image/jpeg", 0.9);
      });
    }).catch(function () { return file; }); // a photo this browser cannot read: the server decides
  }

  function fitted(files) {
    var result = files.slice();
    var made = [];
    function total() { return result.reduce(function (sum, file) { return sum + file.size; }, 0); }
    function next() {
      var index = -1;
      result.forEach(function (file, i) { if (made.indexOf(i) < 0 && file.size > maxPhoto) index = i; });
      if (index < 0 && total() > budget) {
        result.forEach(function (file, i) {
          if (made.indexOf(i) < 0 && file.size > 1024 * 1024 && (index < 0 || file.size > result[index].size)) index = i;
        });
      }
      if (index < 0) return Promise.resolve({ files: result, smaller: made.length > 0 });
      made.push(index);
      return smaller(result[index]).then(function (file) { result[index] = file; return next(); });
    }
    return next();
  }

  function show(files) {
    Array.prototype.forEach.call(list.querySelectorAll(".foto-invoer--nieuw"), function (item) {
      var image = item.querySelector("img");
      if (image && image.src) URL.revokeObjectURL(image.src);
      item.remove();
    });
    var before = list.querySelectorAll(".foto-invoer").length;
    files.forEach(function (file, index) {
      var item = template.content.firstElementChild.cloneNode(true);
      Array.prototype.forEach.call(item.querySelectorAll("[id], [for], [aria-describedby]"), function (element) {
        ["id", "for", "aria-describedby"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) element.setAttribute(attribute, value.replace(/#/g, String(index)));
        });
      });
      item.querySelector("[data-nummer]").textContent =
        item.querySelector("[data-nummer]").textContent.replace("#", String(before + index + 1));
      item.querySelector("[data-naam]").textContent = file.name;
      var image = item.querySelector("img");
      if (window.URL && URL.createObjectURL) {
        image.src = URL.createObjectURL(file);
        image.addEventListener("error", function () { image.remove(); }); // a kind this browser cannot show
      } else {
        image.remove();
      }
      list.appendChild(item);
    });
    relevant();
  }

  chooser.addEventListener("change", function () {
    var files = Array.prototype.slice.call(chooser.files || []);
    if (status) { status.hidden = false; status.textContent = status.getAttribute("data-bezig"); }
    busy = fitted(files).then(function (result) {
      if (result.smaller) {
        var replacement = new DataTransfer();
        result.files.forEach(function (file) { replacement.items.add(file); });
        chooser.files = replacement.files;
      }
      if (status) {
        status.textContent = result.smaller ? status.getAttribute("data-klaar") : "";
        status.hidden = !result.smaller;
      }
      show(result.files);
      busy = null;
      if (waiting) {
        var button = waiting;
        waiting = null;
        if (form.requestSubmit) form.requestSubmit(button);
        else form.submit(); // an older browser: sent as Bekijk voorbeeld, the harmless choice
      }
    });
  });

  // Sending while photos are still being made smaller: send as soon as they are ready.
  form.addEventListener("submit", function (event) {
    if (!busy) return;
    event.preventDefault();
    waiting = event.submitter || null;
  });
})();
