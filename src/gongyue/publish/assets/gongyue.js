// The words the scripts write, in the page's own script. The build puts the table
// GONGYUE_WORDS before this file (publish/ui_strings.py): Simplified, and Traditional as
// OpenCC converts every other text of the site. `values` fill the {name} marks.
function gongyueText(key, values) {
  "use strict";
  var hant = (document.documentElement.lang || "").toLowerCase().indexOf("hant") >= 0;
  var table = GONGYUE_WORDS[hant ? "zh-Hant" : "zh-Hans"];
  return table[key].replace(/\{(\w+)\}/g, function (mark, name) {
    return values && name in values ? String(values[name]) : mark;
  });
}

// A string of pairs ("发發台臺…", hant-characters.json) as a map from each first to its second.
function gongyuePairs(written) {
  "use strict";
  var map = {};
  for (var i = 0; i + 1 < written.length; i += 2) map[written[i]] = written[i + 1];
  return map;
}

// Run `init` on every page view: Material's instant navigation swaps pages without a reload.
function gongyueOnPage(init) {
  "use strict";
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
}

// 繁體版: a charter's pages read in Traditional characters. Each text is written character
// by character (hant-characters.json, the site's), but for the texts OpenCC writes otherwise
// (头发 → 頭髮, where 发 alone is 發): those the build put in the charter's table (hant.json,
// each text trimmed, with how OpenCC writes it). Texts are put in place as text, never as
// markup. Chosen once, it is remembered on this phone for every charter's pages. It runs
// before the other scripts: the words they write (gongyueText) are then Traditional too,
// as they follow <html lang>.
(function () {
  "use strict";
  var KEY = "gy-hant";
  var LEADING = /^[ \t\n\r\f]+/;
  var TRAILING = /[ \t\n\r\f]+$/;
  var READABLE = ["aria-label", "title", "alt", "placeholder"];
  var own = Object.prototype.hasOwnProperty;

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function remember(on) {
    try {
      if (on) window.localStorage.setItem(KEY, "1");
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* private browsing: this page only */ }
  }
  // The value with its trimmed text in Traditional characters, or null when that is the same.
  function swapped(value, table, characters) {
    var lead = value.length - value.replace(LEADING, "").length;
    var text = value.slice(lead).replace(TRAILING, "");
    var hant = own.call(table, text) ? table[text] : text.replace(/[\u4e00-\u9fff]/g, function (c) {
      return own.call(characters, c) ? characters[c] : c;
    });
    if (hant === text) return null;
    return value.slice(0, lead) + hant + value.slice(lead + text.length);
  }
  function convert(table, characters, keep) {
    var walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentNode.nodeName;
      if (parent === "SCRIPT" || parent === "STYLE" || keep.contains(node)) continue;
      var text = swapped(node.nodeValue, table, characters);
      if (text !== null) node.nodeValue = text;
    }
    document.querySelectorAll("[aria-label],[title],[alt],[placeholder]").forEach(function (el) {
      if (keep.contains(el)) return;
      READABLE.forEach(function (name) {
        var value = el.getAttribute(name);
        var text = value === null ? null : swapped(value, table, characters);
        if (text !== null) el.setAttribute(name, text);
      });
    });
  }
  // The site's search bar and the menu's 搜索 go to the search page's Traditional twin.
  function searchInTraditional() {
    var search = /(^|\/)search\/$/;
    document.querySelectorAll("form.gy-search-bar").forEach(function (form) {
      var action = form.getAttribute("action") || "";
      if (search.test(action)) form.setAttribute("action", action + "hant/");
    });
    document.querySelectorAll("nav a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (search.test(href)) link.setAttribute("href", href + "hant/");
    });
  }
  function showTraditional(button) {
    document.documentElement.lang = button.getAttribute("data-gy-lang");
    searchInTraditional();
    button.textContent = "简体版";
    button.lang = "zh-Hans";
    function read(url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url);
        return response.json();
      });
    }
    return Promise.all([read(button.getAttribute("data-gy-table")), read(button.getAttribute("data-gy-characters"))])
      .then(function (both) { convert(both[0], gongyuePairs(both[1].traditional), button.parentNode); })
      .catch(function () { /* offline: the Simplified words stay */ });
  }
  gongyueOnPage(function () {
    var button = document.querySelector(".gy-lang__switch");
    if (!button) return;
    var shown = remembered();
    button.hidden = false;
    if (shown) showTraditional(button);
    button.addEventListener("click", function () {
      shown = !shown;
      remember(shown);
      if (shown) showTraditional(button);
      else window.location.reload(); // back to the page as written
    });
  });
})();

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
        out.textContent = gongyueText("no_version_that_day");
        return;
      }
      var a = document.createElement("a");
      a.href = link.getAttribute("href");
      a.textContent = gongyueText("version_of_that_day") + link.textContent;
      out.appendChild(a);
    });
  }
  function init() {
    var sections = document.querySelectorAll(".gy-periods");
    for (var i = 0; i < sections.length; i++) setUp(sections[i]);
  }
  gongyueOnPage(init);
})();

