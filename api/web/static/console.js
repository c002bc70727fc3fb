// The console's import form: choosing a file sends it for its preview at once (nothing is
// written before the officer presses "Nhập"); a file above the limit is refused here, before
// a long upload that the server would refuse too.
"use strict";
(function () {
  var form = document.getElementById("upload");
  var input = document.getElementById("file");
  if (!form || !input) return;
  var tooLarge = document.getElementById("too-large");
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return;
    var max = Number(input.getAttribute("data-max-bytes"));
    if (max && file.size > max) {
      tooLarge.hidden = false;
      input.value = "";
      return;
    }
    tooLarge.hidden = true;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });
})();
