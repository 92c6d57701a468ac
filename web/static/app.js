// tiepdan pages: small helpers; every page works without them.
(function () {
  "use strict";
  // The group mark (đoàn đông người) appears as soon as the number of people
  // reaches the threshold.
  document.querySelectorAll("input[data-group-threshold]").forEach(function (input) {
    var mark = document.getElementById(input.getAttribute("data-group-mark"));
    var threshold = parseInt(input.getAttribute("data-group-threshold"), 10);
    function update() {
      var n = parseInt(input.value, 10);
      if (mark) mark.classList.toggle("hidden", !(n >= threshold));
    }
    input.addEventListener("input", update);
    update();
  });
  // A print button prints the page (the receipt).
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  // A copy button copies the text of its target (section II.6).
  document.querySelectorAll("[data-copy]").forEach(function (b) {
    b.addEventListener("click", function () {
      var el = document.getElementById(b.getAttribute("data-copy"));
      if (!el) return;
      var text = el.innerText;
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text).then(function () { b.textContent = "Đã chép"; });
      } else {
        var r = document.createRange(); r.selectNodeContents(el);
        var s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
        document.execCommand("copy"); b.textContent = "Đã chép";
      }
    });
  });
  // Ctrl+Enter submits the form being typed in, from any field.
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.form) {
      e.preventDefault();
      if (e.target.form.requestSubmit) e.target.form.requestSubmit(); else e.target.form.submit();
    }
  });
})();