// The search page: a small interface over Pagefind's own API (pagefind.js), so a
// phone downloads the index and a few kilobytes of script, not a UI framework.
(function () {
  "use strict";

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text) node.textContent = text;
    return node;
  }

  // Excerpts carry <mark> around the hits; keep those and nothing else as markup.
  function excerpt(html, shown) {
    var out = element("p", { class: "gy-result__excerpt" });
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") out.appendChild(element("mark", {}, shown(node.textContent)));
      else out.appendChild(document.createTextNode(shown(node.textContent)));
    });
    return out;
  }

  // The search page in Traditional characters searches the one (Simplified) index: the
  // query is read into Simplified and the results are shown in Traditional, character by
  // character (hant-characters.json: pairs such as "隻只" one way and "发發" the other);
  // the pages they lead to turn Traditional themselves, from their charter's table.
  function same(text) { return text; }
  async function characters(holder) {
    var plain = { simplified: same, traditional: same };
    if ((document.documentElement.lang || "").toLowerCase().indexOf("hant") < 0) return plain;
    var pairs;
    try {
      pairs = await (await fetch(holder.getAttribute("data-characters"))).json();
    } catch (error) {
      return plain; // the query is searched as typed
    }
    function through(written) {
      var map = gongyuePairs(written);
      return function (text) {
        return text.replace(/[\u4e00-\u9fff]/g, function (c) { return map[c] || c; });
      };
    }
    return { simplified: through(pairs.simplified), traditional: through(pairs.traditional) };
  }

  // Words residents use for the same thing as the charters do (a small list, kept
  // here and in the guide): a search for one also finds the others.
  var SYNONYMS = [
    ["停车", "停放"], ["狗", "犬", "养犬"], ["电动车", "电动自行车", "电瓶车"],
    ["噪音", "噪声"], ["扔垃圾", "投放垃圾"], ["高空抛物", "抛掷物品", "往下扔东西"],
    ["宠物", "犬只", "养犬"], ["装修", "装饰装修"], ["租房", "出租"]
  ];
  var KIND_ORDER = { charter: 0, unit: 1, draft: 2 }; // texts in force before drafts
  var SHOWN = 10; // results shown at a time, each its own download; more on request

  function variants(words) {
    var all = [words];
    SYNONYMS.forEach(function (group) {
      group.forEach(function (word) {
        if (words.indexOf(word) < 0) return;
        group.forEach(function (other) {
          var variant = words.split(word).join(other);
          if (other !== word && all.indexOf(variant) < 0) all.push(variant);
        });
      });
    });
    return all.slice(0, 4);
  }

  // Results of every variant, each page once with its best score.
  async function searchAll(pagefind, queries) {
    var best = {};
    for (var i = 0; i < queries.length; i++) {
      var search = await pagefind.search(queries[i]);
      search.results.forEach(function (r) {
        if (!best[r.id] || best[r.id].score < r.score) best[r.id] = r;
      });
    }
    return Object.keys(best).map(function (id) { return best[id]; })
      .sort(function (a, b) { return b.score - a.score; });
  }

  function firstMark(html) {
    var found = /<mark>([^<]+)<\/mark>/.exec(html || "");
    return found ? found[1] : "";
  }

  async function run(pagefind, form, list, status, script) {
    var words = script.simplified(form.querySelector("input[name=q]").value.trim());
    // A chosen district or type is one more word every result must contain.
    var chosen = [];
    form.querySelectorAll("select:not([name=gy-area])").forEach(function (s) { if (s.value) chosen.push(s.value); });
    var current = {}; // this search; a later one takes the list over
    list.gyCurrent = current;
    list.textContent = "";
    moreButton(list).hidden = true;
    if (!words && !chosen.length) { status.textContent = ""; return; }
    status.textContent = gongyueText("searching");
    var queries = variants(words).map(function (w) { return [w].concat(chosen).join(" ").trim(); });
    var results = await searchAll(pagefind, queries);
    if (list.gyCurrent !== current) return;
    var also = script.traditional(variants(words).slice(1).join("、"));
    var shown = 0;
    async function showMore() {
      var loaded = await loadResults(results.slice(shown, shown + SHOWN));
      if (list.gyCurrent !== current) return;
      var first = list.children.length;
      loaded.forEach(function (data) { list.appendChild(resultItem(data, words, script)); });
      shown += loaded.length;
      status.textContent = foundWords(results.length, shown, also);
      var more = moreButton(list);
      more.hidden = shown >= results.length;
      more.textContent = gongyueText("show_more", { count: Math.min(SHOWN, results.length - shown) });
      more.onclick = function () {
        more.hidden = true;
        showMore();
      };
      if (first && list.children[first]) list.children[first].querySelector("a").focus();
    }
    await showMore();
  }

  // Only the results shown are fetched (each is a download of its own), a few at a time:
  // texts in force are put first among them.
  async function loadResults(batch) {
    var loaded = await Promise.all(batch.map(function (r) { return r.data(); }));
    loaded.forEach(function (data, index) { data.rank = index; });
    return loaded.sort(function (a, b) {
      var ka = KIND_ORDER[a.meta.kind] !== undefined ? KIND_ORDER[a.meta.kind] : 3;
      var kb = KIND_ORDER[b.meta.kind] !== undefined ? KIND_ORDER[b.meta.kind] : 3;
      return ka - kb || a.rank - b.rank;
    });
  }

  function foundWords(count, shown, also) {
    if (!count) return gongyueText("not_found");
    return gongyueText("found", { count: count }) +
      (count > shown ? gongyueText("showing_first", { shown: shown }) : "") +
      (also ? gongyueText("also_searched", { also: also }) : "") + gongyueText("found_end");
  }

  // The button under the list that shows the next few results (made once per page).
  function moreButton(list) {
    var button = list.nextElementSibling;
    if (!button || !button.classList.contains("gy-search__more")) {
      button = element("button", { type: "button", class: "gy-search__more" });
      button.hidden = true;
      list.parentNode.insertBefore(button, list.nextSibling);
    }
    return button;
  }

  function resultItem(data, words, script) {
    var item = element("li", { class: "gy-result" });
    // Open the page at the article that matched: the page's script looks for the words
    // searched for (synonyms included), then for what Pagefind marked in the excerpt.
    var hit = variants(words).concat([firstMark(data.excerpt)]).filter(Boolean).join("|");
    var href = data.url + (hit && data.meta.kind !== "unit" ? "?gy-find=" + encodeURIComponent(hit) : "");
    item.appendChild(element("a", { href: href }, script.traditional(data.meta.title || data.url)));
    if (data.meta.kind === "draft") item.appendChild(element("span", { class: "gy-result__kind" }, gongyueText("draft_result")));
    item.appendChild(excerpt(data.excerpt || "", script.traditional));
    return item;
  }

  async function start() {
    var holder = document.getElementById("gy-search");
    if (!holder || holder.getAttribute("data-started")) return;
    holder.setAttribute("data-started", "1");
    var bundle = new URL(holder.getAttribute("data-bundle"), window.location.href).href;
    var form = holder.querySelector("form");
    var list = holder.querySelector(".gy-results");
    var status = holder.querySelector(".gy-search__status");
    var areas = JSON.parse(holder.getAttribute("data-areas") || "null");
    var picker = form.querySelector("select[name=gy-area]");
    var params = new URLSearchParams(window.location.search);
    if (picker) picker.value = startingArea(areas, params.get("in"), new URL("..", bundle).pathname);
    var loaded = {};
    var script = await characters(holder);
    // One Pagefind per choice of area (an area's index, or all of them merged).
    function pagefindFor(choice) {
      if (!loaded[choice]) loaded[choice] = openIndex(bundle, areas, choice);
      return loaded[choice];
    }
    async function search() {
      var choice = picker ? picker.value : "";
      if (picker && !choice) {
        list.textContent = "";
        status.textContent = gongyueText("pick_an_area");
        return;
      }
      var pagefind;
      try {
        pagefind = await pagefindFor(choice);
      } catch (error) {
        status.textContent = gongyueText("search_unavailable");
        return;
      }
      run(pagefind, form, list, status, script);
    }
    if (!areas) {
      try {
        await pagefindFor("");
      } catch (error) {
        status.textContent = gongyueText("search_unavailable");
        return;
      }
    }
    holder.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = form.querySelector("input[name=q]").value;
      var area = picker && picker.value ? "&in=" + encodeURIComponent(picker.value) : "";
      history.replaceState(null, "", "?q=" + encodeURIComponent(q) + area);
      search();
    });
    form.addEventListener("change", search);
    var query = params.get("q");
    if (query) {
      form.querySelector("input[name=q]").value = query;
      search();
    }
  }

  // The area to search first: the one asked for (?in=), else the one of the page the
  // resident came from (the search bar is on every page), else none yet.
  function startingArea(areas, asked, base) {
    var known = (areas || []).map(function (a) { return a.bundle; }).concat(["*"]);
    if (asked && known.indexOf(asked) >= 0) return asked;
    var from = "";
    try {
      var ref = new URL(document.referrer);
      if (ref.origin === window.location.origin) from = ref.pathname;
    } catch (error) { from = ""; }
    var found = (areas || []).filter(function (a) { return from.indexOf(base + a.prefix) === 0; });
    return found.length ? found[0].bundle : "";
  }

  // Pagefind for one area's index, or ("*") every area's merged; a query string makes
  // each choice its own copy of the module, so merging never leaks into another.
  async function openIndex(bundle, areas, choice) {
    var base = new URL("..", bundle).pathname; // result links follow the site, root or sub-folder
    var chosen = !areas ? [""] : choice === "*" ? areas.map(function (a) { return a.bundle + "/"; }) : [choice + "/"];
    var first = bundle + chosen[0];
    var pagefind = await import(first + "pagefind.js" + (choice === "*" ? "?all" : ""));
    // Pagefind's web worker is kept although its script is 41 KB more to download:
    // searching in the page instead (noWorker) froze it for 0.45 s at 1,000 courtyards,
    // 2.3 s on a CPU six times slower, and showed the results later.
    await pagefind.options({ bundlePath: first, baseUrl: base, excerptLength: 40 });
    for (var i = 1; i < chosen.length; i++) {
      await pagefind.mergeIndex(bundle + chosen[i], { baseUrl: base });
    }
    return pagefind;
  }

  gongyueOnPage(start);
})();

