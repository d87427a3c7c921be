// One keystroke per code on the review page: a code's key (shown beside it) ticks or
// unticks its checkbox, and Enter confirms. The keys work only while the form has focus
// (WCAG 2.1.4: a stray key or speech input elsewhere on the page changes nothing); the
// first code takes focus when the page opens, unless an error summary needs it. Keys
// typed into a field or with a modifier are left alone, so the browser's and screen
// readers' own shortcuts still work.
const form = document.querySelector("form[data-review-codes]");

if (form) {
  const boxes = new Map();
  form.querySelectorAll("input[type=checkbox][data-shortcut]").forEach((box) => {
    boxes.set(box.dataset.shortcut, box);
  });

  if (!document.querySelector(".govuk-error-summary")) {
    form.querySelector("input[type=checkbox]")?.focus({ preventScroll: true });
  }

  form.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const typing =
      target instanceof HTMLElement &&
      (target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName) ||
        (target.tagName === "INPUT" && !["checkbox", "radio"].includes(target.type)));
    if (typing) return;
    if (event.key === "Enter") {
      // Enter on a link or button does what it always does.
      if (target instanceof HTMLElement && target.closest("a, button")) return;
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    const box = boxes.get(event.key.toLowerCase());
    if (box && !event.shiftKey) {
      event.preventDefault();
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
}
