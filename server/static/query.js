/* The query page: a CodeMirror 6 editor (vendor/codemirror/editor.min.js, global NqsEditor)
 * with SPARQL highlighting, syntax errors marked as you type (SPARQL.js) and completion of
 * the project's prefixes and of the ontology's classes and properties with their kk/ru/en
 * labels (asked of our own /sparql); the library of typed examples; results as a table
 * with sorting, filtering and paging whose IRIs open this server's pages, or as a bar chart;
 * a permalink that reruns the query; a history kept in this browser; downloads.
 * Everything is built with DOM methods and textContent; nothing from the server is parsed
 * as HTML. Every message comes from the page data, in the interface language. */
(function () {
  "use strict";

  var CM = window.NqsEditor;
  var data = JSON.parse(document.getElementById("page-data").textContent);
  var M = data.messages;
  var form = document.getElementById("query-form");
  var textarea = document.getElementById("query-text");
  var badge = document.getElementById("query-form-badge");
  var editorStatus = document.getElementById("editor-status");
  var runButton = document.getElementById("run-button");
  var prefixButton = document.getElementById("prefix-button");
  var clearButton = document.getElementById("clear-button");
  var permalink = document.getElementById("permalink");
  var statusBox = document.getElementById("results-status");
  var errorBox = document.getElementById("results-error");
  var body = document.getElementById("results-body");
  var tools = document.getElementById("results-tools");
  var rowFilter = document.getElementById("results-filter");
  var viewSwitch = document.getElementById("view-switch");
  var viewTable = document.getElementById("view-table");
  var viewChart = document.getElementById("view-chart");
  var chart = document.getElementById("results-chart");
  var pager = document.getElementById("pager");
  var pagerInfo = document.getElementById("pager-info");
  var downloadList = document.querySelector("#downloads .downloads__list");
  var exampleList = document.getElementById("example-list");

  var GRAPH_EXTENSIONS = { turtle: "ttl", nt: "nt", rdfxml: "rdf", jsonld: "jsonld" };
  var ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  var GRAPH_PREVIEW_LINES = 2000;
  var CHART_BARS = 100;
  var HISTORY_KEY = "nqs.query.history";
  var DRAFT_KEY = "nqs.query.draft";
  var HISTORY_SIZE = 30;
  var PERMALINK_MAX = 4000;
  var PLAIN_TYPES = /^xsd:(string|integer|decimal|double|boolean)$/;
  var NUMERIC_TYPES = /#(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedInt|unsignedLong)$/;
  var namespaces = Object.keys(data.prefixes)
    .map(function (p) { return [p, data.prefixes[p]]; })
    .sort(function (a, b) { return b[1].length - a[1].length; });

  var state = {
    vars: [], rows: [], shown: [], page: 0, sort: null, view: "table",
    controller: null, downloadKind: downloadList.getAttribute("data-kind")
  };

  /** A message of the page, its {names} filled from ``values``. */
  function t(key, values) {
    var text = M[key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }

  function say(message) { statusBox.textContent = message; }

  /* ---- the editor ---- */

  var sparqlMode = CM.sparql;
  /* the mode calls <iri> and prefixed names both "atom", and numbers "variable": told apart */
  var sparqlLanguage = CM.StreamLanguage.define({
    name: "sparql",
    startState: sparqlMode.startState,
    indent: sparqlMode.indent,
    languageData: sparqlMode.languageData,
    token: function (stream, st) {
      var style = sparqlMode.token(stream, st);
      var text = stream.current();
      if (style === "atom" && text.charAt(0) === "<") { return "url"; }
      if (style === "variable" && /^[+-]?\d/.test(text)) { return "number"; }
      return style;
    }
  });
  var tags = CM.tags;
  var tokenClasses = CM.HighlightStyle.define([
    { tag: tags.keyword, class: "tok-keyword" },
    { tag: tags.standard(tags.variableName), class: "tok-function" },
    { tag: tags.local(tags.variableName), class: "tok-variable" },
    { tag: tags.url, class: "tok-iri" },
    { tag: tags.atom, class: "tok-pname" },
    { tag: tags.string, class: "tok-string" },
    { tag: tags.number, class: "tok-number" },
    { tag: tags.meta, class: "tok-lang" },
    { tag: tags.comment, class: "tok-comment" },
    { tag: [tags.bracket, tags.operator, tags.punctuation], class: "tok-punct" }
  ]);

  var parser = new CM.SparqlParser({ sparqlStar: true });

  /** The declared prefixes of a query text. */
  function declaredPrefixes(text) {
    var found = {};
    var re = /(^|[\s}])PREFIX\s+([A-Za-z][\w.-]*)?:\s*</gi;
    var m;
    while ((m = re.exec(stripComments(text)))) { found[m[2] || ""] = true; }
    return found;
  }

  function stripComments(text) {
    // comments out, strings and IRIs kept (a # inside them is no comment)
    return text.replace(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>)|#[^\n]*/g, function (all, kept) {
      return kept || all.replace(/[^\n]/g, " ");
    });
  }

  /** The first keyword after the prologue: select, construct, describe, ask, or "". */
  function queryForm(text) {
    var m = /\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b/i.exec(stripComments(text).replace(/<[^<>\s]*>/g, " "));
    return m ? m[1].toLowerCase() : "";
  }

  /** Syntax errors of the query, as CodeMirror diagnostics (at most one: where parsing stopped). */
  function lintQuery(view) {
    var doc = view.state.doc;
    var text = doc.toString();
    var found = [];
    if (text.trim()) {
      try {
        parser.parse(text);
      } catch (error) {
        found.push(diagnostic(doc, text, error));
      }
    }
    showLint(found, doc);
    return found;
  }

  function diagnostic(doc, text, error) {
    var message = String(error.message || error);
    var loc = error.hash && error.hash.loc;
    var from = 0;
    var to = Math.min(doc.length, 1);
    var unknown = /^Unknown prefix: (.*)$/.exec(message);
    if (unknown) {
      var re = new RegExp("(^|[^\\w:?$])" + unknown[1].replace(/[.\\-]/g, "\\$&") + ":", "g");
      var m = re.exec(stripComments(text));
      if (m) {
        from = m.index + m[1].length;
        to = from + unknown[1].length + 1;
      }
      message = t("unknown_prefix", { prefix: unknown[1] });
    } else if (loc) {
      // the parser's location is the token before the one it stopped at (hash.text)
      var before = offset(doc, loc.first_line, loc.first_column);
      var end = offset(doc, loc.last_line, loc.last_column);
      if (error.hash.token === "EOF") {
        from = Math.min(before, Math.max(0, end - 1));
        to = Math.max(end, from + 1);
      } else {
        var rest = stripComments(text.slice(end));
        from = end + (rest.length - rest.replace(/^\s+/, "").length);
        var word = /^\S+/.exec(text.slice(from));
        var length = error.hash.token === "INVALID" && word ? word[0].length : (error.hash.text || "").length;
        to = from + Math.max(1, length);
      }
      from = Math.min(from, doc.length);
      to = Math.min(Math.max(to, from), doc.length);
      message = parseMessage(message);
    } else {
      message = message.split("\n")[0];
    }
    return { from: from, to: to, severity: "error", message: message };
  }

  /** The document offset of a parser's (1-based) line and column. */
  function offset(doc, line, column) {
    var at = doc.line(Math.min(Math.max(line, 1), doc.lines));
    return Math.min(at.from + column, at.to);
  }

  /** "unexpected 'X'", and what was expected when that is a short list, from the parser's
   * "Expecting 'A', 'B', got 'X'" (its other lines repeat the text). */
  function parseMessage(message) {
    var last = message.split("\n").pop();
    var m = /^Expecting (.*), got (.*)$/.exec(last);
    if (!m) { return last; }
    var expected = m[1].split(", ");
    var got = m[2] === "'EOF'" ? "end of query" : m[2];
    return "unexpected " + got + (expected.length <= 4 ? "; expecting " + expected.join(", ") : "");
  }

  function showLint(found, doc) {
    if (!found.length) {
      editorStatus.textContent = doc.length ? t("syntax_ok") : "";
      editorStatus.classList.remove("is-error");
      return;
    }
    var line = doc.lineAt(found[0].from).number;
    editorStatus.textContent = t("syntax_error", { line: line, message: found[0].message });
    editorStatus.classList.add("is-error");
  }

  /* the classes and properties of the store, asked once, when first completed */
  var vocabulary = null;
  function loadVocabulary() {
    if (!vocabulary) {
      var params = new URLSearchParams();
      params.set("query", data.vocabularyQuery);
      vocabulary = fetch(data.endpoint, {
        method: "POST",
        headers: { "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" },
        body: params.toString(),
        credentials: "same-origin"
      })
        .then(function (r) { return r.ok ? r.json() : { results: { bindings: [] } }; })
        .then(termsByPrefix)
        .catch(function () { vocabulary = null; return {}; });
    }
    return vocabulary;
  }

  /** {prefix: [{local, kind, labels: {lang: text}}]} from the vocabulary query's rows. */
  function termsByPrefix(json) {
    var terms = {};
    json.results.bindings.forEach(function (b) {
      var iri = b.term.value;
      var short = compact(iri);
      if (!short) { return; }
      var term = terms[iri] || (terms[iri] = { pname: short, kind: b.kind.value, labels: {} });
      if (b.kind.value === "class") { term.kind = "class"; }
      if (b.label) { term.labels[b.label["xml:lang"] || ""] = b.label.value; }
    });
    var out = {};
    Object.keys(terms).forEach(function (iri) {
      var term = terms[iri];
      var cut = term.pname.indexOf(":");
      var prefix = term.pname.slice(0, cut);
      (out[prefix] = out[prefix] || []).push({ local: term.pname.slice(cut + 1), kind: term.kind, labels: term.labels });
    });
    return out;
  }

  function labelOf(labels) {
    return labels[data.lang] || labels.en || labels.kk || labels.ru || labels[""] || "";
  }

  function labelsInfo(term) {
    return function () {
      var box = document.createElement("div");
      box.className = "completion-info";
      ["kk", "ru", "en"].forEach(function (lang) {
        if (!term.labels[lang]) { return; }
        var row = document.createElement("div");
        var tag = document.createElement("span");
        tag.className = "lang-tag";
        tag.textContent = lang;
        var text = document.createElement("span");
        text.lang = lang;
        text.textContent = " " + term.labels[lang];
        row.append(tag, text);
        box.appendChild(row);
      });
      return box;
    };
  }

  /** ``name`` put in place of from–to, with a PREFIX line for ``prefix`` at the top of the
   * query unless it is declared; the cursor after the name. */
  function insertName(target, prefix, name, from, to) {
    var changes = [{ from: from, to: to, insert: name }];
    var shift = 0;
    if (!declaredPrefixes(target.state.doc.toString())[prefix]) {
      var line = "PREFIX " + prefix + ": <" + data.prefixes[prefix] + ">\n";
      changes.unshift({ from: 0, insert: line });
      shift = line.length;
    }
    target.dispatch({ changes: changes, selection: { anchor: from + shift + name.length } });
  }

  /** Whether ``pos`` is in the prefix of a PREFIX declaration (nothing to complete there). */
  function inDeclaration(doc, pos) {
    var line = doc.lineAt(pos);
    return /^\s*PREFIX\s+[\w.-]*:?[\w.-]*$/i.test(line.text.slice(0, pos - line.from));
  }

  function completeSparql(context) {
    var pname = context.matchBefore(/[A-Za-z][\w.-]*:[\w.-]*$|:[\w.-]*$/);
    if (inDeclaration(context.state.doc, context.pos)) { return null; }
    if (pname) {
      var cut = pname.text.indexOf(":");
      var prefix = pname.text.slice(0, cut);
      if (!(prefix in data.prefixes)) { return null; }
      return loadVocabulary().then(function (terms) {
        var options = (terms[prefix] || []).map(function (term) {
          var label = labelOf(term.labels);
          return {
            label: prefix + ":" + term.local,
            detail: (label ? label + " · " : "") + t(term.kind),
            type: term.kind === "class" ? "class" : "property",
            info: labelsInfo(term),
            apply: function (target, completion, from, to) { insertName(target, prefix, completion.label, from, to); }
          };
        });
        return { from: pname.from, options: options, validFor: /^[A-Za-z][\w.-]*:[\w.-]*$/ };
      });
    }
    var word = context.matchBefore(/[A-Za-z][\w-]*$/) ||
      (context.explicit ? { from: context.pos, to: context.pos, text: "" } : null);
    if (!word) { return null; }
    var before = context.state.sliceDoc(Math.max(0, word.from - 1), word.from);
    if (before === "?" || before === "$" || before === "<" || before === ":") { return null; }
    // only the prefixes that start with the word typed (not a fuzzy match: keywords stay quiet)
    var typed = word.text.toLowerCase();
    var prefixes = namespaces.filter(function (pair) { return pair[0].indexOf(typed) === 0; });
    if (!prefixes.length) { return null; }
    return {
      from: word.from,
      filter: false,
      options: prefixes.map(function (pair) {
        return {
          label: pair[0] + ":",
          detail: pair[1],
          type: "namespace",
          apply: function (target, completion, from, to) {
            insertName(target, pair[0], completion.label, from, to);
            CM.startCompletion(target);
          }
        };
      })
    };
  }

  var draftTimer = null;
  function changed() {
    var text = view.state.doc.toString();
    textarea.value = text;
    var kind = queryForm(text);
    badge.textContent = kind ? kind.toUpperCase() : "";
    updateLinks();
    window.clearTimeout(draftTimer);
    draftTimer = window.setTimeout(function () { store(DRAFT_KEY, text); }, 300);
  }

  function runKey() { run(); return true; }

  var view = new CM.EditorView({
    parent: textarea.parentElement,
    state: CM.EditorState.create({
      doc: textarea.value,
      extensions: [
        CM.keymap.of([{ key: "Mod-Enter", run: runKey }]),
        CM.lineNumbers(),
        CM.highlightActiveLineGutter(),
        CM.history(),
        CM.drawSelection(),
        CM.indentOnInput(),
        CM.bracketMatching(),
        CM.closeBrackets(),
        CM.highlightActiveLine(),
        CM.highlightSelectionMatches(),
        sparqlLanguage,
        CM.syntaxHighlighting(tokenClasses),
        CM.autocompletion({ override: [completeSparql], icons: false }),
        CM.linter(lintQuery, { delay: 300 }),
        CM.lintGutter(),
        CM.keymap.of([].concat(CM.closeBracketsKeymap, CM.defaultKeymap, CM.searchKeymap,
          CM.historyKeymap, CM.completionKeymap, CM.lintKeymap)),
        CM.EditorView.contentAttributes.of({
          "aria-label": M.editor, "aria-describedby": "editor-help editor-status", "lang": "zxx"
        }),
        CM.EditorView.updateListener.of(function (update) { if (update.docChanged) { changed(); } })
      ]
    })
  });
  textarea.hidden = true;
  document.querySelector('label[for="query-text"]').addEventListener("click", function () { view.focus(); });

  function setText(text) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
    view.scrollDOM.scrollTop = 0;
  }
  function getText() { return view.state.doc.toString(); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  prefixButton.hidden = false;
  prefixButton.addEventListener("click", function () {
    var have = declaredPrefixes(getText());
    var missing = data.prologue.split("\n").filter(function (line) {
      var m = /^PREFIX\s+([^:\s]*):/.exec(line);
      return m && !have[m[1]];
    });
    if (missing.length) {
      view.dispatch({ changes: { from: 0, insert: missing.join("\n") + "\n" } });
    }
    say(missing.length ? t("prefixes_added", { n: missing.length }) : t("prefixes_present"));
    view.focus();
  });

  clearButton.hidden = false;
  clearButton.addEventListener("click", function () {
    var text = data.prologue + "\nSELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 100\n";
    setText(text);
    selectExample(null);
    view.dispatch({ selection: { anchor: text.length } });
    view.focus();
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
    setText(ex.text);
    selectExample(ex.name);
    say(t("loaded", { title: link.querySelector(".example__title").textContent }));
  });

  /* the example list can be narrowed by a word of a title, description or column */
  var filterField = document.getElementById("example-filter-field");
  var filterInput = document.getElementById("example-filter");
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
    if (words.length) { say(t("examples_match", { shown: shown, n: data.examples.length })); }
  });

  /* ---- history and draft, kept in this browser ---- */

  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or off */ }
  }

  var historyBox = document.getElementById("history");
  var historyList = document.getElementById("history-list");

  /** The first line of a query that says what it does (not a PREFIX, BASE or comment). */
  function summary(text) {
    var lines = text.split("\n").map(function (l) { return l.trim(); }).filter(function (l) {
      return l && !/^(PREFIX|BASE)\s/i.test(l) && l.charAt(0) !== "#";
    });
    var line = lines.slice(0, 2).join(" ");
    return line.length > 90 ? line.slice(0, 89) + "…" : line;
  }

  function remember(text) {
    var list = load(HISTORY_KEY, []).filter(function (item) { return item.text !== text; });
    list.unshift({ text: text, at: new Date().toISOString() });
    store(HISTORY_KEY, list.slice(0, HISTORY_SIZE));
    renderHistory();
  }

  function renderHistory() {
    var list = load(HISTORY_KEY, []);
    historyBox.hidden = false;
    document.getElementById("history-count").textContent = list.length ? "(" + list.length + ")" : "";
    document.getElementById("history-empty").hidden = list.length > 0;
    document.getElementById("history-clear").hidden = !list.length;
    historyList.replaceChildren();
    list.forEach(function (item, i) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "history__item";
      button.setAttribute("data-index", String(i));
      var code = document.createElement("code");
      code.textContent = summary(item.text);
      var when = document.createElement("time");
      when.dateTime = item.at;
      when.textContent = new Date(item.at).toLocaleString(data.lang);
      button.append(code, when);
      li.appendChild(button);
      historyList.appendChild(li);
    });
  }

  historyList.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-index]");
    if (!button) { return; }
    var item = load(HISTORY_KEY, [])[Number(button.getAttribute("data-index"))];
    if (!item) { return; }
    setText(item.text);
    selectExample(null);
    say(t("history_loaded"));
    view.focus();
  });
  document.getElementById("history-clear").addEventListener("click", function () {
    store(HISTORY_KEY, []);
    renderHistory();
  });

  /* ---- downloads and the permalink ---- */

  function endpointUrl(format) {
    var params = new URLSearchParams();
    params.set("query", getText());
    params.set("format", format);
    return data.endpoint + "?" + params.toString();
  }

  function updateLinks() {
    var kind = queryForm(getText());
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
    var params = new URLSearchParams();
    params.set("query", getText());
    params.set("run", "1");
    var search = "?" + params.toString();
    // the server refuses request lines past 4 KB: a longer query goes in the fragment
    permalink.href = data.page + (data.page.length + search.length <= PERMALINK_MAX ? search : "#" + params.toString());
  }

  /* a download whose address would be too long for the server is asked for by POST */
  downloadList.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-format]");
    if (!link || link.href.length <= PERMALINK_MAX) { return; }
    event.preventDefault();
    var form = new URLSearchParams();
    form.set("query", getText());
    form.set("format", link.getAttribute("data-format"));
    fetch(data.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      credentials: "same-origin"
    })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function (text) { throw new Error(text.trim() || "HTTP " + response.status); });
        }
        return response.blob();
      })
      .then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = link.getAttribute("download");
        document.body.appendChild(a);
        a.click();
        a.remove();
        window.setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      })
      .catch(function (error) { showError(String(error.message || error)); });
  });

  /* ---- running ---- */

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function clearResults() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    body.hidden = true;
    body.replaceChildren();
    chart.hidden = true;
    tools.hidden = true;
    pager.hidden = true;
    state.rows = [];
    state.shown = [];
    state.vars = [];
    state.page = 0;
    state.sort = null;
  }

  function run() {
    if (state.controller) { state.controller.abort(); }
    var controller = new AbortController();
    state.controller = controller;
    var text = getText();
    clearResults();
    updateLinks();
    remember(text);
    say(t("running"));
    runButton.disabled = true;
    body.setAttribute("aria-busy", "true");
    var started = performance.now();
    var params = new URLSearchParams();
    params.set("query", text);
    fetch(data.endpoint, {
      method: "POST",
      headers: { "Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      body: params.toString(),
      signal: controller.signal,
      credentials: "same-origin"
    })
      .then(function (response) {
        var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
        return response.text().then(function (answer) {
          return { ok: response.ok, status: response.status, type: type, text: answer };
        });
      })
      .then(function (answer) {
        var seconds = ((performance.now() - started) / 1000).toFixed(2);
        if (!answer.ok) {
          say(t("failed", { status: answer.status }));
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
        say(t("not_sent"));
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

  function showSolutions(json, seconds) {
    if (typeof json.boolean === "boolean") {
      var p = document.createElement("p");
      p.className = "ask-answer";
      p.textContent = json.boolean ? t("ask_yes") : t("ask_no");
      body.replaceChildren(p);
      body.hidden = false;
      say(t("ask_time", { s: seconds }));
      return;
    }
    state.vars = (json.head && json.head.vars) || [];
    state.rows = (json.results && json.results.bindings) || [];
    state.shown = state.rows;
    state.page = 0;
    state.seconds = seconds;
    rowFilter.value = "";
    tools.hidden = false;
    var chartable = chartColumns() !== null;
    viewSwitch.hidden = !chartable;
    if (!chartable) { state.view = "table"; }
    sayRows();
    render();
  }

  function sayRows() {
    var n = state.rows.length;
    var text = t(n === 1 ? "rows_one" : "rows_many", { n: n, s: state.seconds });
    if (state.shown.length !== n) { text += " " + t("filtered", { shown: state.shown.length, n: n }); }
    say(text);
  }

  function showGraph(text, seconds) {
    var lines = text.split("\n");
    var shown = lines.length > GRAPH_PREVIEW_LINES ? lines.slice(0, GRAPH_PREVIEW_LINES).join("\n") : text;
    var box = document.createElement("div");
    box.className = "graph-preview";
    body.replaceChildren(box);
    body.hidden = false;
    new CM.EditorView({
      parent: box,
      state: CM.EditorState.create({
        doc: shown,
        extensions: [
          CM.EditorState.readOnly.of(true), CM.lineNumbers(), CM.StreamLanguage.define(CM.turtle),
          CM.syntaxHighlighting(tokenClasses),
          CM.EditorView.contentAttributes.of({ "aria-label": M.results, "lang": "zxx" })
        ]
      })
    });
    var count = text.trim() ? text.replace(/\n$/, "").split("\n").length : 0;
    say(t("graph_lines", { n: count, s: seconds }) +
        (lines.length > GRAPH_PREVIEW_LINES ? " " + t("graph_cut", { n: GRAPH_PREVIEW_LINES }) : ""));
  }

  /* ---- terms: their text, their page, their order ---- */

  function compact(iri) {
    for (var i = 0; i < namespaces.length; i += 1) {
      var ns = namespaces[i][1];
      if (iri.indexOf(ns) === 0 && /^[\w\-.]*$/.test(iri.slice(ns.length))) {
        return namespaces[i][0] + ":" + iri.slice(ns.length);
      }
    }
    return null;
  }

  /** The page of an IRI as the other pages link it: /id/… for the data, the ontology's
   * page for its terms, else the IRI itself (it leaves this server). */
  function href(iri) {
    if (iri.indexOf(data.base) === 0 && iri.length > data.base.length) {
      return { url: "/id/" + iri.slice(data.base.length).replace(/[?#]/g, encodeURIComponent), local: true };
    }
    if (iri === data.ontology.iri) { return { url: data.ontology.page, local: true }; }
    if (iri.indexOf(data.ontology.ns) === 0) {
      return { url: data.ontology.page + "#" + iri.slice(data.ontology.ns.length), local: true };
    }
    return { url: iri, local: false };
  }

  function termText(term) {
    if (!term) { return ""; }
    if (term.type === "uri") { return compact(term.value) || "<" + term.value + ">"; }
    if (term.type === "bnode") { return "_:" + term.value; }
    if (term.type === "triple") {
      return "<< " + [term.value.subject, term.value.predicate, term.value.object].map(termText).join(" ") + " >>";
    }
    return term.value;
  }

  function isNumber(term) {
    return !!term && term.type === "literal" && !!term.datatype && NUMERIC_TYPES.test(term.datatype) &&
      isFinite(Number(term.value));
  }

  var collator = new Intl.Collator(data.lang, { numeric: true, sensitivity: "base" });

  function compareTerms(a, b) {
    if (!a || !b) { return a ? -1 : b ? 1 : 0; } // unbound last
    if (isNumber(a) && isNumber(b)) { return Number(a.value) - Number(b.value); }
    return collator.compare(termText(a), termText(b));
  }

  function termCell(term) {
    var td = document.createElement("td");
    if (!term) {
      td.className = "cell-unbound";
      return td;
    }
    if (term.type === "uri") {
      td.className = "cell-iri";
      td.appendChild(iriLink(term.value));
    } else if (term.type === "bnode" || term.type === "triple") {
      td.className = "cell-" + term.type;
      td.textContent = termText(term);
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

  function iriLink(iri) {
    var target = href(iri);
    var a = document.createElement("a");
    a.href = target.url;
    a.textContent = compact(iri) || "<" + iri + ">";
    a.title = iri;
    if (!target.local) { a.rel = "noopener"; a.className = "external"; }
    return a;
  }

  /* ---- the table: sorting, filtering, paging ---- */

  function pageCount() { return Math.max(1, Math.ceil(state.shown.length / data.rowsPerPage)); }

  function applyFilter() {
    var words = rowFilter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = state.rows;
    if (words.length) {
      rows = rows.filter(function (binding) {
        var text = state.vars.map(function (v) {
          var term = binding[v];
          return term ? termText(term) + " " + (term.type === "uri" ? term.value : "") : "";
        }).join(" ").toLowerCase();
        return words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    }
    if (state.sort) {
      var column = state.sort.column;
      var sign = state.sort.descending ? -1 : 1;
      rows = rows.map(function (row, i) { return [row, i]; }).sort(function (x, y) {
        var a = x[0][column];
        var b = y[0][column];
        if (!a || !b) { return compareTerms(a, b) || x[1] - y[1]; }
        return sign * compareTerms(a, b) || x[1] - y[1];
      }).map(function (pair) { return pair[0]; });
    }
    state.shown = rows;
    state.page = Math.min(state.page, pageCount() - 1);
  }

  rowFilter.addEventListener("input", function () {
    state.page = 0;
    applyFilter();
    sayRows();
    render();
  });

  function sortBy(column) {
    var current = state.sort;
    state.sort = { column: column, descending: !!current && current.column === column && !current.descending };
    applyFilter();
    render();
    var button = body.querySelector('button[data-column="' + column + '"]');
    if (button) { button.focus(); }
  }

  function render() {
    if (state.view === "chart") { renderChart(); } else { renderPage(); }
  }

  function renderPage() {
    chart.hidden = true;
    var size = data.rowsPerPage;
    var start = state.page * size;
    var rows = state.shown.slice(start, start + size);
    var pages = pageCount();
    var table = document.createElement("table");
    table.className = "result-table";
    var caption = document.createElement("caption");
    caption.className = "visually-hidden";
    caption.textContent = t("caption", { page: state.page + 1, pages: pages });
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
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.setAttribute("data-column", v);
      button.title = t("sort", { column: "?" + v });
      button.textContent = "?" + v;
      if (state.sort && state.sort.column === v) {
        th.setAttribute("aria-sort", state.sort.descending ? "descending" : "ascending");
      }
      th.appendChild(button);
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
      p.textContent = t("no_rows");
      body.replaceChildren(table, p);
    } else {
      body.replaceChildren(table);
    }
    body.hidden = false;
    pager.hidden = pages <= 1;
    pagerInfo.textContent = t("page_info", {
      page: state.page + 1, pages: pages, from: rows.length ? start + 1 : 0,
      to: start + rows.length, n: state.shown.length
    });
    pager.querySelector('[data-page="first"]').disabled = state.page === 0;
    pager.querySelector('[data-page="prev"]').disabled = state.page === 0;
    pager.querySelector('[data-page="next"]').disabled = state.page >= pages - 1;
    pager.querySelector('[data-page="last"]').disabled = state.page >= pages - 1;
  }

  body.addEventListener("click", function (event) {
    var button = event.target.closest("button.sort-button");
    if (button) { sortBy(button.getAttribute("data-column")); }
  });

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

  /* ---- the chart: a count by a label (two columns, one numeric) ---- */

  /** [label column, value column] when the result can be drawn as bars, else null. */
  function chartColumns() {
    if (state.vars.length !== 2 || !state.rows.length) { return null; }
    var numeric = state.vars.filter(function (v) {
      return state.rows.every(function (row) { return !row[v] || isNumber(row[v]); }) &&
        state.rows.some(function (row) { return isNumber(row[v]); });
    });
    if (numeric.length !== 1) { return null; }
    var value = numeric[0];
    return [state.vars[0] === value ? state.vars[1] : state.vars[0], value];
  }

  function renderChart() {
    var columns = chartColumns();
    if (!columns) { state.view = "table"; renderPage(); return; }
    body.hidden = true;
    pager.hidden = true;
    var label = columns[0];
    var value = columns[1];
    var rows = state.shown.filter(function (row) { return isNumber(row[value]); });
    var bars = rows.slice(0, CHART_BARS);
    var max = bars.reduce(function (m, row) { return Math.max(m, Math.abs(Number(row[value].value))); }, 0) || 1;
    document.getElementById("chart-caption").textContent = t("chart_caption", { value: "?" + value, label: "?" + label });
    var list = document.getElementById("chart-bars");
    list.replaceChildren();
    bars.forEach(function (row) {
      var li = document.createElement("li");
      li.className = "chart__row";
      var name = document.createElement("span");
      name.className = "chart__label";
      var term = row[label];
      if (term && term.type === "uri") { name.appendChild(iriLink(term.value)); } else { name.textContent = termText(term); }
      if (term && term["xml:lang"]) { name.lang = term["xml:lang"]; }
      var track = document.createElement("span");
      track.className = "chart__track";
      var bar = document.createElement("span");
      bar.className = "chart__bar";
      bar.style.width = (100 * Math.abs(Number(row[value].value)) / max).toFixed(2) + "%";
      track.appendChild(bar);
      var number = document.createElement("span");
      number.className = "chart__value";
      number.textContent = Number(row[value].value).toLocaleString(data.lang);
      li.append(name, track, number);
      list.appendChild(li);
    });
    var more = document.getElementById("chart-more");
    more.hidden = rows.length <= CHART_BARS;
    more.textContent = t("chart_more", { shown: CHART_BARS, n: rows.length });
    chart.hidden = false;
  }

  function showView(which) {
    state.view = which;
    viewTable.setAttribute("aria-pressed", String(which === "table"));
    viewChart.setAttribute("aria-pressed", String(which === "chart"));
    render();
  }
  viewTable.addEventListener("click", function () { showView("table"); });
  viewChart.addEventListener("click", function () { showView("chart"); });

  /* ---- start ---- */

  var params = new URLSearchParams(window.location.search);
  var fragment = new URLSearchParams(window.location.hash.slice(1));
  if (fragment.has("query")) {
    // a permalink too long for the address's query part
    params = fragment;
    setText(fragment.get("query"));
  } else if (!params.has("query") && !params.has("example")) {
    var draft = load(DRAFT_KEY, null);
    if (typeof draft === "string" && draft.trim() && draft !== getText()) { setText(draft); }
  }
  changed();
  updateLinks();
  renderHistory();
  window.NqsQuery = { view: view, setText: setText, getText: getText, run: run };
  if (params.get("run") === "1" && params.has("query")) { run(); }
  // a long permalink followed from this very page changes the fragment only
  window.addEventListener("hashchange", function () {
    var given = new URLSearchParams(window.location.hash.slice(1));
    if (!given.has("query")) { return; }
    setText(given.get("query"));
    if (given.get("run") === "1") { run(); }
  });
})();