// The record's log (docs/guide/log.md): the Merkle tree of RFC 9162 read from the
// C2SP tiles the site publishes under log/, to check that the log a resident saw
// before is the start of today's (a rewrite is told plainly) and that a version
// is in it. Only the tiles a question needs are downloaded.
var gongyueLog = (function () {
  "use strict";
  var WIDTH = 256, HEIGHT = 8;
  var STORE = "gongyue-log:";

  async function sha256(parts) {
    var length = parts.reduce(function (n, p) { return n + p.length; }, 0);
    var bytes = new Uint8Array(length), at = 0;
    parts.forEach(function (p) { bytes.set(p, at); at += p.length; });
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }
  function leafHash(entry) { return sha256([new Uint8Array([0]), new TextEncoder().encode(entry)]); }
  function nodeHash(left, right) { return sha256([new Uint8Array([1]), left, right]); }
  function hex(bytes) { return Array.from(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join(""); }

  function indexPath(n) {
    var digits = String(n);
    while (digits.length % 3) digits = "0" + digits;
    var parts = digits.match(/.../g);
    return parts.map(function (p, i) { return i < parts.length - 1 ? "x" + p : p; }).join("/");
  }

  // The log as published: its checkpoint, and the tiles under base, each fetched once.
  function Tree(base, size) {
    var tiles = {};
    function width(level, n) {
      var nodes = Math.floor(size / Math.pow(WIDTH, level));
      return Math.min(WIDTH, nodes - n * WIDTH);
    }
    async function tile(level, n) {
      var key = level + "/" + n;
      if (!tiles[key]) {
        var w = width(level, n);
        var path = base + "tile/" + level + "/" + indexPath(n) + (w < WIDTH ? ".p/" + w : "");
        // A full tile never changes; the rightmost, partial one is asked for afresh.
        tiles[key] = fetch(path, { cache: w < WIDTH ? "no-cache" : "default" }).then(function (r) {
          if (!r.ok) throw new Error(path);
          return r.arrayBuffer();
        }).then(function (b) { return new Uint8Array(b); });
      }
      return tiles[key];
    }
    async function node(height, index) {
      if (height % HEIGHT) {
        return nodeHash(await node(height - 1, 2 * index), await node(height - 1, 2 * index + 1));
      }
      var data = await tile(height / HEIGHT, Math.floor(index / WIDTH));
      var at = (index % WIDTH) * 32;
      return data.slice(at, at + 32);
    }
    // MTH of leaves [start, end); ``leaf`` stands in for the leaf at ``at`` (an inclusion check).
    async function range(start, end, at, leaf) {
      var n = end - start;
      if (n === 1 && at === start) return leaf;
      var holds = at !== undefined && at >= start && at < end;
      if (!holds && (n & (n - 1)) === 0 && start % n === 0) return node(Math.log2(n), start / n);
      var k = 1;
      while (k * 2 < n) k *= 2;
      return nodeHash(await range(start, start + k, at, leaf), await range(start + k, end, at, leaf));
    }
    return { size: size, range: range, node: node };
  }

  // The short proof (record/tlog/shortcuts.py): the peaks of the tree, and for each full
  // tile on the leaf's way up the eight siblings in it (path/L/N, 256 bytes), instead of
  // the tiles themselves. Checked against the checkpoint's root like everything else.
  function peaksOf(size) {
    var spans = [], start = 0;
    for (var height = 52; height >= 0; height--) {
      var span = Math.pow(2, height);
      if (size - start >= span) { spans.push({ start: start, height: height }); start += span; }
    }
    return spans;
  }
  async function fold(hashes) {
    var folded = hashes[hashes.length - 1];
    for (var i = hashes.length - 2; i >= 0; i--) folded = await nodeHash(hashes[i], folded);
    return folded;
  }
  function fromHex(text) {
    return new Uint8Array(text.match(/../g).map(function (b) { return parseInt(b, 16); }));
  }
  async function peaksFor(base, now) {
    try {
      var response = await fetch(base + "peaks", { cache: "no-cache" });
      if (!response.ok) return null;
      var lines = (await response.text()).split("\n").filter(Boolean);
      var hashes = lines.slice(1).map(fromHex);
      if (parseInt(lines[0], 10) !== now.size || hashes.length !== peaksOf(now.size).length) return null;
      return hex(await fold(hashes)) === now.root ? hashes : null;
    } catch (e) { return null; }
  }
  async function shortRoot(base, tree, peaks, position, leaf) {
    var spans = peaksOf(tree.size), files = {};
    var which = spans.findIndex(function (s) { return position >= s.start && position < s.start + Math.pow(2, s.height); });
    var node = leaf;
    for (var height = 0; height < spans[which].height; height++) {
      var level = Math.floor(height / HEIGHT), step = Math.pow(WIDTH, level);
      var owner = Math.floor(position / step);
      var sibling;
      if (Math.floor(tree.size / step) >= (Math.floor(owner / WIDTH) + 1) * WIDTH) { // a full tile
        var name = "path/" + level + "/" + indexPath(owner);
        if (!files[name]) {
          files[name] = fetch(base + name).then(function (r) {
            if (!r.ok) throw new Error(name);
            return r.arrayBuffer();
          }).then(function (b) { return new Uint8Array(b); });
        }
        var k = height % HEIGHT;
        sibling = (await files[name]).slice(k * 32, k * 32 + 32);
      } else {
        sibling = await tree.node(height, Math.floor(position / Math.pow(2, height)) ^ 1);
      }
      var right = Math.floor(position / Math.pow(2, height)) % 2 === 1;
      node = right ? await nodeHash(sibling, node) : await nodeHash(node, sibling);
    }
    return fold(peaks.slice(0, which).concat([node], peaks.slice(which + 1)));
  }

  async function checkpoint(base) {
    var response = await fetch(base + "checkpoint", { cache: "no-store" });
    if (!response.ok) throw new Error("checkpoint");
    var lines = (await response.text()).split("\n");
    var root = Uint8Array.from(atob(lines[2]), function (c) { return c.charCodeAt(0); });
    return { origin: lines[0], size: parseInt(lines[1], 10), root: hex(root) };
  }

  // Whether the log a resident saw before (remembered here) is the start of today's.
  async function extendsSeen(base, now, seen) {
    if (now.size < seen.size) return { ok: false, how: gongyueText("log_shorter", { now: now.size }) };
    if (now.size === seen.size && now.root === seen.root) return { ok: true };
    // Both roots from the same tiles: the old one proves the past unchanged, the new one
    // that these tiles are today's log (not copies this browser kept from before).
    var tree = Tree(base, now.size);
    var ok = hex(await tree.range(0, now.size)) === now.root &&
      (seen.size === 0 || hex(await tree.range(0, seen.size)) === seen.root);
    return ok ? { ok: true } : { ok: false, how: gongyueText("log_differs", { seen: seen.size }) };
  }

  function remembered(origin) {
    try { return JSON.parse(localStorage.getItem(STORE + origin) || "null"); } catch (e) { return null; }
  }
  function remember(now) {
    try { localStorage.setItem(STORE + now.origin, JSON.stringify({ size: now.size, root: now.root })); } catch (e) { /* private mode */ }
  }

  function alarm(text, detail) {
    var box = document.createElement("div");
    box.className = "gy-log-alarm";
    box.setAttribute("role", "alert");
    var head = document.createElement("p");
    head.className = "gy-log-alarm__head";
    head.textContent = "⚠ " + text;
    var p = document.createElement("p");
    p.textContent = detail;
    box.appendChild(head);
    box.appendChild(p);
    var main = document.querySelector("div.gy") || document.body;
    main.insertBefore(box, main.firstChild);
  }

  function note(place, text) {
    var p = document.createElement("p");
    p.className = "gy-log-check";
    p.textContent = text;
    place.appendChild(p);
  }

  // A charter page: compare today's log with the one remembered, then remember today's.
  async function watch(place) {
    var base = place.getAttribute("data-gy-log");
    var now;
    try { now = await checkpoint(base); } catch (e) { note(place, gongyueText("log_unreadable")); return; }
    var seen = remembered(now.origin);
    if (!seen) { remember(now); note(place, gongyueText("log_first_visit", { now: now.size })); return; }
    var verdict;
    try { verdict = await extendsSeen(base, now, seen); } catch (e) { note(place, gongyueText("log_unreadable")); return; }
    if (!verdict.ok) {
      alarm(gongyueText("log_rewritten"), gongyueText("log_rewritten_detail", { seen: seen.size, how: verdict.how }));
      return; // what was seen stays remembered: the warning shows again on the next visit
    }
    remember(now);
    note(place, gongyueText("log_same", { seen: seen.size, now: now.size }));
  }

  // The verify page: is this entry (its text and position) in the log the site publishes?
  async function includes(base, entry, position) {
    var now = await checkpoint(base);
    if (position >= now.size) return { ok: false, size: now.size };
    var tree = Tree(base, now.size), leaf = await leafHash(entry);
    var peaks = await peaksFor(base, now);
    var root = peaks ? await shortRoot(base, tree, peaks, position, leaf)
      : await tree.range(0, now.size, position, leaf); // no usable peaks: the tiles alone
    return { ok: hex(root) === now.root, size: now.size };
  }

  function init() {
    if (!window.crypto || !crypto.subtle) return; // an old browser: the page says where to verify
    document.querySelectorAll("[data-gy-log].gy-log-place").forEach(function (place) {
      if (place.getAttribute("data-started")) return;
      place.setAttribute("data-started", "1");
      watch(place);
    });
  }

  gongyueOnPage(init);
  return { includes: includes };
})();

// The verify page: look up the fingerprint printed on a notice-board sheet in the
// small shard of /api/fingerprints/ it belongs to (see opendata.fingerprint_shards).
(function () {
  "use strict";
  var SHORT = 12;

  var HEADS = { found: "✔ 找到了", missing: "✘ 没有找到", incomplete: "？ 指纹不完整" };
  // What is easily mistyped from paper: letters that look like digits, full-width
  // characters from a Chinese keyboard. Each replacement is told to the reader.
  var LOOKALIKES = { o: "0", l: "1", i: "1" };

  function say(out, state, parts) {
    out.textContent = "";
    out.className = "gy-verify__answer gy-verify__answer--" + state;
    var head = document.createElement("p");
    head.className = "gy-verify__head";
    head.textContent = HEADS[state];
    out.appendChild(head);
    var p = document.createElement("p");
    parts.forEach(function (part) {
      if (typeof part === "string") { p.appendChild(document.createTextNode(part)); return; }
      var a = document.createElement("a");
      a.href = part.href;
      a.textContent = part.text;
      p.appendChild(a);
    });
    out.appendChild(p);
  }

  // The typed text as a fingerprint: {hex, notes, wrong} (wrong: letters no fingerprint has).
  function read(value) {
    var text = value.normalize ? value.normalize("NFKC") : value; // full-width to ASCII
    var hex = "", notes = [], wrong = [];
    for (var i = 0; i < text.length; i++) {
      var c = text[i].toLowerCase();
      if (/[0-9a-f]/.test(c)) hex += c;
      else if (LOOKALIKES[c]) {
        hex += LOOKALIKES[c];
        var note = "字母 " + text[i] + " 当作数字 " + LOOKALIKES[c];
        if (notes.indexOf(note) < 0) notes.push(note);
      } else if (/[a-z]/.test(c) && wrong.indexOf(text[i]) < 0) wrong.push(text[i]);
    }
    return { hex: hex, notes: notes, wrong: wrong };
  }

  async function check(box, input, out) {
    var typed = read(input.value);
    var told = typed.notes.length ? "（已把" + typed.notes.join("、") + "。）" : "";
    if (typed.wrong.length) {
      say(out, "incomplete", ["指纹里只有数字 0–9 和字母 a–f，没有 " + typed.wrong.join("、") + "。请对照纸上的指纹重新输入。"]);
      return;
    }
    if (typed.hex.length < SHORT) {
      say(out, "incomplete", ["您输入了 " + typed.hex.length + " 位，指纹是 12 位（数字 0–9 和字母 a–f），请检查是否抄全。" + told]);
      return;
    }
    var short = typed.hex.slice(0, SHORT);
    var found = [];
    try {
      var response = await fetch(box.dataset.shards + short.slice(0, 2) + ".json");
      if (response.ok) found = (await response.json()).fingerprints[short] || [];
    } catch (error) { found = []; }
    found = found.filter(function (v) { return typed.hex.length < 64 || v.fingerprint === typed.hex; });
    if (!found.length) {
      say(out, "missing", ["本站没有指纹为 " + short + " 的版本。" + told + "请再核对一遍：数字 0 和字母 o、数字 1 和字母 l 容易看错。确实找不到的，纸上的文本可能不是表决通过的版本，可以向居委会或院委会询问。"]);
      return;
    }
    var v = found[0];
    var root = box.dataset.shards.replace(/api\/fingerprints\/$/, "");
    say(out, "found", [
      "指纹 " + short + " 是" + v.units.join(" · ") + "的 ",
      { href: root + v.url, text: v.title + "（" + v.version + " 版，第" + v.ordinal + "版）" },
      "，状态：" + v.status + "。" + told + "请打开它，对照网页上的全文。"
    ]);
    if (v.log && box.dataset.log && window.crypto && crypto.subtle) inLog(box, v.log, out);
  }

  async function inLog(box, place, out) {
    var p = document.createElement("p");
    p.className = "gy-verify__log";
    var values = { number: place.position + 1 };
    try {
      var found = await gongyueLog.includes(box.dataset.log, place.entry, place.position);
      values.size = found.size;
      p.textContent = (found.ok ? "✔ " : "✘ ") + gongyueText(found.ok ? "log_included" : "log_not_included", values);
    } catch (error) {
      p.textContent = gongyueText("log_unreadable");
    }
    out.appendChild(p);
  }

  function init() {
    var box = document.getElementById("gy-verify");
    if (!box || box.getAttribute("data-started")) return;
    box.setAttribute("data-started", "1");
    var form = box.querySelector("form");
    var input = box.querySelector("input");
    var out = box.querySelector(".gy-verify__answer");
    box.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check(box, input, out);
    });
    var given = new URLSearchParams(location.search).get("fp");
    if (given) { input.value = given; check(box, input, out); }
  }

  gongyueOnPage(init);
})();

