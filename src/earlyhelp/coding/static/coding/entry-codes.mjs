// While the coder reads a new triage entry, fetch its codes once a second for up to ten
// seconds and put them in place. Without JavaScript the page says to reload.
const INTERVAL_MS = 1000;
const ATTEMPTS = 10;

function fragmentFrom(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.querySelector(".eh-entry-codes");
}

function poll(element) {
  const url = element.dataset.codesUrl;
  const message = element.querySelector("[data-coding-message]");
  const waiting = message ? message.textContent : "";
  if (message) message.textContent = "Codes will appear here in a moment.";
  let attempts = 0;
  let stopped = false;
  const stop = (timedOut) => {
    stopped = true;
    clearInterval(timer);
    if (timedOut && message) message.textContent = waiting;
  };
  const timer = setInterval(async () => {
    if (stopped) return;
    attempts += 1;
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
      if (!response.ok) {
        stop(true);
        return;
      }
      const fresh = fragmentFrom(await response.text());
      if (!stopped && fresh && !fresh.hasAttribute("data-coding-pending")) {
        stop(false);
        element.replaceWith(fresh);
        return;
      }
    } catch {
      // A network hiccup: try again until the attempts run out.
    }
    if (attempts >= ATTEMPTS) stop(true);
  }, INTERVAL_MS);
}

document.querySelectorAll(".eh-entry-codes[data-coding-pending]").forEach(poll);
