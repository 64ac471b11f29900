// The editors' insights page. Every stored text goes into the page through
// textContent, never through innerHTML.
(function () {
  "use strict";

  var KIND_LABELS = { standard_answer: "標準回答", faq: "FAQ", "case": "ケース", manual: "マニュアル" };
  var CONF_LABELS = { high: "高", low: "低", none: "該当なし", "": "不明" };
  var VERDICT_LABELS = { helpful: "対応できた", none: "該当なし", "": "" };
  var SVG = "http://www.w3.org/2000/svg";

  var daysEl = document.getElementById("days");
  var csvEl = document.getElementById("csv");
  var summaryEl = document.getElementById("summary");
  var errorEl = document.getElementById("error");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function pct(x) { return (x * 100).toFixed(0) + "%"; }

  function when(iso) {
    var d = new Date(iso);
    return d.toLocaleString("ja-JP", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  }

  function showError(msg) {
    errorEl.textContent = msg;
    errorEl.hidden = !msg;
  }

  // showFailure shows a failed request: prefix, the Japanese message of
  // errors.js and, on a 401, a link to the login form.
  function showFailure(prefix, e) {
    window.soudanErrors.show(errorEl, prefix, e);
  }

  function fetchJSON(url, opts) {
    return window.soudanErrors.requestJSON(url, opts || { headers: { Accept: "application/json" } }, function (text) {
      summaryEl.textContent = text;
    });
  }

  // ---- chart: searches per day, the unanswered part in red, and the
  // unanswered share as a line ----

  function renderChart(daily) {
    var box = document.getElementById("chart");
    box.textContent = "";
    var W = 900, H = 240, L = 40, R = 44, T = 12, B = 36;
    var max = 1;
    daily.forEach(function (d) { max = Math.max(max, d.searches); });
    var step = (W - L - R) / daily.length;
    var bw = Math.max(2, step * 0.7);
    var y = function (v) { return T + (H - T - B) * (1 - v / max); };
    var total = 0, unanswered = 0;
    daily.forEach(function (d) { total += d.searches; unanswered += d.unanswered; });
    var chart = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-labelledby": "chart-title" });
    chart.appendChild(svg("title", { id: "chart-title" }, "日ごとの検索数の棒グラフ。期間合計 " + total + " 件、うち該当なし " + unanswered + " 件。詳しい数字は下の表にあります。"));
    chart.appendChild(svg("line", { x1: L, y1: y(0), x2: W - R, y2: y(0), stroke: "#4f5866" }));
    chart.appendChild(svg("text", { x: L - 6, y: y(max) + 4, "text-anchor": "end", "font-size": 12, fill: "#1d2330" }, String(max)));
    chart.appendChild(svg("text", { x: L - 6, y: y(0) + 4, "text-anchor": "end", "font-size": 12, fill: "#1d2330" }, "0"));
    chart.appendChild(svg("text", { x: W - R + 6, y: T + 4, "font-size": 12, fill: "#b3261e" }, "100%"));
    var points = [];
    daily.forEach(function (d, i) {
      var x = L + i * step + (step - bw) / 2;
      if (d.searches > 0) {
        chart.appendChild(svg("rect", { x: x, y: y(d.searches), width: bw, height: y(0) - y(d.searches), fill: "#1f5fbf" }));
        chart.appendChild(svg("rect", { x: x, y: y(d.unanswered), width: bw, height: y(0) - y(d.unanswered), fill: "#b3261e" }));
        points.push((x + bw / 2) + "," + (T + (H - T - B) * (1 - d.unanswered_share)));
      }
      var every = Math.ceil(daily.length / 10);
      if (i % every === 0 || i === daily.length - 1) {
        chart.appendChild(svg("text", { x: x + bw / 2, y: H - B + 16, "text-anchor": "middle", "font-size": 11, fill: "#1d2330" }, d.date.slice(5)));
      }
    });
    if (points.length > 1) {
      chart.appendChild(svg("polyline", { points: points.join(" "), fill: "none", stroke: "#7d1a14", "stroke-width": 2, "stroke-dasharray": "5 3" }));
    }
    box.appendChild(chart);
    var legend = el("div", "legend");
    [["#1f5fbf", "回答あり"], ["#b3261e", "該当なし"], ["#7d1a14", "該当なしの割合（点線、右端が100%）"]].forEach(function (l) {
      var s = el("span", "");
      var sw = el("span", "swatch");
      sw.style.background = l[0];
      s.appendChild(sw);
      s.appendChild(document.createTextNode(l[1]));
      legend.appendChild(s);
    });
    box.appendChild(legend);

    var tbody = document.querySelector("#daily-table tbody");
    tbody.textContent = "";
    daily.slice().reverse().forEach(function (d) {
      var tr = el("tr");
      tr.appendChild(el("td", "", d.date));
      [d.searches, d.unanswered, d.low].forEach(function (n) { tr.appendChild(el("td", "num", String(n))); });
      tr.appendChild(el("td", "num", d.searches ? pct(d.unanswered_share) : "—"));
      tbody.appendChild(tr);
    });
  }

  // ---- deleting a stored search: the first click arms, the second deletes ----

  var DISARM_MS = 5000;

  // arm sets the button's text and accessible name for its state: armed,
  // the next press deletes.
  function arm(b, s, armed) {
    b.classList.toggle("confirm", armed);
    b.textContent = armed ? "本当に削除" : "削除";
    b.setAttribute("aria-label", "「" + s.query + "」の記録を" + (armed ? "本当に削除（もう一度押すと削除）" : "削除"));
  }

  // deleteButton deletes s on a second press within DISARM_MS, reloads
  // the report (its totals count s) and puts focus on the next delete
  // button of the same list, or on the list's heading.
  function deleteButton(s, heading) {
    var b = el("button", "delete");
    b.type = "button";
    b.dataset.id = s.id;
    arm(b, s, false);
    var timer = 0;
    b.addEventListener("click", function () {
      if (!b.classList.contains("confirm")) {
        arm(b, s, true);
        timer = setTimeout(function () { arm(b, s, false); }, DISARM_MS);
        return;
      }
      clearTimeout(timer);
      b.disabled = true;
      var list = b.closest("table, ol");
      var after = list ? [].slice.call(list.querySelectorAll(".delete")) : [];
      var next = after[after.indexOf(b) + 1];
      fetchJSON("/api/insights/searches/" + encodeURIComponent(s.id), { method: "DELETE", headers: { Accept: "application/json" } })
        .then(function () {
          return load("記録を1件削除しました。");
        }, function (e) {
          b.disabled = false;
          b.focus();
          showFailure("削除できませんでした。", e);
          return false;
        }).then(function (reloaded) {
          if (reloaded !== false) refocus(next ? next.dataset.id : "", list, heading);
        });
    });
    return b;
  }

  // refocus focuses the shown delete button of search id in the list
  // with list's id, else the heading.
  function refocus(id, list, heading) {
    var fresh = list && list.id ? document.getElementById(list.id) : null;
    var b = id && fresh ? [].slice.call(fresh.querySelectorAll(".delete")).filter(function (x) {
      return x.dataset.id === id && x.getClientRects().length;
    })[0] : null;
    if (b) { b.focus(); return; }
    var h = document.getElementById(heading);
    h.tabIndex = -1;
    h.focus();
  }

  function renderGroups(groups) {
    var ol = document.getElementById("groups");
    ol.textContent = "";
    document.getElementById("groups-empty").hidden = groups.length !== 0;
    groups.forEach(function (g) {
      var li = el("li");
      li.appendChild(el("span", "group-label", g.label));
      li.appendChild(el("span", "badge count", g.count + "件"));
      if (g.unanswered) li.appendChild(el("span", "badge none", "該当なし " + g.unanswered));
      if (g.low) li.appendChild(el("span", "badge low", "確信度低 " + g.low));
      var det = el("details");
      det.appendChild(el("summary", "", "検索を見る（最新 " + g.searches.length + " 件）"));
      var ul = el("ul");
      g.searches.forEach(function (s) {
        var item = el("li");
        item.appendChild(el("span", "when", when(s.at)));
        item.appendChild(el("span", "", s.query + " "));
        item.appendChild(deleteButton(s, "groups-h"));
        ul.appendChild(item);
      });
      det.appendChild(ul);
      li.appendChild(det);
      ol.appendChild(li);
    });
  }

  function renderEntries(entries) {
    var table = document.getElementById("entries");
    var tbody = table.querySelector("tbody");
    tbody.textContent = "";
    table.hidden = entries.length === 0;
    document.getElementById("entries-empty").hidden = entries.length !== 0;
    entries.forEach(function (e) {
      var tr = el("tr");
      tr.appendChild(el("td", "", e.title));
      tr.appendChild(el("td", "", KIND_LABELS[e.kind] || e.kind || ""));
      tr.appendChild(el("td", "num", String(e.helpful)));
      tr.appendChild(el("td", "num", String(e.not_helpful)));
      tbody.appendChild(tr);
    });
  }

  function renderUnseen(rep) {
    document.getElementById("unseen-summary").textContent =
      "全 " + rep.entries_total + " 項目のうち " + rep.unseen.length + " 項目が、この期間のどの検索結果にも表示されませんでした。";
    var ul = document.getElementById("unseen");
    ul.textContent = "";
    rep.unseen.forEach(function (e) {
      var li = el("li", "", e.title);
      li.appendChild(el("span", "kind", KIND_LABELS[e.kind] || e.kind || ""));
      ul.appendChild(li);
    });
  }

  function renderRecent(recent) {
    var tbody = document.querySelector("#recent tbody");
    tbody.textContent = "";
    recent.forEach(function (s) {
      var tr = el("tr");
      tr.appendChild(el("td", "", when(s.at)));
      tr.appendChild(el("td", "query", s.query));
      tr.appendChild(el("td", "", CONF_LABELS[s.confidence] || s.confidence));
      tr.appendChild(el("td", "", VERDICT_LABELS[s.verdict || ""] || ""));
      var td = el("td");
      td.appendChild(deleteButton(s, "recent-h"));
      tr.appendChild(td);
      tbody.appendChild(tr);
    });
  }

  // load fetches and shows the report; note prefixes the summary. It
  // resolves once shown, with false when it could not be read.
  function load(note) {
    var days = daysEl.value;
    csvEl.href = "/api/insights/searches.csv?days=" + encodeURIComponent(days);
    summaryEl.textContent = "読み込み中…";
    showError("");
    return fetchJSON("/api/insights?days=" + encodeURIComponent(days)).then(function (rep) {
      var t = rep.totals;
      summaryEl.textContent = (typeof note === "string" ? note : "") + rep.from + "〜" + rep.to + "：検索 " + t.searches + " 件、該当なし " + t.unanswered + " 件" +
        (t.searches ? "（" + pct(t.unanswered / t.searches) + "）" : "") + "、確信度低 " + t.low + " 件、「対応できた」 " + t.helpful + " 件";
      document.getElementById("not-recording").hidden = rep.recording;
      renderChart(rep.daily);
      renderGroups(rep.groups);
      renderEntries(rep.entries);
      renderUnseen(rep);
      renderRecent(rep.recent);
    }, function (e) {
      summaryEl.textContent = "";
      showFailure("読み込めませんでした。", e);
      return false;
    });
  }

  daysEl.addEventListener("change", load);
  document.getElementById("reload").addEventListener("click", load);
  load();
})();