// 适老化: 大字 (larger type and 60-px targets, remembered on this phone) and 朗读
// (the browser reads the page aloud in Chinese, one article at a time, with pause
// and continue). 朗读 appears only where the browser has a Chinese voice.
(function () {
  "use strict";
  var KEY = "gy-large";

  function remember(on) {
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
  }
  function setLarge(button, on) {
    document.documentElement.classList.toggle("gy-large", on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = gongyueText(on ? "standard_type" : "large_type");
  }

  // What is read, in order: the title, then each article (or paragraph) as one piece.
  function pieces(root) {
    var parts = [];
    var blocks = root.querySelectorAll("h1, h2, .gy-provision, .gy-prose p, .gy-banner, .gy-text > p");
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      if (block.closest("[hidden], [data-pagefind-ignore], details")) continue;
      var clone = block.cloneNode(true);
      var skip = clone.querySelectorAll("details, .gy-former, [aria-hidden=true]");
      for (var j = 0; j < skip.length; j++) skip[j].remove();
      var text = clone.textContent.replace(/\s+/g, " ").trim();
      if (text) parts.push({ node: block, text: text });
    }
    return parts;
  }

  function chineseVoice(lang) {
    var voices = window.speechSynthesis.getVoices();
    var wanted = lang.toLowerCase().indexOf("hant") >= 0 ? ["zh-tw", "zh-hk"] : ["zh-cn"];
    var any = null;
    for (var i = 0; i < voices.length; i++) {
      var tag = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (wanted.indexOf(tag) >= 0) return voices[i];
      if (!any && (tag.indexOf("zh") === 0 || tag.indexOf("cmn") === 0)) any = voices[i];
    }
    return any;
  }

  function Reader(tools, root) {
    var read = tools.querySelector(".gy-tools__read");
    var stop = tools.querySelector(".gy-tools__stop");
    var synth = window.speechSynthesis;
    var queue = [], at = 0, state = "idle"; // idle, speaking, paused
    var lang = document.documentElement.lang || "zh-CN";

    function mark(index) {
      var old = root.querySelector(".gy-reading");
      if (old) old.classList.remove("gy-reading");
      if (index < queue.length) {
        queue[index].node.classList.add("gy-reading");
        queue[index].node.scrollIntoView({ block: "center" });
      }
    }
    function show(next) {
      state = next;
      read.textContent = gongyueText({ idle: "read_aloud", speaking: "pause", paused: "resume" }[state]);
      stop.hidden = state === "idle";
    }
    function speak(index) {
      at = index;
      mark(index);
      if (index >= queue.length) { show("idle"); return; }
      var utterance = new SpeechSynthesisUtterance(queue[index].text);
      utterance.lang = lang.toLowerCase().indexOf("hant") >= 0 ? "zh-TW" : "zh-CN";
      utterance.voice = chineseVoice(lang);
      utterance.rate = 0.9; // a little slower than the default, for older listeners
      utterance.onend = function () { if (state === "speaking" && at === index) speak(index + 1); };
      synth.speak(utterance);
    }
    read.addEventListener("click", function () {
      if (state === "idle") { queue = pieces(root); show("speaking"); speak(0); }
      else if (state === "speaking") { synth.pause(); show("paused"); }
      else { synth.resume(); show("speaking"); }
    });
    stop.addEventListener("click", function () { show("idle"); synth.cancel(); mark(queue.length); });
    function offer() { read.hidden = !chineseVoice(lang); }
    offer();
    synth.addEventListener("voiceschanged", offer);
  }

  function init() {
    var tools = document.querySelector(".gy-tools");
    if (!tools) return;
    var large = tools.querySelector(".gy-tools__large");
    var stored = null;
    try { stored = localStorage.getItem(KEY); } catch (e) { /* ignore */ }
    setLarge(large, stored === "1");
    large.addEventListener("click", function () {
      var on = !document.documentElement.classList.contains("gy-large");
      setLarge(large, on);
      remember(on);
    });
    var root = tools.closest(".gy, main") || document.body;
    if (window.speechSynthesis && window.SpeechSynthesisUtterance) Reader(tools, root);
  }
  gongyueOnPage(init);
})();

