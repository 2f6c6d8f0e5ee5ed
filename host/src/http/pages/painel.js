// The dashboard's charts, drawn with Chart.js (Debian's libjs-chart.js, served by the
// host) from the numbers the page carries; each chart has its table beside it.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var block = document.getElementById('dados-graficos');
  if (!block || typeof Chart === 'undefined') return;
  var data = JSON.parse(block.textContent);
  var brl = function (centavos) {
    return (centavos / 100).toLocaleString('pt-BR', { style: 'currency', currency: 'BRL' });
  };
  var moneyAxis = { ticks: { callback: function (v) { return brl(v); } } };
  var moneyTip = { callbacks: { label: function (c) { return c.dataset.label + ': ' + brl(c.parsed.y); } } };
  new Chart(document.getElementById('grafico-faixas'), {
    type: 'bar',
    data: { labels: data.faixas, datasets: [{ label: 'Vencido', data: data.faixas_centavos, backgroundColor: '#0b5394' }] },
    options: { scales: { y: moneyAxis }, plugins: { tooltip: moneyTip } }
  });
  new Chart(document.getElementById('grafico-meses'), {
    type: 'line',
    data: {
      labels: data.meses,
      datasets: [{ label: 'Inadimplência', data: data.meses_pontos_base.map(function (bp) { return bp === null ? null : bp / 100; }),
                   borderColor: '#a61c00', backgroundColor: '#a61c00' }]
    },
    options: { scales: { y: { ticks: { callback: function (v) { return v.toLocaleString('pt-BR') + '%'; } } } } }
  });
  new Chart(document.getElementById('grafico-dias'), {
    type: 'bar',
    data: {
      labels: data.dias,
      datasets: [{ label: 'Vence', data: data.dias_vencido_centavos, backgroundColor: '#9fb8d3' },
                 { label: 'Recebido', data: data.dias_recebido_centavos, backgroundColor: '#38761d' }]
    },
    options: { scales: { y: moneyAxis }, plugins: { tooltip: moneyTip } }
  });
});
