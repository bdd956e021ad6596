// The dashboard's only script: Telegram's theme, the one-time trade of initData for a session,
// a confirmation before irreversible actions, and a quiet refresh of the Now page.
(function () {
  "use strict";
  var body = document.body;
  var base = body.getAttribute("data-base") || "";
  var tg = window.Telegram && window.Telegram.WebApp;
  var fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));

  // Telegram's theme parameters become CSS variables (--tg-bg-color, ...); outside Telegram
  // they come from the launch fragment, as Telegram passes them, and last for the session.
  function theme() {
    var params = tg && tg.themeParams && Object.keys(tg.themeParams).length ? tg.themeParams : null;
    var scheme = tg && tg.colorScheme;
    try {
      if (!params && fragment.get("tgWebAppThemeParams")) {
        params = JSON.parse(fragment.get("tgWebAppThemeParams"));
      }
      if (!scheme && fragment.get("tgWebAppColorScheme")) {
        scheme = fragment.get("tgWebAppColorScheme");
      }
      if (params) { sessionStorage.setItem("tgTheme", JSON.stringify(params)); }
      if (scheme) { sessionStorage.setItem("tgScheme", scheme); }
      params = params || JSON.parse(sessionStorage.getItem("tgTheme") || "null");
      scheme = scheme || sessionStorage.getItem("tgScheme");
    } catch (e) { params = null; }
    var root = document.documentElement;
    if (scheme === "dark" || scheme === "light") { root.setAttribute("data-scheme", scheme); }
    if (params) {
      Object.keys(params).forEach(function (key) {
        if (/^[a-z_]+$/.test(key) && /^#[0-9a-fA-F]{3,8}$/.test(String(params[key]))) {
          root.style.setProperty("--tg-" + key.replace(/_/g, "-"), params[key]);
        }
      });
    }
  }

  function launch() {
    var data = (tg && tg.initData) || fragment.get("tgWebAppData") || "";
    if (tg && tg.ready) { tg.ready(); tg.expand && tg.expand(); }
    fetch(base + "/auth", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ init_data: data }).toString()
    }).then(function (response) {
      if (!response.ok) { throw new Error("refused"); }
      return response.json();
    }).then(function (answer) {
      window.location.replace(answer.next);
    }).catch(function () {
      window.location.replace(base + "/denied");
    });
  }

  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }

  // The Now page refreshes itself, unless the coordinator is typing a note.
  function refresh() {
    var seconds = parseInt(body.getAttribute("data-refresh") || "0", 10);
    if (!seconds) { return; }
    window.setInterval(function () {
      var typing = Array.prototype.some.call(
        document.querySelectorAll("textarea, input[type=text]"),
        function (field) { return field.value || field === document.activeElement; }
      );
      if (!typing) { window.location.replace(window.location.pathname); }
    }, seconds * 1000);
  }

  theme();
  if (body.hasAttribute("data-launch")) { launch(); } else { confirmations(); refresh(); }
})();
