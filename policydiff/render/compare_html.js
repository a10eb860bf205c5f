/* policydiff redline report: filters, views, the change popover and in-page navigation.
   Reads only the page itself; builds the side-by-side view from the inline one on first use. */
(function () {
  "use strict";
  var doc = document, body = doc.body, root = doc.documentElement;
  var sections = doc.getElementById("sections"), tip = doc.getElementById("tip");
  var bar = doc.querySelector(".toolbar"), status = bar.querySelector(".status");
  var resetButton = bar.querySelector(".reset"), onlyBox = doc.getElementById("only-changed");
  var noiseBox = doc.getElementById("hide-noise"), findForm = bar.querySelector(".find");
  var findBox = doc.getElementById("find");
  // The Chinese names of levels and categories come with the page, as data (render/names.py).
  var names = JSON.parse(doc.getElementById("names").textContent);
  var LEVEL = names.levels, CATEGORY = names.categories;
  var info = {}, total = 0, levels = new Set(), cats = new Set(), view = "inline", built = false;
  root.classList.add("js");

  // The summary of each change travels in its elements' title (for readers without JS);
  // here it moves into the popover, which also shows on keyboard focus.
  sections.querySelectorAll(".chg").forEach(function (el) {
    var id = el.dataset.change, title = el.getAttribute("title") || "";
    if (!info[id]) {
      var parts = title.split(" · ");
      info[id] = { level: el.dataset.level, cats: (el.dataset.cats || "").split(" ").filter(Boolean),
                   summary: parts.slice(3).join(" · ") };
      total += 1;
    }
    el.removeAttribute("title");
    el.setAttribute("aria-describedby", "tip");
  });

  var links = Array.prototype.map.call(doc.querySelectorAll(".sidebar a"), function (a) {
    return { a: a, badge: a.querySelector(".badge"), sec: doc.getElementById(a.getAttribute("href").slice(1)),
             ids: (a.dataset.changes || "").split(" ").filter(Boolean) };
  });

  // Renumbering and punctuation: editorial changes that only follow a renumbering (a
  // cross-reference, an item's number: categories reference or order) or touch punctuation.
  var NOISE = ["punctuation", "reference", "order"];
  function noise(c) {
    return c.level === "editorial" && c.cats.length > 0 && c.cats.every(function (n) { return NOISE.indexOf(n) >= 0; });
  }

  function shown(id) {
    var c = info[id];
    if (!c) return true;
    if (noiseBox.checked && noise(c)) return false;
    if (levels.size && !levels.has(c.level)) return false;
    return !cats.size || c.cats.some(function (name) { return cats.has(name); });
  }

  // A hidden change reads as accepted: its text on this side, unmarked.
  function accepted(el) {
    el.dataset.acc = "1";
    var mark = el.closest(".col-old") ? "del" : "ins";
    var text = Array.prototype.map.call(el.querySelectorAll(mark), function (n) { return n.textContent; }).join("");
    if (!text) return;
    var span = doc.createElement("span");
    span.className = "acc";
    span.textContent = text;
    el.after(span);
  }

  function apply() {
    var visible = new Set();
    sections.querySelectorAll("[data-change]").forEach(function (el) {
      var id = el.dataset.change, off = !shown(id);
      if (off && el.classList.contains("chg") && !el.dataset.acc && !el.classList.contains("mvnote")) accepted(el);
      el.classList.toggle("off", off);
      if (!off) visible.add(id);
    });
    sections.querySelectorAll(".mvr").forEach(function (el) { el.classList.toggle("plain", !shown(el.dataset.region)); });
    links.forEach(function (link) {
      var n = link.ids.filter(shown).length;
      if (link.badge) link.badge.textContent = n;
      link.a.classList.toggle("zero", n === 0);
      if (link.sec) link.sec.classList.toggle("quiet", n === 0);
    });
    body.classList.toggle("only-changed", onlyBox.checked);
    var filtered = levels.size || cats.size;
    resetButton.hidden = !filtered;
    status.textContent = filtered ? "显示 " + visible.size + " / " + total + " 处变更 shown" : total + " 处变更 changes";
  }

  function press(button, on) { button.setAttribute("aria-pressed", on ? "true" : "false"); }

  function syncChips() {
    bar.querySelectorAll("[data-level]").forEach(function (b) { press(b, levels.has(b.dataset.level)); });
    bar.querySelectorAll("[data-cat]").forEach(function (b) { press(b, cats.has(b.dataset.cat)); });
    var count = bar.querySelector(".cats-menu .n");
    if (count) count.textContent = cats.size ? "（" + cats.size + "）" : "";
  }

  function column(inline, side) {
    var col = inline.cloneNode(true);
    col.className = "col col-" + side;
    col.querySelectorAll(side === "old" ? "ins, .mvk-t, .acc" : "del, .mvk-f, .acc").forEach(function (n) { n.remove(); });
    col.querySelectorAll("[id]").forEach(function (n) { n.dataset.id = n.id; n.removeAttribute("id"); });
    col.querySelectorAll(".chg, .mvr").forEach(function (n) {
      if (!n.textContent) { n.remove(); return; }
      n.classList.remove("off");
      delete n.dataset.acc;
    });
    if (!col.textContent.trim()) {
      col.classList.add("empty");
      col.textContent = side === "old" ? "（旧版无此条 not in the old version）" : "（新版已删除 not in the new version）";
    }
    return col;
  }

  function buildSideBySide() {
    if (built) return;
    built = true;
    sections.querySelectorAll(".sec").forEach(function (sec) {
      var inline = sec.querySelector(".inl"), pair = doc.createElement("div");
      pair.className = "sbs";
      pair.append(column(inline, "old"), column(inline, "new"));
      sec.append(pair);
    });
    apply();
  }

  function firstInView() {
    var top = bar.getBoundingClientRect().bottom;
    for (var i = 0; i < links.length; i++) {
      var sec = links[i].sec;
      if (sec && sec.offsetParent !== null && sec.getBoundingClientRect().bottom > top + 4) return sec;
    }
    return null;
  }

  function setView(next) {
    var keep = firstInView();
    if (next === "sbs") buildSideBySide();
    view = next;
    body.classList.toggle("v-sbs", next === "sbs");
    body.classList.toggle("v-inline", next !== "sbs");
    bar.querySelectorAll("[data-view]").forEach(function (b) { press(b, b.dataset.view === next); });
    measureBar();
    if (keep && keep.getBoundingClientRect().top < 0) keep.scrollIntoView({ block: "start" });
  }

  function measureBar() { root.style.setProperty("--bar", bar.offsetHeight + "px"); }

  // --- popover ---------------------------------------------------------------------------
  var current = null;
  function line(className, text) {
    var div = doc.createElement("div");
    div.className = className;
    div.textContent = text;
    return div;
  }
  function showTip(el) {
    var id = el.dataset.change, c = info[id];
    if (!c) return;
    current = el;
    var head = doc.createElement("div"), code = doc.createElement("code"), lv = doc.createElement("span");
    head.className = "tip-h";
    code.textContent = id;
    lv.className = "lv lv-" + c.level;
    lv.textContent = (LEVEL[c.level] || "") + " " + c.level;
    head.append(code, lv);
    tip.replaceChildren(head, line("tip-c", c.cats.map(function (n) { return (CATEGORY[n] || n) + " " + n; }).join(" · ")),
                        line("tip-s", c.summary), line("tip-c", "链接 permalink: #" + id));
    tip.hidden = false;
    var rect = el.getClientRects()[0] || el.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(8, Math.min(rect.left, innerWidth - w - 8)), top = rect.bottom + 8;
    if (top + h > innerHeight - 8) top = Math.max(8, rect.top - h - 8);
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function hideTip() { tip.hidden = true; current = null; }
  function changeAt(target) { return target instanceof Element ? target.closest("[data-change]") : null; }
  sections.addEventListener("mouseover", function (e) { var el = changeAt(e.target); if (el && el !== current) showTip(el); });
  sections.addEventListener("mouseout", function (e) {
    if (current && !(e.relatedTarget instanceof Node && current.contains(e.relatedTarget))) hideTip();
  });
  sections.addEventListener("focusin", function (e) { var el = changeAt(e.target); if (el) showTip(el); });
  sections.addEventListener("focusout", hideTip);
  addEventListener("scroll", function () { if (current && doc.activeElement !== current) hideTip(); }, { passive: true });

  // --- navigation ------------------------------------------------------------------------
  var byId = {}, marked = null, nav = doc.querySelector(".sidebar");
  links.forEach(function (link) { if (link.sec) byId[link.sec.id] = link.a; });
  function markSection(sec) {
    var a = byId[sec.id];
    if (!a || a === marked) return;
    if (marked) marked.classList.remove("cur");
    marked = a;
    a.classList.add("cur");
    var top = a.offsetTop, height = nav.clientHeight;
    if (top < nav.scrollTop || top > nav.scrollTop + height - 40) nav.scrollTop = top - height / 3;
  }

  function flash(el) {
    el.classList.remove("hit");
    void el.offsetWidth;
    el.classList.add("hit");
  }

  function go(id) {
    var target = id && doc.getElementById(id);
    if (!target || !sections.contains(target)) return;
    var change = target.dataset.change;
    if (change && !shown(change)) { levels.clear(); cats.clear(); syncChips(); apply(); }
    var sec = target.closest(".sec");
    if (sec && onlyBox.checked && sec.classList.contains("quiet")) { onlyBox.checked = false; apply(); }
    if (view === "sbs" && sec && target.closest(".inl")) {
      target = sec.querySelector('.sbs [data-id="' + CSS.escape(id) + '"]') || sec;
    }
    var whole = target.classList.contains("sec");
    target.scrollIntoView({ block: whole ? "start" : "center" });
    flash(target);
    if (!whole && target.tabIndex >= 0) target.focus({ preventScroll: true });
  }

  // Clicking a change puts its permalink (#c031) in the address bar, ready to copy.
  sections.addEventListener("click", function (e) {
    var el = e.target instanceof Element && e.target.closest(".chg");
    if (!el || el.tagName === "A") return;
    try { history.replaceState(null, "", "#" + el.dataset.change); } catch (err) { /* file:// in an old browser */ }
  });

  doc.addEventListener("click", function (e) {
    var a = e.target instanceof Element && e.target.closest('a[href^="#"]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    var id = decodeURIComponent(a.getAttribute("href").slice(1));
    if (!doc.getElementById(id) || !sections.contains(doc.getElementById(id))) return;
    e.preventDefault();
    if (location.hash !== "#" + id) {
      try { history.pushState(null, "", "#" + id); } catch (err) { location.hash = id; return; }
    }
    go(id);
  });
  // The fragment: a change or a clause (#c031, #u12), and the view (#view=sbs, #c031&view=sbs).
  function fragment() {
    var parts = decodeURIComponent(location.hash.slice(1)).split("&"), target = "", wanted = null;
    parts.forEach(function (part) {
      if (part.indexOf("view=") === 0) wanted = part.slice(5) === "sbs" ? "sbs" : "inline";
      else if (part) target = part;
    });
    if (wanted && wanted !== view) setView(wanted);
    if (target) go(target);
  }
  addEventListener("hashchange", fragment);

  function step(direction) {
    var selector = view === "sbs" ? ".sbs .chg:not(.off), .mvnote.chg:not(.off)" : ".inl .chg:not(.off), .mvnote.chg:not(.off)";
    var items = Array.prototype.filter.call(sections.querySelectorAll(selector), function (el) {
      return el.offsetParent !== null;
    });
    if (view === "sbs") {
      // Side by side the old column comes first in the DOM: go by section, then by change
      // id (numbered in reading order), once per change.
      var order = new Map(), seen = new Set();
      links.forEach(function (link, n) { if (link.sec) order.set(link.sec, n); });
      items = items.map(function (el, n) { return { el: el, sec: order.get(el.closest(".sec")), n: n }; })
        .sort(function (a, b) {
          var x = a.el.dataset.change, y = b.el.dataset.change;
          return a.sec - b.sec || (x < y ? -1 : x > y ? 1 : a.n - b.n);
        })
        .filter(function (item) {
          var key = item.sec + " " + item.el.dataset.change;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        })
        .map(function (item) { return item.el; });
    }
    var edge = bar.getBoundingClientRect().bottom, from = doc.activeElement, index = items.indexOf(from), next = null;
    if (index >= 0) next = items[index + direction];
    else if (direction > 0) next = items.find(function (el) { return el.getBoundingClientRect().top > edge + 4; });
    else next = items.slice().reverse().find(function (el) { return el.getBoundingClientRect().bottom < edge - 4; });
    if (!next) return;
    next.scrollIntoView({ block: "center" });
    next.focus({ preventScroll: true });
  }

  bar.addEventListener("click", function (e) {
    var b = e.target instanceof Element && e.target.closest("button");
    if (!b) return;
    if (b.dataset.view) setView(b.dataset.view);
    else if (b.dataset.step) step(Number(b.dataset.step));
    else if (b.classList.contains("reset")) { levels.clear(); cats.clear(); syncChips(); apply(); }
    else {
      var set = b.dataset.level ? levels : cats, key = b.dataset.level || b.dataset.cat;
      if (!key) return;
      if (set.has(key)) set.delete(key); else set.add(key);
      syncChips();
      apply();
    }
  });
  onlyBox.addEventListener("change", apply);
  noiseBox.addEventListener("change", apply);

  // --- find: a clause by its label (第十二条, （三）), else text, from where the reader is --------
  function labelOf(link) { var lab = link.a.querySelector(".lab"); return lab ? lab.textContent : ""; }
  var lastFound = null;
  function find(query) {
    query = query.trim();
    if (!query) return;
    var link = links.find(function (l) {
      var text = labelOf(l).replace(/\s+/g, "");
      return l.sec && (text === query || text.split("→").some(function (part) { return part.trim() === query; }));
    });
    if (link) { go(link.sec.id); status.textContent = "已跳转 went to " + query; return; }
    var scope = view === "sbs" ? ".sbs .col-new" : ".inl";
    var blocks = Array.prototype.filter.call(sections.querySelectorAll(scope), function (el) {
      return el.offsetParent !== null && el.textContent.indexOf(query) >= 0;
    });
    if (!blocks.length) { status.textContent = "未找到 not found: " + query; return; }
    var next = blocks[(blocks.indexOf(lastFound) + 1) % blocks.length];
    lastFound = next;
    var sec = next.closest(".sec") || next;
    sec.scrollIntoView({ block: "start" });
    flash(sec);
    markSection(sec);
    status.textContent = "找到 found " + (blocks.indexOf(next) + 1) + "/" + blocks.length + "：" + query;
  }
  findForm.addEventListener("submit", function (e) { e.preventDefault(); find(findBox.value); });
  doc.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hideTip(); return; }
    if (e.altKey || e.ctrlKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test((e.target || {}).tagName || "")) return;
    if (e.key === "n" || e.key === "j") step(1);
    else if (e.key === "p" || e.key === "k") step(-1);
  });

  // The sidebar follows the reading position, and the change in focus: its clause is marked.
  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      // While a change has the focus, its clause stays marked, wherever the page scrolled it.
      var focused = doc.activeElement instanceof Element && sections.contains(doc.activeElement)
        ? doc.activeElement.closest(".sec") : null;
      if (focused) { markSection(focused); return; }
      entries.forEach(function (entry) { if (entry.isIntersecting) markSection(entry.target); });
    }, { rootMargin: "-20% 0px -70% 0px" });
    links.forEach(function (link) { if (link.sec) observer.observe(link.sec); });
  }
  sections.addEventListener("focusin", function (e) {
    var sec = e.target instanceof Element && e.target.closest(".sec");
    if (sec) markSection(sec);
  });

  addEventListener("beforeprint", function () { doc.querySelectorAll("details").forEach(function (d) { d.open = true; }); });
  addEventListener("resize", measureBar);
  measureBar();
  syncChips();
  apply();
  // The browser scrolls to the fragment itself once the page has loaded; go() then shows
  // a change in the middle of the window, in the current view, with its popover.
  function arrive() { if (location.hash) fragment(); }
  if (doc.readyState === "complete") arrive(); else addEventListener("load", arrive);
  performance.mark("policydiff-ready");
})();
