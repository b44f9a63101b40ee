// Progressive enhancement only: every page works without this file.
// On a checked article, clicking a highlighted claim marks the rows of the checks that used it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const rows = Array.from(document.querySelectorAll("tr[data-claims]"));
  if (rows.length === 0) return;
  for (const mark of document.querySelectorAll("mark[data-claim]")) {
    mark.addEventListener("click", () => {
      const claim = mark.dataset.claim;
      let first = null;
      for (const row of rows) {
        const used = row.dataset.claims.split(" ").includes(claim);
        row.classList.toggle("selected", used);
        if (used && first === null) first = row;
      }
      if (first !== null) first.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  }
});
