// Progressive enhancement of the query page; the page works the same without it (plain form).
// Loaded from the server itself (CSP script-src 'self'); no inline script, no other resource.
(function () {
  "use strict";

  // SPARQL 1.1 words shown as keywords (compared in upper case).
  var KEYWORDS = new Set((
    "BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK DISTINCT REDUCED AS FROM NAMED WHERE ORDER BY ASC " +
    "DESC LIMIT OFFSET GROUP HAVING VALUES UNDEF OPTIONAL UNION MINUS GRAPH SERVICE SILENT BIND " +
    "FILTER EXISTS NOT IN A TRUE FALSE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR " +
    "STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN " +
    "UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY " +
    "HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE " +
    "IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE"
  ).split(" "));
  // One pass, left to right: the first alternative that matches at a position wins, so a "#"
  // inside an IRI or a string is not a comment.
  var TOKEN = new RegExp([
    "(#[^\\n]*)",                                                        // 1 comment
    "(\"\"\"[\\s\\S]*?(?:\"\"\"|$)|'''[\\s\\S]*?(?:'''|$)" +
      "|\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'(?:[^'\\\\\\n]|\\\\.)*'?)",      // 2 string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                                          // 3 IRI
    "([?$][\\w\\u00B7-\\uFFFF]+)",                                       // 4 variable
    "((?:[A-Za-z][\\w.-]*)?:[\\w\\u00B7-\\uFFFF.-]*)",                   // 5 prefixed name
    "([A-Za-z_][\\w]*)",                                                 // 6 word
    "(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)"                               // 7 number
  ].join("|"), "g");
  var CLASSES = [null, "hl-comment", "hl-string", "hl-iri", "hl-variable", "hl-pname", null, "hl-number"];

  function highlighted(text) {
    var out = document.createDocumentFragment();
    var at = 0;
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (match[0] === "") { TOKEN.lastIndex += 1; continue; }
      if (match.index > at) out.appendChild(document.createTextNode(text.slice(at, match.index)));
      var group = 1;
      while (match[group] === undefined) group += 1;
      var cls = CLASSES[group];
      if (group === 6 && KEYWORDS.has(match[0].toUpperCase())) cls = "hl-keyword";
      if (cls) {
        var span = document.createElement("span");
        span.className = cls;
        span.textContent = match[0];
        out.appendChild(span);
      } else {
        out.appendChild(document.createTextNode(match[0]));
      }
      at = match.index + match[0].length;
    }
    if (at < text.length) out.appendChild(document.createTextNode(text.slice(at)));
    out.appendChild(document.createTextNode("\n")); // a last empty line keeps its height
    return out;
  }

  function enhance(editor) {
    var field = editor.parentNode;
    var mirror = document.createElement("pre");
    mirror.className = "code-highlight";
    mirror.setAttribute("aria-hidden", "true");
    var code = document.createElement("code");
    mirror.appendChild(code);
    field.insertBefore(mirror, editor);
    function paint() {
      code.replaceChildren(highlighted(editor.value));
      follow();
    }
    function follow() {
      mirror.scrollTop = editor.scrollTop;
      mirror.scrollLeft = editor.scrollLeft;
    }
    editor.addEventListener("input", paint);
    editor.addEventListener("scroll", follow);
    paint();
    field.classList.add("highlighted");
  }

  var editor = document.getElementById("query");
  if (editor) enhance(editor);

  // Alt+click on an example fills the editor without running it, so it can be changed first.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-query]");
    if (!link || !editor || !event.altKey) return;
    event.preventDefault();
    editor.value = link.getAttribute("data-query");
    editor.dispatchEvent(new Event("input"));
    editor.focus();
  });
  // Ctrl/Cmd+Enter in the editor runs the query (through the form, so its #results is kept).
  document.addEventListener("keydown", function (event) {
    if (event.target === editor && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      editor.form.requestSubmit();
    }
  });
})();