// 任选两个版本对照: the picker leads to the 对照 page of the two versions chosen
// (in either order); the plain list under it works without this script.
(function () {
  "use strict";
  function setUp(section) {
    var form = section.querySelector(".gy-pairs__pick");
    var answer = section.querySelector(".gy-pairs__answer");
    if (!form || !answer) return;
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var a = form.elements.old.value, b = form.elements.new.value;
      answer.textContent = "";
      if (a === b) { answer.textContent = gongyueText("pick_two_versions"); return; }
      var older = a < b ? a : b, newer = a < b ? b : a; // slugs are dates: they sort in time
      var links = section.querySelectorAll("a[data-old][data-new]");
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute("data-old") === older && links[i].getAttribute("data-new") === newer) {
          window.location.href = links[i].href;
          return;
        }
      }
      answer.textContent = gongyueText("no_comparison_page");
    });
  }
  gongyueOnPage(function () {
    var sections = document.querySelectorAll(".gy-pairs");
    for (var i = 0; i < sections.length; i++) setUp(sections[i]);
  });
})();

// The 订阅 page: shows the feed address of the unit the resident came from (only a
// feed of this site, ending in feed.xml) and copies it with one tap. Whose feed it is
// comes from the feed itself, which the site wrote: never from the address bar, where
// anyone could put words ("本社区公约已废止……") that would read as the site's own.
(function () {
  "use strict";
  var FEED = /^([a-z0-9-]+\/)*feed\.xml$/;
  function nameFromFeed(feed, whose) {
    if (!window.fetch || !window.DOMParser) return;
    fetch(new URL("../" + feed, window.location.href).href).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "application/xml");
      var title = doc.querySelector("feed > title");
      var name = title ? title.textContent.split(" · ")[0].trim() : "";
      if (name) whose.textContent = name + "的订阅地址：";
    }).catch(function () { /* the general wording stays */ });
  }
  function setUp(box) {
    var input = box.querySelector(".gy-feed__url");
    var copy = box.querySelector(".gy-feed__copy");
    var done = box.querySelector(".gy-feed__done");
    var whose = box.querySelector(".gy-feed__whose");
    var feed = new URLSearchParams(window.location.search).get("feed") || "";
    if (FEED.test(feed) && feed !== "feed.xml") {
      input.value = box.getAttribute("data-root").replace(/\/$/, "") + "/" + feed;
      whose.textContent = "这个社区、院落的订阅地址：";
      nameFromFeed(feed, whose);
    }
    copy.hidden = false;
    copy.addEventListener("click", function () {
      function said() { done.textContent = "已复制，可以粘贴到阅读器里了。"; }
      input.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(said, function () {
          done.textContent = "没能自动复制：地址已选中，请长按或按 Ctrl+C 复制。";
        });
      } else {
        try { document.execCommand("copy"); said(); } catch (e) { done.textContent = "地址已选中，请长按复制。"; }
      }
    });
  }
  gongyueOnPage(function () {
    var box = document.querySelector(".gy-feed");
    if (box) setUp(box);
  });
})();

