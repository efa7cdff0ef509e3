// Progressive enhancement only: every page works without this file.
// 1. A link to a figure's explanation (#f-...) opens its <details>.
// 2. The document view's legend checkboxes hide or show a layer's highlights.
"use strict";

function openTarget() {
  if (!location.hash) return;
  const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target.tagName === "DETAILS") target.open = true;
}

function wireLayerToggles() {
  const text = document.getElementById("doc-text");
  if (!text) return;
  for (const box of document.querySelectorAll("input.layer-toggle")) {
    box.addEventListener("change", () => {
      text.classList.toggle("hide-" + box.value, !box.checked);
    });
  }
}

window.addEventListener("hashchange", openTarget);
document.addEventListener("DOMContentLoaded", () => {
  openTarget();
  wireLayerToggles();
});
