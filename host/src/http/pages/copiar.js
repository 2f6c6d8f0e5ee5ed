// "Copiar código": puts a PIX copia-e-cola on the clipboard; without the clipboard API the
// text stays selected for the person to copy.
document.querySelectorAll("button[data-copiar]").forEach(function (button) {
  button.addEventListener("click", function () {
    var field = document.getElementById(button.getAttribute("data-copiar"));
    field.select();
    var done = function () { button.textContent = "Código copiado"; };
    if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, function () {});
  });
});
