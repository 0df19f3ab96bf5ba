// Draws every chart of the page from its JSON data block (no inline script: the CSP forbids it),
// and submits the selectors when one changes.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-option]').forEach(function (element) {
    if (typeof echarts === 'undefined') return;
    var option = JSON.parse(document.getElementById(element.dataset.option).textContent);
    echarts.init(element).setOption(option);
  });
  document.querySelectorAll('form.selectors select, form.subject select').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
});
