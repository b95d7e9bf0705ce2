// Autocomplete for the search boxes of the linked-data pages: each form with a
// data-suggest address gets a list of matching names as the user types. Names are put in
// with textContent only, never as HTML.
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_CHARS = 2;

  function setup(form, index) {
    var input = form.querySelector("input[type=search]");
    if (!input) return;
    var list = form.querySelector("ul.suggest");
    if (!list) {
      list = document.createElement("ul");
      list.className = "suggest";
      list.id = "suggest-list-" + index;
      list.setAttribute("role", "listbox");
      list.hidden = true;
      form.appendChild(list);
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", list.id);
    }
    var timer = null;
    var active = -1;
    var latest = 0;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      for (var k = 0; k < opts.length; k++) {
        opts[k].setAttribute("aria-selected", k === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }

    function render(results) {
      list.textContent = "";
      active = -1;
      if (!results.length) {
        close();
        return;
      }
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = list.id + "-" + i;
        li.setAttribute("aria-selected", "false");
        var a = document.createElement("a");
        a.href = r.href;
        a.tabIndex = -1;
        var name = document.createElement("span");
        name.className = "suggest__label";
        name.textContent = r.label;
        if (r.lang) name.lang = r.lang;
        a.appendChild(name);
        var kind = document.createElement("span");
        kind.className = "suggest__kind";
        kind.textContent = r.kind;
        a.appendChild(kind);
        var more = r.matched || r.context;
        if (more) {
          var ctx = document.createElement("span");
          ctx.className = "suggest__context";
          ctx.textContent = more;
          a.appendChild(ctx);
        }
        li.appendChild(a);
        li.addEventListener("mousedown", function (ev) {
          ev.preventDefault();
          window.location.href = r.href;
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function lookup() {
      var q = input.value.trim();
      if (q.length < MIN_CHARS) {
        close();
        return;
      }
      var ticket = ++latest;
      var url = form.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (resp) {
          return resp.ok ? resp.json() : { results: [] };
        })
        .then(function (data) {
          if (ticket === latest) render(data.results || []);
        })
        .catch(function () {
          if (ticket === latest) close();
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, DELAY_MS);
    });
    input.addEventListener("keydown", function (ev) {
      if (list.hidden) return;
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        highlight(active + 1);
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        highlight(active - 1);
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        window.location.href = options()[active].querySelector("a").href;
      } else if (ev.key === "Escape") {
        ev.preventDefault(); // closes the list without clearing the search box
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 150);
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-suggest]");
    for (var i = 0; i < forms.length; i++) setup(forms[i], i);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
