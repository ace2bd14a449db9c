// Progressive enhancement of the query page; the page works the same without it.
// A click on an example fills the editor instead of running the query at once when the
// Alt key is held, so an example can be edited before it runs.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-query]");
  var editor = document.getElementById("query");
  if (!link || !editor || !event.altKey) return;
  event.preventDefault();
  editor.value = link.getAttribute("data-query");
  editor.focus();
});
// Ctrl/Cmd+Enter in the editor runs the query.
document.addEventListener("keydown", function (event) {
  if (event.target.id === "query" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.target.form.submit();
  }
});
