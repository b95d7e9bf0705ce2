// What the query page takes from CodeMirror 6 and SPARQL.js, as one global: NqsEditor.
// Bundled by scripts/vendor_editor.sh; server/static/query.js builds the editor from it.
export { EditorState, Compartment } from "@codemirror/state";
export { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, placeholder } from "@codemirror/view";
export { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
export { StreamLanguage, syntaxHighlighting, HighlightStyle, bracketMatching,
  indentOnInput } from "@codemirror/language";
export { tags } from "@lezer/highlight";
export { sparql } from "@codemirror/legacy-modes/mode/sparql";
export { turtle } from "@codemirror/legacy-modes/mode/turtle";
export { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap,
  startCompletion } from "@codemirror/autocomplete";
export { linter, lintGutter, lintKeymap, forceLinting, diagnosticCount } from "@codemirror/lint";
export { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { Parser } from "sparqljs";
export { Parser as SparqlParser };
