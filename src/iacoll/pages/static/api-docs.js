/* Starts Swagger UI (swagger-ui-dist, served from npm) on /api: no inline script, so the
 * Content-Security-Policy can forbid them. */
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  if (!element || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: element.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: true,
  });
})();
