// Marks the page as having JavaScript before it paints, so GOV.UK components that need
// JavaScript style themselves at once. An external file, so no inline script is needed.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
