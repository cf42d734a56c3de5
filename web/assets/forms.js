// seedbed's forms work without this script. Where it runs, Enter in a picker's search box
// presses that picker's own search button (without it, Enter submits the whole form).
document.addEventListener("keydown", function (e) {
  if (e.key !== "Enter" || !e.target.closest) return;
  var box = e.target.closest(".picker-search");
  if (!box || e.target.tagName !== "INPUT") return;
  var button = box.querySelector("button[name=find]");
  if (button) { e.preventDefault(); button.click(); }
});