// 对照: one table; this button shows the new text with the edits marked inline
// (one column, easier on a phone) and back. Without the script the table stays.
(function () {
  "use strict";
  function setUp(section) {
    var button = section.querySelector(".gy-changes__mode");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var inline = section.classList.toggle("gy-changes--inline");
      button.setAttribute("aria-pressed", inline ? "true" : "false");
      button.textContent = gongyueText(inline ? "to_two_columns" : "to_inline");
    });
  }
  gongyueOnPage(function () {
    var sections = document.querySelectorAll(".gy-changes");
    for (var i = 0; i < sections.length; i++) setUp(sections[i]);
  });
})();

// A search result opens a text page at the article that matched (?gy-find=word|word).
(function () {
  "use strict";
  gongyueOnPage(function () {
    var wanted = (new URLSearchParams(window.location.search).get("gy-find") || "").split("|");
    var provisions = document.querySelectorAll(".gy-provision");
    for (var w = 0; w < wanted.length; w++) {
      if (!wanted[w]) continue;
      for (var i = 0; i < provisions.length; i++) {
        if (provisions[i].textContent.indexOf(wanted[w]) >= 0) {
          provisions[i].classList.add("gy-found");
          provisions[i].scrollIntoView({ block: "center" });
          return;
        }
      }
    }
  });
})();

