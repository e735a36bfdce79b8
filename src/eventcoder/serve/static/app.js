// eventcoder serve: a little help on the article page; everything works without it.
// Clicking or focusing a highlighted item shows its codes and why below the text.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var note = document.getElementById("note");
  var text = document.getElementById("text");
  if (!note || !text) { return; }
  function show(target) {
    var item = target.closest("[data-note]");
    if (!item) { return; }
    note.textContent = item.getAttribute("data-note");
    note.hidden = false;
  }
  text.addEventListener("click", function (event) { show(event.target); });
  text.addEventListener("focusin", function (event) { show(event.target); });
});
