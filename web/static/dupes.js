// The duplicate finder page. Every corpus text is inserted with
// textContent, never as HTML.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const state = { threshold: params.get("threshold") || "", all: params.get("all") === "1" };

  function pct(x) { return (x * 100).toFixed(0) + "%"; }
  function sourceText(s) {
    if (!s) return "";
    return s.start_line === s.end_line ? `${s.file}:${s.start_line}` : `${s.file}:${s.start_line}-${s.end_line}`;
  }
  function pathText(p) { return (p || []).join(" › "); }
  function pairKey(p) { return p.a.id + "|" + p.b.id; }

  // api calls the duplicates API; failures reject with a Japanese message
  // (errors.js), a busy server is retried once and said in the summary.
  function api(method, url, body) {
    const opts = { method, headers: { Accept: "application/json" } };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return window.soudanErrors.requestJSON(url, opts, (text) => { $("summary").textContent = text; });
  }

  function showError(el, err) {
    if (err) window.soudanErrors.show(el, "エラー: ", err);
    else { el.textContent = ""; el.hidden = true; }
  }

  function fillSide(side, ref, segs, keep) {
    side.querySelector(".title").textContent = ref.title;
    side.querySelector(".path").textContent = pathText(ref.path);
    side.querySelector(".source").textContent = sourceText(ref.source);
    // The pane scrolls: it takes focus (scroll it with the arrow keys) and
    // says whose text it holds.
    const pre = side.querySelector(".text");
    pre.setAttribute("aria-label", (keep === "delete" ? "左" : "右") + "の本文：" + ref.title);
    pre.textContent = "";
    for (const s of segs || []) {
      if (s.op === "equal") { pre.appendChild(document.createTextNode(s.text)); continue; }
      if (s.op !== keep) continue;
      const el = document.createElement(keep === "delete" ? "del" : "ins");
      el.className = keep === "delete" ? "del" : "ins";
      el.textContent = s.text;
      pre.appendChild(el);
    }
  }

  function renderPair(p) {
    const node = $("pair-template").content.firstElementChild.cloneNode(true);
    node.dataset.key = pairKey(p);
    node.dataset.a = p.a.id;
    node.dataset.b = p.b.id;
    node.id = "pair-" + p.a.id + "-" + p.b.id;
    if (p.marked) node.classList.add("marked");
    node.querySelector(".score").textContent = "類似度 " + pct(p.similarity);
    const parts = [`字面 ${pct(p.lexical)}`, `Jaccard ${pct(p.jaccard)}`, `包含率 ${pct(p.containment)}`];
    if (state.embedder) parts.push(`意味 ${pct(p.semantic)}`);
    if (p.paraphrase) parts.push(`言い換え ${pct(p.paraphrase)}`);
    node.querySelector(".scores").textContent = parts.join(" ・ ");
    const diff = p.diff || { left: [{ op: "equal", text: "" }], right: [{ op: "equal", text: "" }] };
    fillSide(node.querySelector(".left"), p.a, diff.left, "delete");
    fillSide(node.querySelector(".right"), p.b, diff.right, "insert");
    const mark = node.querySelector(".mark");
    const unmark = node.querySelector(".unmark");
    node.querySelector(".marked-badge").hidden = !p.marked;
    mark.hidden = p.marked;
    unmark.hidden = !p.marked;
    const act = async (btn, method) => {
      btn.disabled = true;
      try {
        await api(method, "/api/duplicates/marks", { a: p.a.id, b: p.b.id });
        const next = nextKey(node);
        await load();
        refocus(pairKey(p), next);
      } catch (e) { showError($("error"), e); btn.disabled = false; btn.focus(); }
    };
    mark.addEventListener("click", () => act(mark, "POST"));
    unmark.addEventListener("click", () => act(unmark, "DELETE"));
    return node;
  }

  // nextKey is the key of the pair after node, if any.
  function nextKey(node) {
    const n = node.nextElementSibling;
    return n && n.dataset.key ? n.dataset.key : "";
  }

  // refocus puts focus back after the list is redrawn (WCAG 2.4.3): on the
  // pair's own button that replaced the one pressed, else (the pair is
  // now hidden) on the next pair's button, else on the list's heading.
  function refocus(key, next) {
    const find = (k) => k ? [...document.querySelectorAll("#pairs article.pair")].find((a) => a.dataset.key === k) : null;
    const pair = find(key) || find(next);
    const btn = pair ? [...pair.querySelectorAll("button.mark, button.unmark")].find((b) => !b.hidden) : null;
    if (btn) { btn.focus(); return; }
    $("pairs-h").tabIndex = -1;
    $("pairs-h").focus();
  }

  function renderClusters(rep, titles) {
    const ol = $("clusters");
    ol.textContent = "";
    if (rep.clusters.length === 0) {
      const li = document.createElement("li");
      li.textContent = "グループはありません。";
      ol.appendChild(li);
      return;
    }
    for (const c of rep.clusters) {
      const li = document.createElement("li");
      c.ids.forEach((id, i) => {
        if (i > 0) li.appendChild(document.createTextNode(" ／ "));
        const span = document.createElement("span");
        const t = titles.get(id);
        span.textContent = (id === c.central ? "★ " : "") + (t ? `${t.title}（${sourceText(t.source)}）` : id);
        if (id === c.central) span.className = "central";
        li.appendChild(span);
      });
      ol.appendChild(li);
    }
  }

  async function load() {
    showError($("error"), null);
    const q = new URLSearchParams();
    if (state.threshold !== "") q.set("threshold", state.threshold);
    if (state.all) q.set("all", "1");
    let rep;
    try {
      rep = await api("GET", "/api/duplicates?" + q);
    } catch (e) { showError($("error"), e); return; }
    // The URL changes only once the list it names is shown.
    history.replaceState(null, "", "/duplicates" + (q.toString() ? "?" + q : ""));
    state.embedder = rep.embedder || "";
    // The box shows the threshold actually used.
    $("threshold").value = rep.threshold;
    const titles = new Map();
    for (const p of rep.pairs) { titles.set(p.a.id, p.a); titles.set(p.b.id, p.b); }
    const box = $("pairs");
    box.textContent = "";
    for (const p of rep.pairs) box.appendChild(renderPair(p));
    if (rep.pairs.length === 0) {
      const empty = document.createElement("p");
      empty.className = "hint";
      empty.textContent = "しきい値以上の組はありません。";
      box.appendChild(empty);
    }
    renderClusters(rep, titles);
    let s = `${rep.pairs.length} 組・${rep.clusters.length} グループ（しきい値 ${rep.threshold}）`;
    if (rep.hidden) s += `・「重複ではない」として非表示 ${rep.hidden} 組`;
    if (!rep.embedder) s += "・意味の類似度は未使用";
    $("summary").textContent = s;
    if (rep.marks_error) {
      // The server's reason is English: errors.js shows it as the
      // detail, marked lang="en" (WCAG 3.1.2).
      const e = new Error("「重複ではない」の記録を読めないため、非表示にせず表示しています。");
      e.status = 200;
      e.detail = rep.marks_error;
      showError($("error"), e);
    }
    document.body.dataset.loaded = "1";
  }

  async function check() {
    const list = $("check-results");
    list.textContent = "";
    showError($("check-error"), null);
    $("check-status").textContent = "確認中…";
    let res;
    // A draft the server refuses (400, 413) is marked invalid; the message
    // is the text area's description (aria-describedby, WCAG 3.3.1).
    const draft = $("draft");
    draft.removeAttribute("aria-invalid");
    try {
      res = await api("POST", "/api/duplicates/check", { text: draft.value });
    } catch (e) {
      $("check-status").textContent = "";
      if (e.status === 400 || e.status === 413) draft.setAttribute("aria-invalid", "true");
      showError($("check-error"), e);
      return;
    }
    // The live region says what the list below holds.
    $("check-status").textContent = res.matches.length ? `似ている既存項目 ${res.matches.length} 件` : "似ている既存項目は見つかりませんでした。";
    if (res.matches.length === 0) {
      const li = document.createElement("li");
      li.textContent = "似ている既存項目は見つかりませんでした。";
      list.appendChild(li);
    }
    for (const m of res.matches) {
      const li = document.createElement("li");
      const b = document.createElement("strong");
      b.textContent = `${pct(m.similarity)} `;
      li.appendChild(b);
      li.appendChild(document.createTextNode(m.entry.title));
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = `${pathText(m.entry.path)} ${sourceText(m.entry.source)}（字面 ${pct(m.lexical)}・包含率 ${pct(m.containment)}${state.embedder ? "・意味 " + pct(m.semantic) : ""}${m.paraphrase ? "・言い換え " + pct(m.paraphrase) : ""}）`;
      li.appendChild(meta);
      list.appendChild(li);
    }
  }

  // applyThreshold checks the box in the page (a number above 0 and at
  // most 1; the server reads 0 as its default) and reloads with it; a
  // wrong value is said in Japanese, marked invalid, and changes nothing.
  function applyThreshold() {
    const box = $("threshold");
    const v = box.value.trim();
    const t = Number(v);
    const ok = v === "" || (/^[0-9.]+$/.test(v) && t > 0 && t <= 1);
    box.setAttribute("aria-invalid", String(!ok));
    $("threshold-error").hidden = ok;
    if (!ok) { box.focus(); return; }
    state.threshold = v;
    load();
  }

  $("threshold").value = state.threshold;
  $("show-marked").checked = state.all;
  $("reload").addEventListener("click", applyThreshold);
  // Enter that confirms an IME conversion is the IME's, not a request to
  // apply the half-typed value.
  $("threshold").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.isComposing && e.keyCode !== 229) applyThreshold();
  });
  $("show-marked").addEventListener("change", (e) => { state.all = e.target.checked; load(); });
  $("check").addEventListener("click", check);
  load();
})();
