// Shared by the staff, duplicates and insights pages: fetches JSON and
// turns every failure into a Japanese message for the desk. The server's
// own (English) detail is kept only as secondary text.
(function () {
  "use strict";

  // message says, in Japanese, what went wrong for an HTTP status (0: the
  // server could not be reached).
  function message(status, retried) {
    switch (status) {
      case 0: return "サーバーに接続できませんでした。ネットワークかサーバーの状態を確認してください。";
      case 400: return "入力を受け付けられませんでした。内容を見直してください。";
      case 401: return "編集者のログインが必要です（トークンが変わった可能性があります）。";
      case 413: return "入力が長すぎます。短くしてからもう一度お試しください。";
      case 429: return retried ? "混み合っています。しばらくしてからもう一度お試しください。" : "混み合っています。";
      case 503: return "サーバーの準備中または停止中です。しばらくしてからもう一度お試しください。";
      case -1: return "サーバーの応答を読めませんでした。もう一度お試しください。";
    }
    return "エラーが発生しました（HTTP " + status + "）。もう一度お試しください。";
  }

  // failure is an Error whose message is Japanese; status is the HTTP
  // status (0: unreachable, -1: unreadable answer), detail the server's
  // English message or the browser's.
  function failure(status, detail, retried) {
    var e = new Error(message(status, retried));
    e.status = status;
    e.detail = detail || "";
    return e;
  }

  // retryAfter reads a Retry-After header in seconds (1 to 60; 5 when
  // missing or a date).
  function retryAfter(resp) {
    var n = parseInt(resp.headers.get("Retry-After") || "", 10);
    return isFinite(n) ? Math.min(60, Math.max(1, n)) : 5;
  }

  // requestJSON fetches url and resolves with its JSON body. A 429 is
  // retried once after its Retry-After; onRetry(text) is told first so
  // the page can say so. Failures reject with failure(); an abort
  // rejects with the AbortError as it is.
  function requestJSON(url, opts, onRetry, retried) {
    return window.fetch(url, opts).then(function (resp) {
      return resp.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = undefined; }
        if (resp.ok) {
          if (body === undefined) throw failure(-1, "invalid JSON");
          return body;
        }
        var detail = body && body.error && body.error.message ? String(body.error.message) : "";
        if (resp.status === 429 && !retried) {
          var secs = retryAfter(resp);
          if (onRetry) onRetry("混み合っています。" + secs + "秒後に再試行します");
          return new Promise(function (resolve) { setTimeout(resolve, secs * 1000); }).then(function () {
            return requestJSON(url, opts, onRetry, true);
          });
        }
        throw failure(resp.status, detail, retried);
      });
    }, function (e) {
      if (e && e.name === "AbortError") throw e;
      throw failure(0, e && e.message);
    });
  }

  // show writes err (a failure, or an Error with a Japanese message) into
  // el: prefix and the Japanese message, the detail
  // as small secondary text, and on a 401 a link to the login form that
  // comes back to this page.
  function show(el, prefix, err) {
    el.textContent = (prefix || "") + err.message;
    if (err.status === 401) {
      el.appendChild(document.createTextNode(" "));
      var a = document.createElement("a");
      a.className = "login-link";
      a.href = "/login?next=" + encodeURIComponent(location.pathname);
      a.textContent = "ログインし直す";
      el.appendChild(a);
    }
    var detail = err.status !== undefined ? err.detail : "";
    if (detail) {
      var small = document.createElement("small");
      small.className = "error-detail";
      small.lang = "en";
      small.textContent = "（" + detail + "）";
      el.appendChild(document.createTextNode(" "));
      el.appendChild(small);
    }
    el.hidden = false;
  }

  window.soudanErrors = { requestJSON: requestJSON, show: show, message: message };
})();
