/* Material's search box, as Chinese readers type: it searches on input, when an input method
   commits its text and on paste (Material alone waits for a key-up), and Enter opens the results
   page /search/?q=… with filters and a shareable address. */
(function () {
  "use strict";
  var box = document.querySelector("input.md-search__input");
  if (!box) return;

  function searchNow() {   // Material reads the box on key-up; tell it the text changed
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  box.addEventListener("input", function (event) { if (!event.isComposing) searchNow(); });
  box.addEventListener("compositionend", function () { setTimeout(searchNow, 0); });
  box.addEventListener("paste", function () { setTimeout(searchNow, 0); });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target !== box || event.isComposing || !box.value.trim()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    var config = JSON.parse(document.getElementById("__config").textContent);
    location.href = new URL("search/?q=" + encodeURIComponent(box.value.trim()), new URL(config.base, location.href)).href;
  }, true);
})();
