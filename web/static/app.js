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
  // A route's method follows the destination (and, at the desk, the type)
  // as the law proposes — a denunciation sent away is transferred — until
  // the officer picks a method: data-propose lists "dest=method" or
  // "type/dest=method".
  document.querySelectorAll("select[data-propose]").forEach(function (method) {
    var form = method.form;
    if (!form) return;
    var to = form.querySelector("select[name=to]");
    var type = form.querySelector("select[name=type]");
    var table = {};
    method.getAttribute("data-propose").split(" ").forEach(function (pair) {
      var kv = pair.split("=");
      if (kv.length === 2) table[kv[0]] = kv[1];
    });
    var touched = false;
    method.addEventListener("change", function () { touched = true; });
    function propose() {
      if (touched || !to) return;
      var key = (type ? type.value + "/" : "") + to.value;
      if (table[key]) method.value = table[key];
    }
    if (to) to.addEventListener("change", propose);
    if (type) type.addEventListener("change", propose);
  });
  // Ctrl+Enter submits the form being typed in, from any field.
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.form) {
      e.preventDefault();
      if (e.target.form.requestSubmit) e.target.form.requestSubmit(); else e.target.form.submit();
    }
  });
})();
