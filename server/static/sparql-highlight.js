/* A small SPARQL tokenizer and highlighter. No dependencies; MIT-style, part of kz-nqs.
 *
 * NqsSparql.tokenize(text) -> [{type, text}], where the types are:
 *   comment, string, iri, variable, pname, keyword, function, number, literal (true/false),
 *   lang, punct, space, text
 * NqsSparql.highlight(text, element) fills element with one <span class="tok-TYPE"> per token.
 * NqsSparql.queryForm(text) -> "select" | "ask" | "construct" | "describe" | null
 */
(function (global) {
  "use strict";

  var KEYWORDS = (
    "SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED PREFIX BASE DISTINCT REDUCED OPTIONAL " +
    "UNION MINUS GRAPH SERVICE SILENT FILTER BIND VALUES AS GROUP BY ORDER ASC DESC HAVING " +
    "LIMIT OFFSET NOT IN EXISTS UNDEF SEPARATOR"
  ).split(" ");
  var FUNCTIONS = (
    "COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT STR LANG LANGMATCHES DATATYPE BOUND IRI URI " +
    "BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS " +
    "STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW " +
    "UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI " +
    "ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE"
  ).split(" ");
  var KEYWORD_SET = {};
  var FUNCTION_SET = {};
  KEYWORDS.forEach(function (k) { KEYWORD_SET[k] = true; });
  FUNCTIONS.forEach(function (k) { FUNCTION_SET[k] = true; });

  var NAME_START = "A-Za-z\\u00C0-\\u02FF\\u0370-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
  var NAME_CHAR = NAME_START + "_0-9\\-\\u00B7\\u0300-\\u036F\\u203F-\\u2040";
  var PREFIX = "[" + NAME_START + "](?:[" + NAME_CHAR + ".]*[" + NAME_CHAR + "])?";
  var LOCAL_CHAR = NAME_CHAR + ":%";
  var LOCAL = "(?:[" + LOCAL_CHAR + "]|\\\\.)(?:(?:[" + LOCAL_CHAR + ".]|\\\\.)*(?:[" + LOCAL_CHAR + "]|\\\\.))?";

  // One alternative per token type, tried in this order at each position.
  var RULES = [
    ["space", "\\s+"],
    ["comment", "#[^\\n]*"],
    ["string", '"""[\\s\\S]*?(?:"""|$)|\'\'\'[\\s\\S]*?(?:\'\'\'|$)|"(?:[^"\\\\\\n]|\\\\.)*"?|\'(?:[^\'\\\\\\n]|\\\\.)*\'?'],
    ["iri", "<[^<>\"{}|^`\\\\\\s]*>"],
    ["variable", "[?$][" + NAME_CHAR + "]+"],
    ["pname", "(?:" + PREFIX + ")?:(?:" + LOCAL + ")?"],
    ["lang", "@[A-Za-z]+(?:-[A-Za-z0-9]+)*"],
    ["number", "(?:\\d+\\.\\d*|\\.\\d+|\\d+)(?:[eE][+-]?\\d+)?"],
    ["word", "[A-Za-z_][A-Za-z0-9_]*"],
    ["punct", "\\^\\^|&&|\\|\\||!=|<=|>=|[{}()\\[\\];,.*+\\-/=<>!|^]"],
    ["text", "[\\s\\S]"]
  ];
  var PATTERN = new RegExp(
    RULES.map(function (r) { return "(" + r[1] + ")"; }).join("|"),
    "gy"
  );

  function classify(word) {
    var upper = word.toUpperCase();
    if (word === "a") { return "keyword"; }
    if (upper === "TRUE" || upper === "FALSE") { return "literal"; }
    if (KEYWORD_SET[upper]) { return "keyword"; }
    if (FUNCTION_SET[upper]) { return "function"; }
    return "text";
  }

  function tokenize(text) {
    var tokens = [];
    var match;
    PATTERN.lastIndex = 0;
    while (PATTERN.lastIndex < text.length && (match = PATTERN.exec(text)) !== null) {
      for (var i = 1; i <= RULES.length; i += 1) {
        if (match[i] !== undefined) {
          var type = RULES[i - 1][0];
          if (type === "word") { type = classify(match[i]); }
          tokens.push({ type: type, text: match[i] });
          break;
        }
      }
    }
    return tokens;
  }

  function highlight(text, element) {
    var fragment = document.createDocumentFragment();
    tokenize(text).forEach(function (token) {
      if (token.type === "space" || token.type === "text") {
        fragment.appendChild(document.createTextNode(token.text));
      } else {
        var span = document.createElement("span");
        span.className = "tok-" + token.type;
        span.textContent = token.text;
        fragment.appendChild(span);
      }
    });
    // A final newline needs something after it, or the overlay is one line short.
    fragment.appendChild(document.createTextNode("\n"));
    element.replaceChildren(fragment);
  }

  var FORMS = { SELECT: "select", ASK: "ask", CONSTRUCT: "construct", DESCRIBE: "describe" };

  function queryForm(text) {
    var tokens = tokenize(text);
    for (var i = 0; i < tokens.length; i += 1) {
      if (tokens[i].type === "keyword") {
        var form = FORMS[tokens[i].text.toUpperCase()];
        if (form) { return form; }
      }
    }
    return null;
  }

  global.NqsSparql = { tokenize: tokenize, highlight: highlight, queryForm: queryForm };
})(window);
