// PleaGuard: starts Swagger UI (served from the swagger-ui-bundle package) on the API's OpenAPI schema.
// Kept out of the page so that the Content-Security-Policy can forbid inline scripts.
"use strict";
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") { return; }
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    persistAuthorization: false,
    tryItOutEnabled: false
  });
});
