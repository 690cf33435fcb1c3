/* Site-wide behaviour without inline scripts: "previous page" buttons, toggled forms. */
(function () {
  "use strict";
  document.addEventListener("click", function (evt) {
    var back = evt.target.closest("[data-history-back]");
    if (back) {
      evt.preventDefault();
      history.back();
    }
  });
})();
