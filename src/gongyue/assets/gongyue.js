// gongyue: a date picker over the plain list of periods in force. Without
// JavaScript the list alone answers the question; nothing here is required.
(function () {
  "use strict";
  function answer(section, day) {
    var items = section.querySelectorAll(".gy-periods__list li");
    for (var i = 0; i < items.length; i++) {
      var start = items[i].getAttribute("data-start");
      var end = items[i].getAttribute("data-end");
      if (day >= start && (!end || day <= end)) {
        return items[i].querySelector("a");
      }
    }
    return null;
  }
  function setUp(section) {
    var pick = section.querySelector(".gy-periods__pick");
    var input = section.querySelector("input[type=date]");
    var out = section.querySelector(".gy-periods__answer");
    if (!pick || !input || !out) return;
    pick.hidden = false;
    input.addEventListener("change", function () {
      var link = input.value ? answer(section, input.value) : null;
      out.textContent = "";
      if (!input.value) return;
      if (!link) {
        out.textContent = "这一天没有有效的版本。";
        return;
      }
      var a = document.createElement("a");
      a.href = link.getAttribute("href");
      a.textContent = "这一天有效的是" + link.textContent;
      out.appendChild(a);
    });
  }
  function init() {
    var sections = document.querySelectorAll(".gy-periods");
    for (var i = 0; i < sections.length; i++) setUp(sections[i]);
  }
  // Material's instant navigation swaps pages without a reload.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
