// Enlarged photo view for story pages. Without JavaScript each photo simply links to its large version.
// With it, the link opens a modal <dialog>: Escape or the close button closes it and focus returns to
// the photo that opened it; the arrow keys and buttons step through the story's photos.
(function () {
  "use strict";
  var dialog = document.getElementById("fotoweergave");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var links = Array.prototype.slice.call(document.querySelectorAll("a.foto__groter"));
  var image = document.createElement("img");
  dialog.querySelector(".fotoweergave__beeld").appendChild(image);
  var caption = dialog.querySelector(".fotoweergave__bijschrift");
  var counter = dialog.querySelector(".fotoweergave__teller");
  var current = 0;
  var opener = null;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var figure = link.closest("figure");
    var thumbnail = link.querySelector("img");
    image.src = link.getAttribute("href");
    image.alt = thumbnail ? thumbnail.alt : "";
    var text = figure && figure.querySelector("figcaption");
    caption.textContent = text ? text.textContent.replace(/\s+/g, " ").trim() : "";
    counter.textContent = (current + 1) + " / " + links.length;
    dialog.querySelectorAll("[data-stap]").forEach(function (button) { button.hidden = links.length < 2; });
  }

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      opener = link;
      show(index);
      dialog.showModal();
    });
  });
  dialog.addEventListener("close", function () {
    image.removeAttribute("src");
    if (opener) opener.focus();
  });
  dialog.addEventListener("click", function (event) {
    var step = event.target.closest("[data-stap]");
    if (step) show(current + Number(step.getAttribute("data-stap")));
    else if (event.target.closest("[data-sluit]") || event.target === dialog) dialog.close();
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") show(current + 1);
    if (event.key === "ArrowLeft") show(current - 1);
  });
})();
