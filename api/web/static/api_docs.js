// Starts the API's documentation viewer of the page, /docs (Swagger UI) or /redoc: a served
// file, not an inline script, so the pages keep the strict CSP. Loaded before the viewer's own
// script (it prepares the page for it) and starts it once the page is read.
(function () {
  "use strict";
  var redocRoot = document.getElementById("redoc");
  if (redocRoot) {
    // ReDoc adds <style> elements as it loads and renders: the CSP takes those that carry
    // this answer's nonce (a data attribute: browsers hide a nonce attribute from scripts),
    // so every <style> this page adds gets it on its way into the document.
    var nonce = redocRoot.getAttribute("data-style-nonce");
    var withNonce = function (node) {
      if (node && node.nodeName === "STYLE" && !node.nonce) {
        node.nonce = nonce;
      }
      return node;
    };
    var appendChild = Node.prototype.appendChild;
    var insertBefore = Node.prototype.insertBefore;
    Node.prototype.appendChild = function (node) {
      return appendChild.call(this, withNonce(node));
    };
    Node.prototype.insertBefore = function (node, before) {
      return insertBefore.call(this, withNonce(node), before);
    };
    // ReDoc's menu shows its maker's logo from their CDN, unconditionally: the CSP would refuse
    // it (a violation in the console) and the page must ask no other host, so that one image
    // is given an empty one instead.
    var blank = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";
    var own = function (value) {
      return /^https?:/i.test(String(value)) ? blank : value;
    };
    var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
    Object.defineProperty(HTMLImageElement.prototype, "src", {
      configurable: true,
      enumerable: src.enumerable,
      get: src.get,
      set: function (value) {
        src.set.call(this, own(value));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var swagger = document.getElementById("swagger-ui");
    if (swagger && typeof SwaggerUIBundle === "function") {
      window.ui = SwaggerUIBundle({
        url: swagger.getAttribute("data-spec"),
        dom_id: "#swagger-ui",
        deepLinking: true,
        showExtensions: true,
        validatorUrl: null // the default sends the spec to a validator on another host
      });
    }
    if (redocRoot && typeof Redoc === "object") {
      // No search: it runs in a worker made from a blob, which the CSP refuses.
      var options = { nonce: redocRoot.getAttribute("data-style-nonce"), disableSearch: true };
      Redoc.init(redocRoot.getAttribute("data-spec"), options, redocRoot);
    }
  });
})();
