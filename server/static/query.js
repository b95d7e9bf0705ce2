/* The query page: highlighted editor, example queries, results table with paging, downloads.
 * Everything is built with DOM methods and textContent; nothing from the server is parsed
 * as HTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("page-data").textContent);
  var form = document.getElementById("query-form");
  var input = document.getElementById("query-text");
  var code = document.getElementById("query-highlight");
  var overlay = code.parentElement;
  var badge = document.getElementById("query-form-badge");
  var runButton = document.getElementById("run-button");
  var prefixButton = document.getElementById("prefix-button");
  var clearButton = document.getElementById("clear-button");
  var statusBox = document.getElementById("results-status");
  var errorBox = document.getElementById("results-error");
  var body = document.getElementById("results-body");
  var pager = document.getElementById("pager");
  var pagerInfo = document.getElementById("pager-info");
  var downloads = document.getElementById("downloads");
  var downloadList = downloads.querySelector(".downloads__list");
  var exampleList = document.getElementById("example-list");

  var GRAPH_EXTENSIONS = { turtle: "ttl", nt: "nt", rdfxml: "rdf", jsonld: "jsonld" };
  var ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  var GRAPH_PREVIEW_LINES = 2000;
  var PLAIN_TYPES = /^xsd:(string|integer|decimal|double|boolean)$/;
  var NUMERIC_TYPES = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;
  var namespaces = Object.keys(data.prefixes)
    .map(function (p) { return [p, data.prefixes[p]]; })
    .sort(function (a, b) { return b[1].length - a[1].length; });

  var state = {
    rows: [], vars: [], page: 0, controller: null,
    downloadKind: downloadList.getAttribute("data-kind")
  };

  /* ---- the editor ---- */

  function syncScroll() {
    overlay.scrollTop = input.scrollTop;
    overlay.scrollLeft = input.scrollLeft;
  }

  var downloadTimer = null;
  function refresh() {
    NqsSparql.highlight(input.value, code);
    syncScroll();
    var kind = NqsSparql.queryForm(input.value);
    badge.textContent = kind ? kind.toUpperCase() : "";
    badge.hidden = !kind;
    window.clearTimeout(downloadTimer);
    downloadTimer = window.setTimeout(updateDownloads, 150);
  }

  input.addEventListener("input", refresh);
  input.addEventListener("scroll", syncScroll);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  function declaredPrefixes(text) {
    var found = {};
    var tokens = NqsSparql.tokenize(text);
    for (var i = 0; i < tokens.length; i += 1) {
      if (tokens[i].type === "keyword" && tokens[i].text.toUpperCase() === "PREFIX") {
        var j = i + 1;
        while (j < tokens.length && tokens[j].type === "space") { j += 1; }
        if (j < tokens.length && tokens[j].type === "pname") {
          found[tokens[j].text.replace(/:.*$/, "")] = true;
        }
      }
    }
    return found;
  }

  prefixButton.hidden = false;
  prefixButton.addEventListener("click", function () {
    var have = declaredPrefixes(input.value);
    var missing = data.prologue.split("\n").filter(function (line) {
      var m = /^PREFIX\s+([^:\s]*):/.exec(line);
      return m && !have[m[1]];
    });
    if (missing.length) {
      input.value = missing.join("\n") + "\n" + input.value;
      refresh();
    }
    say(missing.length ? "Added " + missing.length + " prefix declarations." : "All the project's prefixes are already declared.");
    input.focus();
  });

  clearButton.hidden = false;
  clearButton.addEventListener("click", function () {
    input.value = data.prologue + "\nSELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 100\n";
    selectExample(null);
    refresh();
    input.focus();
    var end = input.value.length;
    input.setSelectionRange(end, end);
  });

  /* ---- examples ---- */

  var examplesByName = {};
  data.examples.forEach(function (ex) { examplesByName[ex.name] = ex; });

  function selectExample(name) {
    exampleList.querySelectorAll("li.example").forEach(function (li) {
      var on = li.getAttribute("data-example") === name;
      li.classList.toggle("is-selected", on);
      var link = li.querySelector("a.example__link");
      if (on) { link.setAttribute("aria-current", "true"); } else { link.removeAttribute("aria-current"); }
    });
    var url = new URL(window.location.href);
    url.search = name ? "?example=" + encodeURIComponent(name) : "";
    window.history.replaceState(null, "", url.pathname + url.search);
  }

  exampleList.addEventListener("click", function (event) {
    var link = event.target.closest("a.example__link");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    var ex = examplesByName[link.getAttribute("data-example")];
    if (!ex) { return; }
    event.preventDefault();
    input.value = ex.text;
    input.scrollTop = 0;
    selectExample(ex.name);
    refresh();
    say("Loaded the example “" + ex.title + "”. Run it with the Run query button.");
  });

  /* the example list can be narrowed by a word of a title, description or column */
  var filterField = document.getElementById("example-filter-field");
  var filterInput = document.getElementById("example-filter");
  if (filterField && filterInput) {
    filterField.hidden = false;
    filterInput.addEventListener("input", function () {
      var words = filterInput.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      exampleList.querySelectorAll("li.example").forEach(function (li) {
        var text = li.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        li.hidden = !match;
        if (match) { shown += 1; }
      });
      if (words.length) { say(shown + " of " + data.examples.length + " examples match the filter."); }
    });
  }

  /* ---- downloads ---- */

  function endpointUrl(format) {
    var params = new URLSearchParams();
    params.set("query", input.value);
    params.set("format", format);
    return data.endpoint + "?" + params.toString();
  }

  function updateDownloads() {
    var kind = NqsSparql.queryForm(input.value);
    var graph = kind === "construct" || kind === "describe";
    var wanted = graph ? "graph" : "results";
    if (state.downloadKind !== wanted) {
      var formats = graph ? data.graphDownloads : data.resultDownloads;
      downloadList.replaceChildren();
      downloadList.setAttribute("data-kind", wanted);
      formats.forEach(function (pair) {
        var fmt = pair[0];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.className = "button button--small";
        a.setAttribute("data-format", fmt);
        a.setAttribute("download", (graph ? "graph." + GRAPH_EXTENSIONS[fmt] : "results." + fmt));
        a.textContent = pair[1];
        li.appendChild(a);
        downloadList.appendChild(li);
      });
      state.downloadKind = wanted;
    }
    downloadList.querySelectorAll("a[data-format]").forEach(function (a) {
      a.href = endpointUrl(a.getAttribute("data-format"));
    });
  }

  /* ---- running ---- */

  function say(message) { statusBox.textContent = message; }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function clearResults() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    body.hidden = true;
    body.replaceChildren();
    pager.hidden = true;
    state.rows = [];
    state.vars = [];
    state.page = 0;
  }

  function run() {
    if (state.controller) { state.controller.abort(); }
    var controller = new AbortController();
    state.controller = controller;
    clearResults();
    updateDownloads();
    say("Running…");
    runButton.disabled = true;
    body.setAttribute("aria-busy", "true");
    var started = performance.now();
    var params = new URLSearchParams();
    params.set("query", input.value);
    fetch(data.endpoint, {
      method: "POST",
      headers: { "Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      body: params.toString(),
      signal: controller.signal,
      credentials: "same-origin"
    })
      .then(function (response) {
        var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
        return response.text().then(function (text) {
          return { ok: response.ok, status: response.status, type: type, text: text };
        });
      })
      .then(function (answer) {
        var seconds = ((performance.now() - started) / 1000).toFixed(2);
        if (!answer.ok) {
          say("The query failed (HTTP " + answer.status + ").");
          showError(answer.text.trim() || "HTTP " + answer.status);
          return;
        }
        if (answer.type === "application/sparql-results+json") {
          showSolutions(JSON.parse(answer.text), seconds);
        } else {
          showGraph(answer.text, seconds);
        }
      })
      .catch(function (error) {
        if (error.name === "AbortError") { return; }
        say("The query could not be sent.");
        showError(String(error.message || error));
      })
      .finally(function () {
        if (state.controller === controller) {
          state.controller = null;
          runButton.disabled = false;
          body.removeAttribute("aria-busy");
        }
      });
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function showSolutions(json, seconds) {
    if (typeof json.boolean === "boolean") {
      var p = document.createElement("p");
      p.className = "ask-answer";
      p.textContent = json.boolean ? "Yes — the pattern matches (true)." : "No — the pattern does not match (false).";
      body.replaceChildren(p);
      body.hidden = false;
      say("ASK answered in " + seconds + " s.");
      return;
    }
    state.vars = (json.head && json.head.vars) || [];
    state.rows = (json.results && json.results.bindings) || [];
    state.page = 0;
    say(plural(state.rows.length, "row", "rows") + " in " + seconds + " s.");
    renderPage();
  }

  function showGraph(text, seconds) {
    var lines = text.split("\n");
    var shown = lines.length > GRAPH_PREVIEW_LINES ? lines.slice(0, GRAPH_PREVIEW_LINES).join("\n") : text;
    var pre = document.createElement("pre");
    pre.className = "graph-preview";
    var codeEl = document.createElement("code");
    NqsSparql.highlight(shown, codeEl);
    pre.appendChild(codeEl);
    body.replaceChildren(pre);
    body.hidden = false;
    var count = text.replace(/\n$/, "").split("\n").length;
    say("Graph as Turtle, " + plural(text.trim() ? count : 0, "line", "lines") + ", in " + seconds + " s." +
        (lines.length > GRAPH_PREVIEW_LINES ? " Showing the first " + GRAPH_PREVIEW_LINES + " lines; download for the rest." : ""));
  }

  /* ---- the table ---- */

  function compact(iri) {
    for (var i = 0; i < namespaces.length; i += 1) {
      var ns = namespaces[i][1];
      if (iri.indexOf(ns) === 0 && /^[\w\-.]*$/.test(iri.slice(ns.length))) {
        return namespaces[i][0] + ":" + iri.slice(ns.length);
      }
    }
    return null;
  }

  function termCell(term) {
    var td = document.createElement("td");
    if (!term) {
      td.className = "cell-unbound";
      return td;
    }
    if (term.type === "uri") {
      td.className = "cell-iri";
      var short = compact(term.value);
      td.textContent = short || "<" + term.value + ">";
      if (short) { td.title = term.value; }
    } else if (term.type === "bnode") {
      td.className = "cell-bnode";
      td.textContent = "_:" + term.value;
    } else if (term.type === "triple") {
      td.className = "cell-triple";
      td.textContent = "<< " + [term.value.subject, term.value.predicate, term.value.object].map(function (t) {
        return t.type === "uri" ? (compact(t.value) || "<" + t.value + ">") : t.value;
      }).join(" ") + " >>";
    } else {
      td.className = "cell-literal";
      var value = document.createElement("span");
      value.textContent = term.value;
      td.appendChild(value);
      var note = null;
      if (term["xml:lang"]) {
        note = "@" + term["xml:lang"];
        td.lang = term["xml:lang"];
      } else if (term.datatype) {
        note = compact(term.datatype) || term.datatype;
        // the usual types speak for themselves; others (dates, custom types) are shown
        if (PLAIN_TYPES.test(note)) { note = null; }
        if (NUMERIC_TYPES.test(term.datatype)) { td.className += " cell-number"; }
      }
      if (note) {
        var small = document.createElement("span");
        small.className = "cell-note";
        small.textContent = note;
        td.appendChild(small);
      }
    }
    return td;
  }

  function pageCount() { return Math.max(1, Math.ceil(state.rows.length / data.rowsPerPage)); }

  function renderPage() {
    var size = data.rowsPerPage;
    var start = state.page * size;
    var rows = state.rows.slice(start, start + size);
    var table = document.createElement("table");
    table.className = "result-table";
    var caption = document.createElement("caption");
    caption.className = "visually-hidden";
    caption.textContent = "Query results, page " + (state.page + 1) + " of " + pageCount();
    table.appendChild(caption);
    var thead = document.createElement("thead");
    var headRow = document.createElement("tr");
    var th0 = document.createElement("th");
    th0.scope = "col";
    th0.className = "row-number";
    th0.textContent = "#";
    headRow.appendChild(th0);
    state.vars.forEach(function (v) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = "?" + v;
      headRow.appendChild(th);
    });
    thead.appendChild(headRow);
    table.appendChild(thead);
    var tbody = document.createElement("tbody");
    rows.forEach(function (binding, i) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.className = "row-number";
      th.textContent = String(start + i + 1);
      tr.appendChild(th);
      state.vars.forEach(function (v) { tr.appendChild(termCell(binding[v])); });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    if (!rows.length) {
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = "No rows.";
      body.replaceChildren(table, p);
    } else {
      body.replaceChildren(table);
    }
    body.hidden = false;
    var pages = pageCount();
    pager.hidden = pages <= 1;
    pagerInfo.textContent = "Page " + (state.page + 1) + " of " + pages + " · rows " +
      (rows.length ? start + 1 : 0) + "–" + (start + rows.length) + " of " + state.rows.length;
    pager.querySelector('[data-page="first"]').disabled = state.page === 0;
    pager.querySelector('[data-page="prev"]').disabled = state.page === 0;
    pager.querySelector('[data-page="next"]').disabled = state.page >= pages - 1;
    pager.querySelector('[data-page="last"]').disabled = state.page >= pages - 1;
  }

  pager.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-page]");
    if (!button) { return; }
    var last = pageCount() - 1;
    var to = { first: 0, prev: state.page - 1, next: state.page + 1, last: last }[button.getAttribute("data-page")];
    state.page = Math.min(Math.max(0, to), last);
    renderPage();
    body.scrollTop = 0;
    if (button.disabled) { pager.querySelector(state.page === 0 ? '[data-page="next"]' : '[data-page="prev"]').focus(); }
  });

  refresh();
  updateDownloads();
})();
