"""The inline style sheet and script of the HTML report (no network, no external files)."""

CSS = """
:root { --prose: #ffd8a8; --shared: #fff3bf; --quoted: #d0ebff; --boiler: #e9ecef;
        --given: #b2f2bb; --ink: #212529; --muted: #868e96; --line: #dee2e6; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
       color: var(--ink); background: #fff; }
header { position: sticky; top: 0; z-index: 2; background: #f8f9fa; padding: .5rem 1rem;
         border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .4rem 1.2rem;
         align-items: center; }
header h1 { font-size: 1.05rem; margin: 0; }
main { padding: 0 1rem 4rem; max-width: 110rem; margin: 0 auto; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { background: #f1f3f5; position: sticky; top: 0; }
td.nw { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { max-height: 22rem; overflow: auto; border: 1px solid var(--line); }
.legend .key { display: inline-block; padding: 0 .4rem; margin-right: .3rem; border-radius: 3px; }
.article { border-top: 2px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
.article h3 { margin: 0; font-size: 1rem; word-break: break-all; }
.meta { color: var(--muted); font-size: .85rem; }
.pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
.col { max-height: 75vh; overflow: auto; border: 1px solid var(--line); padding: .5rem .8rem;
       scroll-padding: 2rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.card { border-bottom: 1px dashed var(--line); padding: .4rem 0 .6rem; }
.card .head { font-size: .85rem; color: var(--muted); margin-bottom: .2rem; }
a { color: #1c7ed6; }
a.hl { color: inherit; text-decoration: none; border-radius: 3px; cursor: pointer; }
.hl.prose { background: var(--prose); }
.hl.shared { background: var(--shared); }
.hl.quoted { background: var(--quoted); font-style: italic; }
.hl.boiler { background: var(--boiler); color: var(--muted); text-decoration: underline dotted; }
.given { border-bottom: 3px solid var(--given); }
body.hide-boiler .hl.boiler { background: none; text-decoration: none; }
tr.boiler td { color: var(--muted); }
.flash { animation: flash 1.6s ease-out; outline: 2px solid #e8590c; }
@keyframes flash { from { box-shadow: 0 0 0 6px #ff922b; } to { box-shadow: 0 0 0 0 transparent; } }
@media (max-width: 900px) { .pair { grid-template-columns: 1fr; } }
"""

JS = """
(function () {
  "use strict";
  function flash(target) {
    target.classList.remove("flash");
    void target.offsetWidth;
    target.classList.add("flash");
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.hl") : null;
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    target.scrollIntoView({block: "center"});
    flash(target);
    history.replaceState(null, "", "#" + target.id);
  });
  var toggle = document.getElementById("hide-boiler");
  if (toggle) {
    toggle.addEventListener("change", function () {
      document.body.classList.toggle("hide-boiler", toggle.checked);
    });
  }
  if (location.hash.length > 1) {
    var start = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (start) { flash(start); }
  }
})();
"""