// 征求意见: how many days are left, counted on the reader's own day. The page itself
// names only the deadline, so it stays the same from one day's build to the next.
(function () {
  "use strict";
  function daysLeft(end) {
    var parts = end.split("-").map(Number);
    var deadline = Date.UTC(parts[0], parts[1] - 1, parts[2]);
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    return Math.round((deadline - today) / 86400000);
  }
  gongyueOnPage(function () {
    document.querySelectorAll(".gy-days-left[data-end]").forEach(function (box) {
      var left = daysLeft(box.getAttribute("data-end"));
      var said = left > 0 ? "days_left" : left === 0 ? "ends_today" : "ended";
      box.textContent = gongyueText(said, { days: left });
    });
  });
})();

// 张贴版: the page prints as its notice-board sheet (gongyue.css); this button opens the
// browser's print dialog. Without the script the words beside it say how.
(function () {
  "use strict";
  gongyueOnPage(function () {
    document.querySelectorAll(".gy-print__button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    // 修改决定: the link makes the decision's sheet the page's target, which is then what
    // prints (gongyue.css); the print dialog opens once the page has followed the link.
    document.querySelectorAll('a[href="#gy-decision-print"]').forEach(function (link) {
      link.addEventListener("click", function () { window.setTimeout(function () { window.print(); }, 0); });
    });
  });
})();
