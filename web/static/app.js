// Staff search page. Every piece of corpus text goes into the page through
// textContent or text nodes, never through innerHTML.
(function () {
  "use strict";

  var KIND_LABELS = { standard_answer: "標準回答", faq: "FAQ", "case": "ケース", manual: "マニュアル" };
  var ACTION_CLASSES = { "緊急": "urgent", "届出": "report", "相談": "consult", "窓口回答": "desk" };
  var DEBOUNCE_MS = 150;
  // While staff type, the status live region waits until the typing has
  // paused this long before it says the count, and says 「検索中…」 only
  // for a search slower than LOADING_MS: not two announcements per key.
  var ANNOUNCE_MS = 700;
  var LOADING_MS = 1000;
  var PREVIEW_LINES = 4;

  var form = document.getElementById("search-form");
  var box = document.getElementById("q");
  var statusEl = document.getElementById("status");
  var tookEl = document.getElementById("took");
  var confEl = document.getElementById("confidence");
  var confTitle = document.getElementById("confidence-heading");
  var confText = document.getElementById("confidence-text");
  var routingSection = document.getElementById("routing-section");
  var routingList = document.getElementById("routing");
  var resHeading = document.getElementById("results-heading");
  var noticeEl = document.getElementById("notice");
  var refSection = document.getElementById("referrals-section");
  var refGrid = document.getElementById("referrals");
  var resSection = document.getElementById("results-section");
  var resList = document.getElementById("results");
  var emptyEl = document.getElementById("empty");
  var welcomeEl = document.getElementById("welcome");
  var toastEl = document.getElementById("toast");
  var kindBoxes = Array.prototype.slice.call(form.querySelectorAll('input[name="kinds"]'));

  var feedbackEl = document.getElementById("feedback");
  var feedbackNone = document.getElementById("feedback-none");

  var timer = 0;
  var announceTimer = 0;
  var loadingTimer = 0;
  var seq = 0;        // number of the latest request sent
  var controller = null;
  var lastKey = "";   // query and kinds of the results shown

  // ---- small DOM helpers ----

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // safeURL returns u when it is an absolute http(s) URL, else "".
  function safeURL(u) {
    try {
      var p = new URL(u);
      return p.protocol === "http:" || p.protocol === "https:" ? p.href : "";
    } catch (e) {
      return "";
    }
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // ---- highlighting ----

  // fold maps one character to the form it is compared in: NFKC (so
  // half-width katakana and full-width letters match) and lower case. A
  // character whose folded form is not one character stays as it is, so
  // positions in folded and original text agree.
  function fold(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      var f = c.normalize ? c.normalize("NFKC").toLowerCase() : c.toLowerCase();
      out.push(f.length === 1 ? f : c);
    }
    return out.join("");
  }

  // highlightTerms returns the words to highlight, folded: the query's
  // words as the server's analyser cuts them (the response's highlight
  // list), or, from an older server, the query split on spaces.
  function highlightTerms(data, query) {
    var words = data && data.highlight ? data.highlight : query.split(/[\s\u3000]+/);
    var seen = {};
    return words.map(fold).filter(function (t) {
      if (!t || seen[t]) return false;
      seen[t] = true;
      return true;
    });
  }

  // markRanges returns the [start, end) ranges of text to highlight: every
  // occurrence of one of the terms, longest first. Only whole words of the
  // analyser are marked, never a run of characters the query happens to
  // share with the text (「ード」 in カード).
  function markRanges(text, terms) {
    var ft = fold(text);
    var owner = new Int32Array(text.length); // which occurrence marks a character; 0: none
    var next = 1;
    terms.slice().sort(function (a, b) { return b.length - a.length; }).forEach(function (t) {
      for (var i = ft.indexOf(t); i >= 0; i = ft.indexOf(t, i + t.length)) {
        var free = true;
        for (var j = i; j < i + t.length; j++) if (owner[j]) free = false;
        if (!free) continue;
        for (var k = i; k < i + t.length; k++) owner[k] = next;
        next++;
      }
    });
    var ranges = [];
    for (var s = 0; s < owner.length; s++) {
      if (!owner[s]) continue;
      var e = s;
      while (e < owner.length && owner[e] === owner[s]) e++;
      ranges.push([s, e]);
      s = e - 1;
    }
    return ranges;
  }

  // appendHighlighted appends text to parent as text nodes and <mark>s.
  function appendHighlighted(parent, text, terms) {
    var pos = 0;
    markRanges(text, terms).forEach(function (r) {
      if (r[0] > pos) parent.appendChild(document.createTextNode(text.slice(pos, r[0])));
      parent.appendChild(el("mark", "", text.slice(r[0], r[1])));
      pos = r[1];
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  // appendRich appends answer text with highlights, turning http(s) URLs
  // into links.
  function appendRich(parent, text, terms) {
    var re = /https?:\/\/[^\s<>"'「」（）()、。]+/g;
    var pos = 0, m;
    while ((m = re.exec(text)) !== null) {
      appendHighlighted(parent, text.slice(pos, m.index), terms);
      var href = safeURL(m[0]);
      if (href) parent.appendChild(link(href, m[0]));
      else parent.appendChild(document.createTextNode(m[0]));
      pos = m.index + m[0].length;
    }
    appendHighlighted(parent, text.slice(pos), terms);
  }

  // ---- clipboard ----

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyFallback(text); });
    }
    return copyFallback(text);
  }

  // copyFallback copies through a temporary text area (a plain-HTTP page
  // has no navigator.clipboard), then gives focus back to the control that
  // had it (WCAG 2.4.3).
  function copyFallback(text) {
    return new Promise(function (resolve, reject) {
      var prev = document.activeElement;
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "offscreen";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (prev && prev !== document.body && prev.focus) prev.focus({ preventScroll: true });
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  // shorten cuts s to n characters, with an ellipsis.
  function shorten(s, n) {
    return s.length > n ? s.slice(0, n - 1) + "…" : s;
  }

  // toast says msg for a moment. The toast is a live region, always in
  // the page: emptied, it has no box (app.css).
  var toastTimer = 0;
  function toast(msg) {
    toastEl.textContent = msg;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toastEl.textContent = ""; }, 1800);
  }

  // ---- finished searches and feedback ----
  //
  // A search is recorded (masked, by the server) once it is finished:
  // staff copy an answer, open one, give feedback, or leave the box idle
  // for IDLE_MS. Searches typed past on the way are never sent.

  var RECORD = document.body.dataset.record === "1";
  var IDLE_MS = 4000;
  var shown = null;   // the search on screen: {query, confidence, results, id}
  var idleTimer = 0;

  var requestJSON = window.soudanErrors.requestJSON;

  function postJSON(url, body) {
    return requestJSON(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body)
    });
  }

  // finish records the search on screen once, with the event that
  // finished it, and returns a promise of its ID ("" when not recorded).
  function finish(event) {
    clearTimeout(idleTimer);
    if (!RECORD || !shown) return Promise.resolve("");
    if (!shown.id) {
      shown.id = postJSON("/api/searches", {
        query: shown.query, confidence: shown.confidence, results: shown.results, event: event
      }).then(function (b) { return b.recorded ? b.id : ""; }, function () { return ""; });
    }
    return shown.id;
  }

  // showing notes the search just rendered and starts its idle timer.
  function showing(data, query) {
    clearTimeout(idleTimer);
    shown = {
      query: query,
      confidence: typeof data.confidence === "string" ? data.confidence : "",
      results: data.results.map(function (r) { return r.id; }),
      id: null
    };
    feedbackEl.hidden = !RECORD;
    unpress(feedbackNone);
    if (RECORD) idleTimer = setTimeout(function () { finish("idle"); }, IDLE_MS);
  }

  function notShowing() {
    clearTimeout(idleTimer);
    shown = null;
    feedbackEl.hidden = true;
  }

  // unpress puts a feedback button back as it was before its click.
  function unpress(btn) {
    btn.setAttribute("aria-pressed", "false");
  }

  // feedback sends a verdict on the search on screen in one click:
  // "helpful" names the entry that answered the call, "none" says the
  // manual had no answer. The server keeps the latest of the two kinds
  // (a "none" replaces the "helpful" ones, and the reverse), so the
  // buttons of the other kind are released. The button stays enabled and
  // focused with its label (WCAG 2.4.3); aria-pressed says it was
  // recorded, and a press while sending or once recorded sends nothing.
  function feedback(verdict, entryId, btn) {
    if (btn.dataset.busy || btn.getAttribute("aria-pressed") === "true") {
      if (!btn.dataset.busy) toast("記録済みです");
      return;
    }
    btn.dataset.busy = "1";
    finish("feedback").then(function (id) {
      if (!id) throw new Error("not recorded");
      var body = { search_id: id, verdict: verdict };
      if (entryId) body.entry_id = entryId;
      return postJSON("/api/feedback", body);
    }).then(function () {
      if (verdict === "none") {
        document.querySelectorAll("#results .helpful[aria-pressed=true]").forEach(unpress);
      } else if (feedbackNone.getAttribute("aria-pressed") === "true") {
        unpress(feedbackNone);
      }
      delete btn.dataset.busy;
      btn.setAttribute("aria-pressed", "true");
      toast("記録しました。ありがとうございます");
    }, function () {
      delete btn.dataset.busy;
      toast("記録できませんでした");
    });
  }

  feedbackNone.addEventListener("click", function () {
    feedback("none", "", feedbackNone);
  });

  // ---- rendering ----

  function actionBadge(action) {
    return el("span", "badge action action-" + (ACTION_CLASSES[action] || "other"), action);
  }

  function kindBadge(kind) {
    return el("span", "badge kind kind-" + kind, KIND_LABELS[kind] || kind);
  }

  function contactLine(parent, r) {
    if (r.phone) {
      var tel = el("a", "phone", "☎ " + r.phone);
      tel.href = "tel:" + r.phone.replace(/[^0-9+]/g, "");
      parent.appendChild(tel);
    }
    var href = r.url ? safeURL(r.url) : "";
    if (href) parent.appendChild(link(href, r.url)).className = "url";
  }

  // fromLine says, in words, which results name a card: "1位「…」".
  function fromLine(ids, results) {
    var names = (ids || []).map(function (id) {
      for (var i = 0; i < results.length; i++) {
        if (results[i].id === id) return (i + 1) + "位「" + results[i].title + "」";
      }
      return "";
    }).filter(Boolean);
    return names.length ? el("p", "from", "根拠：" + names.join("、")) : null;
  }

  function renderReferrals(refs, results) {
    refGrid.textContent = "";
    refSection.hidden = refs.length === 0;
    refs.forEach(function (r) {
      var card = el("div", "referral-card action-border-" + (ACTION_CLASSES[r.action] || "other"));
      var head = el("div", "referral-head");
      head.appendChild(actionBadge(r.action));
      head.appendChild(el("span", "org", r.action === "窓口回答" && r.org === "当窓口" ? "当窓口で回答" : r.org));
      card.appendChild(head);
      var contact = el("div", "contact");
      contactLine(contact, r);
      if (!r.phone && !r.url && r.action !== "窓口回答") contact.appendChild(el("span", "nocontact", "連絡先は資料を確認"));
      card.appendChild(contact);
      var from = fromLine(r.from, results);
      if (from) card.appendChild(from);
      refGrid.appendChild(card);
    });
  }

  // renderResult renders entry r at rank i+1. Without withRefs its
  // referral lines are left out (results of a search the manual does not
  // cover name destinations for other calls).
  function renderResult(r, i, terms, withRefs) {
    var li = el("li", "result");
    li.tabIndex = 0;
    li.dataset.id = r.id;

    var meta = el("div", "result-meta");
    var rank = el("span", "rank", String(i + 1));
    rank.appendChild(el("span", "visually-hidden", "位"));
    meta.appendChild(rank);
    meta.appendChild(kindBadge(r.kind));
    var crumbs = el("span", "crumbs");
    r.path.forEach(function (p, j) {
      if (j > 0) crumbs.appendChild(el("span", "sep", "›"));
      crumbs.appendChild(el("span", "crumb", p));
    });
    meta.appendChild(crumbs);
    li.appendChild(meta);

    var title = el("h3", "result-title");
    appendHighlighted(title, r.title, terms);
    li.appendChild(title);

    var answer = el("div", "answer");
    appendRich(answer, r.answer, terms);
    li.appendChild(answer);
    if (r.answer.split("\n").length > PREVIEW_LINES || r.answer.length > 220) li.classList.add("long");
    answerLinks(li);
    // A clamped preview scrolled by a click on a link goes back to its top.
    answer.addEventListener("focusout", function () { if (!li.classList.contains("expanded")) answer.scrollTop = 0; });

    if (withRefs && r.referrals.length) {
      var refs = el("ul", "result-refs");
      refs.setAttribute("aria-label", "この回答の案内先");
      r.referrals.forEach(function (x) {
        var item = el("li", "");
        item.appendChild(actionBadge(x.action));
        item.appendChild(el("span", "org", x.org));
        contactLine(item, x);
        refs.appendChild(item);
      });
      li.appendChild(refs);
    }

    var extra = el("div", "result-extra");
    r.guidebook_pages.forEach(function (p) { extra.appendChild(el("span", "page", "ガイドブック " + p)); });
    // Links the answer already holds are not repeated (one tab stop each).
    var inAnswer = {};
    answer.querySelectorAll("a").forEach(function (a) { inAnswer[a.href] = true; });
    r.links.forEach(function (u) {
      var href = safeURL(u);
      if (href && !inAnswer[href]) extra.appendChild(link(href, u)).className = "extlink";
    });
    if (extra.childNodes.length) li.appendChild(extra);

    var actions = el("div", "result-actions");
    // The button names the answer it copies, for screen readers; the
    // confirmation names it too.
    var copyBtn = el("button", "btn primary copy");
    copyBtn.type = "button";
    var copyLabel = function () {
      copyBtn.textContent = "回答をコピー";
      copyBtn.appendChild(el("span", "visually-hidden", "：" + r.title));
    };
    copyLabel();
    copyBtn.addEventListener("click", function (ev) {
      ev.stopPropagation();
      finish("copy");
      copyText(r.answer).then(function () {
        copyBtn.textContent = "コピーしました";
        copyBtn.classList.add("done");
        toast("「" + shorten(r.title, 30) + "」の回答をコピーしました");
        setTimeout(function () { copyLabel(); copyBtn.classList.remove("done"); }, 2000);
      }, function () {
        toast("コピーできませんでした。回答を選択してコピーしてください");
      });
    });
    actions.appendChild(copyBtn);

    var ctxBtn = el("button", "btn context-toggle", "マニュアル内の位置を見る");
    ctxBtn.type = "button";
    ctxBtn.setAttribute("aria-expanded", "false");
    var ctxPanel = el("div", "context-panel");
    ctxPanel.hidden = true;
    ctxPanel.id = "context-" + r.id;
    ctxPanel.setAttribute("role", "region");
    ctxPanel.setAttribute("aria-label", "マニュアル内の位置：" + r.title);
    ctxBtn.setAttribute("aria-controls", ctxPanel.id);
    ctxBtn.addEventListener("click", function (ev) {
      ev.stopPropagation();
      finish("open");
      toggleContext(r, ctxBtn, ctxPanel);
    });
    actions.appendChild(ctxBtn);

    if (RECORD) {
      var okBtn = el("button", "btn helpful", "この回答で対応できた");
      okBtn.type = "button";
      okBtn.setAttribute("aria-pressed", "false");
      okBtn.addEventListener("click", function (ev) {
        ev.stopPropagation();
        feedback("helpful", r.id, okBtn);
      });
      actions.appendChild(okBtn);
    }

    var expand = el("button", "btn ghost expand", "全文を表示");
    expand.type = "button";
    expand.setAttribute("aria-expanded", "false");
    expand.addEventListener("click", function (ev) {
      ev.stopPropagation();
      toggleExpand(li);
    });
    actions.appendChild(expand);

    var source = el("span", "source");
    source.appendChild(el("span", "visually-hidden", "出典 "));
    source.appendChild(document.createTextNode(r.source.file + ":" + r.source.start_line +
      (r.source.end_line > r.source.start_line ? "-" + r.source.end_line : "")));
    actions.appendChild(source);
    li.appendChild(actions);
    li.appendChild(ctxPanel);

    li.addEventListener("click", function (ev) {
      if (ev.target.closest("a, button")) return;
      if (window.getSelection && String(window.getSelection())) return; // selecting text
      toggleExpand(li);
      li.focus();
    });
    return li;
  }

  // answerLinks takes the links of a collapsed (clamped) answer out of the
  // tab order, where they would be focused clipped; expanded, they are
  // back (Enter on the result expands it).
  function answerLinks(li) {
    var collapsed = li.classList.contains("long") && !li.classList.contains("expanded");
    li.querySelectorAll(".answer a").forEach(function (a) {
      if (collapsed) a.tabIndex = -1; else a.removeAttribute("tabindex");
    });
  }

  function toggleExpand(li) {
    var open = li.classList.toggle("expanded");
    answerLinks(li);
    if (!open) li.querySelector(".answer").scrollTop = 0;
    if (open) finish("open");
    var b = li.querySelector(".expand");
    if (b) {
      b.textContent = open ? "折りたたむ" : "全文を表示";
      b.setAttribute("aria-expanded", String(open));
    }
  }

  function toggleContext(r, btn, panel) {
    if (!panel.hidden) {
      panel.hidden = true;
      btn.setAttribute("aria-expanded", "false");
      return;
    }
    panel.hidden = false;
    btn.setAttribute("aria-expanded", "true");
    if (panel.dataset.loaded) return;
    panel.textContent = "読み込み中…";
    requestJSON("/api/entries/" + encodeURIComponent(r.id), { headers: { Accept: "application/json" } })
      .then(function (entry) {
        panel.dataset.loaded = "1";
        renderContext(panel, entry);
      })
      .catch(function (e) {
        window.soudanErrors.show(panel, "位置を取得できませんでした。", e);
      });
  }

  function renderContext(panel, entry) {
    panel.textContent = "";
    var where = el("div", "context-where");
    where.appendChild(el("span", "context-label", "位置"));
    where.appendChild(el("span", "", entry.source.file + " " + entry.source.start_line + "行目" +
      (entry.source.end_line > entry.source.start_line ? "〜" + entry.source.end_line + "行目" : "")));
    panel.appendChild(where);

    // Editors' attributes of the entry (担当, 確認日 …): one row per name.
    var metaNames = entry.meta ? Object.keys(entry.meta).sort() : [];
    if (metaNames.length) {
      var meta = el("dl", "context-meta");
      metaNames.forEach(function (name) {
        meta.appendChild(el("dt", "", name));
        meta.appendChild(el("dd", "", entry.meta[name].join("、")));
      });
      panel.appendChild(meta);
    }

    var tree = el("ul", "context-tree");
    var parentTitle = entry.context.parent ? entry.context.parent.title : (entry.path[entry.path.length - 1] || "（最上位）");
    var parentLi = el("li", "context-parent", parentTitle);
    tree.appendChild(parentLi);
    var sibs = el("ul", "context-siblings");
    var siblings = entry.context.siblings.length ? entry.context.siblings : [{ id: entry.id, kind: entry.kind, title: entry.title, current: true }];
    siblings.forEach(function (s) {
      var li = el("li", s.current ? "current" : "");
      if (s.current) li.setAttribute("aria-current", "true"); // not only by its colour (WCAG 1.3.1)
      if (s.kind) li.appendChild(kindBadge(s.kind));
      li.appendChild(el("span", "", s.title));
      if (s.current && entry.context.children.length) {
        var kids = el("ul", "context-children");
        entry.context.children.forEach(function (c) {
          var k = el("li", "");
          if (c.kind) k.appendChild(kindBadge(c.kind));
          k.appendChild(el("span", "", c.title));
          kids.appendChild(k);
        });
        li.appendChild(kids);
      }
      sibs.appendChild(li);
    });
    parentLi.appendChild(sibs);
    panel.appendChild(tree);
  }

  // showNotice shows msg in the notice: an error is announced at once
  // (role alert), a warning politely (role status). The notice is never
  // hidden, only emptied: a live region shown with its message is not
  // announced.
  function showNotice(msg, kind) {
    noticeEl.setAttribute("role", kind === "error" ? "alert" : "status");
    noticeEl.textContent = msg;
    noticeEl.className = "notice " + (kind || "");
  }

  // CONFIDENCE holds, per confidence of a search, what the page says
  // about it: the banner (none when without title), the heading of the
  // results and the announcement of the live region (n results, routed
  // routing entries).
  var CONFIDENCE = {
    high: {
      heading: "回答候補",
      status: function (n) { return n + "件の回答候補"; }
    },
    low: {
      title: "はっきり該当する回答はありません",
      text: "関連する項目を表示しています。相談内容と合うか確かめてから案内してください。",
      heading: "関連する項目（はっきりした回答ではありません）",
      status: function (n) { return "はっきり該当する回答はありません。関連する項目" + n + "件"; }
    },
    none: {
      title: "マニュアルに該当する回答が見つかりません",
      text: "対象外の相談についてマニュアルが示す案内を表示しています。言い換えて検索し直すこともできます。",
      heading: "参考：関連の薄い項目（回答ではありません）",
      status: function (n, routed) { return "マニュアルに該当する回答が見つかりません。対象外の相談の案内" + routed + "件"; }
    }
  };

  // announce writes msg into the status live region: at once, or after
  // ANNOUNCE_MS unless the typing goes on (schedule cancels it).
  function announce(msg, later) {
    clearTimeout(announceTimer);
    clearTimeout(loadingTimer);
    if (later) announceTimer = setTimeout(function () { statusEl.textContent = msg; }, ANNOUNCE_MS);
    else statusEl.textContent = msg;
  }

  // render shows a search's answer; typed says it was searched as staff
  // typed (its count is said once the typing pauses).
  function render(data, query, typed) {
    welcomeEl.hidden = true;
    showNotice(data.degraded ? "意味検索が一時的に使えないため、キーワード一致のみで検索しています。結果が少ない場合は言い換えてください。" : "", "warn");
    var level = CONFIDENCE[data.confidence] ? data.confidence : "high";
    var say = CONFIDENCE[level];
    var routing = level === "none" && data.routing ? data.routing : [];
    confEl.hidden = !say.title;
    confEl.className = "confidence confidence-" + level;
    confTitle.textContent = say.title || "";
    confText.textContent = say.text || "";
    routingList.textContent = "";
    var terms = highlightTerms(data, query);
    routing.forEach(function (r, i) { routingList.appendChild(renderResult(r, i, terms, true)); });
    routingSection.hidden = routing.length === 0;
    // Referrals come from the answer; with no result, or no answer, there
    // is nothing to refer the caller to.
    renderReferrals(data.results.length && level !== "none" ? data.referrals : [], data.results);
    resList.textContent = "";
    // Which typing the list answers: a search for a prefix can land after
    // the last key (tests wait on it before they click).
    resList.dataset.query = query;
    data.results.forEach(function (r, i) { resList.appendChild(renderResult(r, i, terms, level !== "none")); });
    results().forEach(function (li, i) { li.dataset.index = String(i); });
    resHeading.textContent = say.heading;
    resSection.hidden = data.results.length === 0;
    emptyEl.hidden = data.results.length !== 0 || level === "none";
    announce(say.status(data.results.length, routing.length), typed);
    tookEl.textContent = "（" + data.took_ms.toFixed(1) + " ms）";
    showing(data, query);
  }

  function clearResults() {
    if (controller) controller.abort();
    seq++;
    clearShown();
    welcomeEl.hidden = false;
    showNotice("");
  }

  // clearShown takes the results, referral cards and routing of the last
  // search off the screen.
  function clearShown() {
    lastKey = "";
    notShowing();
    refSection.hidden = true;
    resSection.hidden = true;
    routingSection.hidden = true;
    confEl.hidden = true;
    emptyEl.hidden = true;
    announce("");
    tookEl.textContent = "";
    refGrid.textContent = "";
    resList.textContent = "";
    routingList.textContent = "";
  }

  // searchFailed says the search failed and clears the previous query's
  // results: a card read out for another call is worse than none.
  function searchFailed(e) {
    clearShown();
    welcomeEl.hidden = true;
    showNotice("", "error");
    window.soudanErrors.show(noticeEl, "検索できませんでした。", e);
  }

  // ---- searching ----

  function selectedKinds() {
    var on = kindBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    return on.length === kindBoxes.length ? [] : on;
  }

  // updateURL puts the search in the URL: kinds lists the checked kinds
  // (none: all), and an empty kinds= says none is checked.
  function updateURL(query, kinds) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (kinds.length) params.set("kinds", kinds.join(","));
    else if (kindBoxes.every(function (b) { return !b.checked; })) params.set("kinds", "");
    var qs = params.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
    document.title = (query ? query + " - " : "") + "相談対応検索";
  }

  function search(force, typed) {
    clearTimeout(timer);
    var query = box.value;
    var kinds = selectedKinds();
    updateURL(query.trim() ? query : "", kinds);
    if (!query.trim()) {
      clearResults();
      return;
    }
    if (kindBoxes.every(function (b) { return !b.checked; })) {
      clearResults();
      welcomeEl.hidden = true;
      showNotice("種類が1つも選ばれていません。", "warn");
      return;
    }
    var key = query + "\u0000" + kinds.join(",");
    if (!force && key === lastKey) return;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var my = ++seq;
    // The count of the last search is stale: cleared at once, said again
    // when this search answers.
    announce("");
    loadingTimer = setTimeout(function () { if (my === seq) statusEl.textContent = "検索中…"; }, typed ? LOADING_MS : 0);
    requestJSON("/api/search", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query: query, k: 10, kinds: kinds }),
      signal: controller ? controller.signal : undefined
    }, function (text) {
      if (my === seq) showNotice(text, "warn");
    })
      .then(function (data) {
        if (my !== seq) return; // a newer search was sent
        lastKey = key;
        render(data, query, typed);
      })
      .catch(function (e) {
        if (my !== seq || (e && e.name === "AbortError")) return;
        searchFailed(e);
      });
  }

  function schedule() {
    clearTimeout(timer);
    clearTimeout(announceTimer);
    timer = setTimeout(function () { search(false, true); }, DEBOUNCE_MS);
  }

  // ---- keyboard ----

  // results are the entries on screen in reading order: the routing of an
  // uncovered call first, then the results.
  function results() {
    return Array.prototype.slice.call(document.querySelectorAll("#routing > .result, #results > .result"));
  }

  function focusResult(i) {
    var rs = results();
    if (!rs.length) return;
    i = Math.max(0, Math.min(rs.length - 1, i));
    rs[i].focus();
    rs[i].scrollIntoView({ block: "nearest" });
  }

  // The sticky search bar's height (it wraps on a narrow screen) keeps
  // whatever takes the focus clear of it: --bar sets the page's
  // scroll-padding-top (app.css).
  var searchbar = document.querySelector(".searchbar");
  function measureBar() {
    document.documentElement.style.setProperty("--bar", searchbar.offsetHeight + "px");
  }
  measureBar();
  if (window.ResizeObserver) new ResizeObserver(measureBar).observe(searchbar);
  else window.addEventListener("resize", measureBar);

  // While an IME composes, the box holds unconverted kana: wait for the
  // conversion to be committed.
  box.addEventListener("input", function (ev) { if (!ev.isComposing) schedule(); });
  box.addEventListener("compositionend", schedule);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(true);
  });
  kindBoxes.forEach(function (b) { b.addEventListener("change", function () { search(false); }); });

  document.addEventListener("keydown", function (ev) {
    if (ev.isComposing || ev.keyCode === 229) return; // IME conversion in progress
    var t = ev.target;
    var inBox = t === box;
    var inField = inBox || (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable));
    var li = t && t.closest ? t.closest(".result") : null;

    if (ev.key === "/" && !inField && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      box.focus();
      box.select();
      return;
    }
    if (ev.key === "Escape") {
      if (inBox && box.value) {
        box.value = "";
        search(true);
      }
      box.focus();
      return;
    }
    if (ev.key === "ArrowDown") {
      if (inBox) { ev.preventDefault(); focusResult(0); return; }
      if (li) { ev.preventDefault(); focusResult(Number(li.dataset.index) + 1); return; }
    }
    if (ev.key === "ArrowUp" && li) {
      ev.preventDefault();
      var i = Number(li.dataset.index);
      if (i === 0) box.focus(); else focusResult(i - 1);
      return;
    }
    if (ev.key === "Enter" && li && t === li) {
      ev.preventDefault();
      toggleExpand(li);
      return;
    }
    if ((ev.key === "c" || ev.key === "C") && li && t === li && !ev.ctrlKey && !ev.metaKey) {
      var b = li.querySelector(".copy");
      if (b) { ev.preventDefault(); b.click(); }
    }
  });

  // Restore the search of the URL (shared link or reload).
  if (box.value.trim()) {
    search(true);
  }
})();
