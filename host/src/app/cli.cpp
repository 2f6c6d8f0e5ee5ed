#include "app/cli.hpp"

#include <algorithm>
#include <iostream>

#include "app/failures.hpp"
#include "app/host_setup.hpp"
#include "common/version.hpp"

namespace regua::app {

std::optional<std::string> Invocation::option(std::string_view name) const {
  auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

namespace {

struct Command {
  std::vector<std::string_view> path;  // {"plugins", "list"}
  std::string_view usage;
  std::string_view summary;
  std::string_view details;
  std::vector<std::string_view> flags;         // options without a value
  std::vector<std::string_view> valued;        // options that take a value
  std::size_t minArgs = 0;
  std::size_t maxArgs = 0;
  int (*run)(const Invocation&) = nullptr;
};

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {{"plugins", "list"},
       "regua plugins list [--json]",
       "lista plugins e conectores de regua.yaml com versão, ABI, capacidades e estado",
       "  --json   imprime um array JSON (os mesmos campos de GET /health)\n"
       "Um plugin desativado aparece com o motivo e o que fazer.",
       {"--json"}, {}, 0, 0, &runPluginsList},
      {{"plugins", "check"},
       "regua plugins check ARQUIVO",
       "diz se o host carregaria este arquivo de plugin",
       "Abre o arquivo como o host faria, confere o ABI e cria uma instância com a seção\n"
       "'config' do plugin em regua.yaml (se houver). Sai com 0 quando carregaria; com 2 e\n"
       "uma linha dizendo o arquivo, o problema e como corrigir quando não.",
       {}, {}, 1, 1, &runPluginsCheck},
      {{"document", "check"},
       "regua document check VALOR",
       "valida um CPF ou CNPJ (inclusive o CNPJ alfanumérico)",
       "Aceita pontuação (123.456.789-09, 12.ABC.345/01DE-35). Sai com 0 e o documento\n"
       "formatado quando é válido; com 1 e o motivo quando não é.",
       {}, {}, 1, 1, &runDocumentCheck},
      {{"calendar", "holidays"},
       "regua calendar holidays ANO [--city CÓDIGO] [--json]",
       "lista os feriados bancários do ano: nacionais, do estado e da cidade",
       "  --city CÓDIGO   código IBGE do município (padrão: calendar.city de regua.yaml)\n"
       "  --json          imprime um array JSON (date, weekday, name, scope)\n"
       "Os feriados estaduais e municipais vêm de config/holidays/*.yaml.",
       {"--json"}, {"--city"}, 1, 1, &runCalendarHolidays},
      {{"calendar", "next-business-day"},
       "regua calendar next-business-day DATA [--city CÓDIGO] [--on-or-after]",
       "imprime (AAAA-MM-DD) o próximo dia útil bancário depois de DATA",
       "  --city CÓDIGO    código IBGE do município (padrão: calendar.city de regua.yaml)\n"
       "  --on-or-after    a própria DATA quando já é dia útil: o vencimento efetivo de um\n"
       "                   título que vence em DATA (Lei 7.089/1983)\n"
       "DATA em AAAA-MM-DD ou DD/MM/AAAA.",
       {"--on-or-after"}, {"--city"}, 1, 1, &runCalendarNextBusinessDay},
      {{"db", "status"},
       "regua db status",
       "abre o banco de storage.url, aplica as migrações pendentes e mostra o esquema",
       "Recusa um banco com esquema mais novo que este Régua (saída 78).",
       {}, {}, 0, 0, &runDbStatus},
      {{"policy", "check"},
       "regua policy check ARQUIVO...",
       "valida arquivos de política (régua) e lista todos os erros de uma vez",
       "Cada erro sai como ARQUIVO:LINHA:COLUNA: mensagem (chave desconhecida com as\n"
       "permitidas, dia inválido, ação ou modelo desconhecido, condição impossível).\n"
       "As ações válidas são as dos plugins carregados de regua.yaml, mais pause e flag.\n"
       "Sai com 0 e um resumo quando está tudo certo; com 1 quando há erro.",
       {}, {}, 1, 1000, &runPolicyCheck},
      {{"sync"},
       "regua sync [--store URL]",
       "traz clientes, títulos e pagamentos das fontes configuradas (conectores de origem)",
       "Cada fonte é tudo ou nada: um arquivo com qualquer linha ruim não importa nada e\n"
       "lista cada linha ruim com o número e o motivo. Repetir não duplica nada (os\n"
       "registros são identificados pelo id na origem). Um pagamento que quita um título\n"
       "cancela as ações pendentes dele.",
       {}, {"--store"}, 0, 0, &runSync},
      {{"run"},
       "regua run [--as-of DATA] [--dry-run] [--json] [--at HH:MM] [--store URL]",
       "roda a régua do dia: decide as ações de cada título em aberto e as executa",
       "  --as-of DATA   o dia da régua (AAAA-MM-DD ou DD/MM/AAAA; padrão: hoje no fuso do\n"
       "                 escritório, timezone de regua.yaml)\n"
       "  --dry-run      só lista o que seria feito (cliente, título, estágio, ação, canal,\n"
       "                 valor atualizado hoje) e não grava nada\n"
       "  --json         a mesma saída em JSON\n"
       "  --at HH:MM     a hora local para a janela de envio (padrão: agora)\n"
       "  --store URL    sqlite:CAMINHO ou postgresql://... no lugar de storage.url\n"
       "Cada ação de estágio dispara no máximo uma vez por título: rodar de novo no mesmo dia\n"
       "não repete nada. Sai com 1 quando alguma ação foi desistida (veja o histórico).",
       {"--dry-run", "--json"}, {"--as-of", "--at", "--store"}, 0, 0, &runEngineRun},
      {{"status"},
       "regua status [--as-of DATA] [--json]",
       "mostra o que cada host está fazendo e o progresso da régua do dia",
       "  --as-of DATA   o dia (padrão: hoje)\n"
       "  --json         o mesmo em JSON\n"
       "Por host: o que faz, a rodada e o lote que tem (e até quando), as chamadas feitas.\n"
       "Do dia: ações planejadas, executadas, aguardando e que falharam (lê todas as ações\n"
       "do dia). Vários hosts num mesmo PostgreSQL dividem o despacho em lotes.",
       {"--json"}, {"--as-of", "--store"}, 0, 0, &runStatus},
      {{"explain"},
       "regua explain TÍTULO [--as-of DATA] [--json] [--store URL]",
       "explica, estágio por estágio, o que a régua faz com um título e por quê",
       "  TÍTULO         o id do título na origem (ex.: o id no CSV) ou o id interno\n"
       "  --as-of DATA   o dia da régua (padrão: hoje)\n"
       "  --json         o mesmo documento de GET /api/v1/receivables/{id}\n"
       "Para cada estágio: dispara, pulado, registrado (com o que houve: executada, pendente,\n"
       "pulada...), aguardando, não se aplica ou pausado, com o motivo e a regra de prazo\n"
       "que valeu; depois as ações já registradas.",
       {"--json"}, {"--as-of", "--store"}, 1, 1, &runExplain},
      {{"report", "delinquents"},
       "regua report delinquents [--as-of DATA] [--csv] [--store URL]",
       "inadimplência por cliente: vencido, atualizado, desde quando, faixa, último estágio",
       "  --as-of DATA   a data de referência (padrão: hoje)\n"
       "  --csv          CSV (separador ';', valores 1234,56) para planilhas\n"
       "Faixas de atraso: 1-5, 6-30, 31-60, 61-90 e 90+ dias. Mais antigos primeiro.\n"
       "O valor atualizado vem do plugin de encargos (penalties), quando carregado.",
       {"--csv"}, {"--as-of", "--store"}, 0, 0, &runReportDelinquents},
      {{"report", "effectiveness"},
       "regua report effectiveness [--from DATA] [--to DATA] [--csv] [--store URL]",
       "eficácia das mensagens: por estágio, canal e modelo, quantos pagaram em 3, 7 e 15 dias",
       "  --from DATA    o primeiro dia de envio considerado (padrão: 90 dias antes de --to)\n"
       "  --to DATA      o último dia de envio considerado (padrão: hoje)\n"
       "  --csv          CSV (separador ';') para planilhas\n"
       "Um título conta como pago quando foi quitado; o prazo é do envio ao dia do pagamento.",
       {"--csv"}, {"--from", "--to", "--store"}, 0, 0, &runReportEffectiveness},
      {{"report", "dashboard"},
       "regua report dashboard [--as-of DATA] [--from DATA] [--to DATA] [--json] [--store URL]",
       "os números do painel: vencido, atualizado, recebido no mês, inadimplência, recuperado",
       "  --as-of DATA   o dia dos números (padrão: hoje)\n"
       "  --from DATA    o início do período das taxas (padrão: dia 1 do mês de --as-of)\n"
       "  --to DATA      o fim do período (padrão: --as-of)\n"
       "  --json         o mesmo documento de GET /api/v1/reports/dashboard\n"
       "Também as faixas de atraso e a inadimplência mês a mês (12 meses), com a definição\n"
       "de cada taxa. O painel do escritório (regua serve, em /) mostra estes números.",
       {"--json"}, {"--as-of", "--from", "--to", "--store"}, 0, 0, &runReportDashboard},
      {{"generate"},
       "regua generate --clients N --receivables M [--as-of DATA] [--store URL]",
       "gera dados realistas (clientes com documento válido e mensalidades) para demos",
       "Os títulos vão de um ano antes a dois meses depois de --as-of (padrão: hoje).\n"
       "Use um banco separado (--store sqlite:/tmp/demo.db) para não misturar com o real.",
       {}, {"--clients", "--receivables", "--as-of", "--store", "--source"}, 0, 0, &runGenerate},
      {{"history"},
       "regua history CLIENTE [--source NOME] [--json] [--store URL]",
       "o histórico do cliente: mensagens, ações, pagamentos e falhas, mais recentes primeiro",
       "  CLIENTE        o id do cliente na origem, o CPF/CNPJ ou o id interno\n"
       "  --source NOME  a fonte do id, quando duas fontes usam o mesmo\n"
       "Cada mensagem traz canal, endereço mascarado, modelo, hash do conteúdo e o id do\n"
       "provedor: a prova de que o cliente foi avisado.",
       {"--json"}, {"--source", "--store"}, 1, 1, &runHistory},
      {{"tasks", "list"},
       "regua tasks list [--responsible PESSOA] [--open] [--json] [--store URL]",
       "as tarefas de acompanhamento: tipo, cliente, responsável, prazo e onde estão",
       "  --responsible PESSOA   só as de PESSOA (login ou e-mail, como no cadastro)\n"
       "  --open                 só as abertas\n"
       "  --json                 um array JSON (id, type, client, responsible, due_date,\n"
       "                         status, sinks: o id e o estado em cada ferramenta)\n"
       "Uma tarefa por cliente e tipo: itens novos viram comentários na mesma tarefa.",
       {"--open", "--json"}, {"--responsible", "--store"}, 0, 0, &runTasksList},
      {{"client", "show"},
       "regua client show CLIENTE [--as-of DATA] [--source NOME] [--json]",
       "um cliente numa tela: títulos em aberto com o valor de hoje, perfil, estágios, tarefas",
       "  CLIENTE        o id do cliente na origem, o CPF/CNPJ ou o id interno\n"
       "  --as-of DATA   o dia dos valores (padrão: hoje)\n"
       "  --source NOME  a fonte do id, quando duas usam o mesmo\n"
       "  --json         o mesmo documento de GET /api/v1/clients/{id}",
       {"--json"}, {"--as-of", "--source", "--store"}, 1, 1, &runClientShow},
      {{"client", "pause"},
       "regua client pause CLIENTE --until DATA --reason TEXTO [--as-of DATA] [--source NOME]",
       "pausa a cobrança de um cliente até uma data (inclusive), com o motivo no histórico",
       "  CLIENTE         o id do cliente na origem, o CPF/CNPJ ou o id interno\n"
       "  --until DATA    o último dia da pausa; a régua volta no dia seguinte\n"
       "  --reason TEXTO  o motivo (obrigatório): vai ao histórico do cliente",
       {}, {"--until", "--reason", "--as-of", "--source", "--store"}, 1, 1, &runClientPause},
      {{"client", "note"},
       "regua client note CLIENTE --text TEXTO [--source NOME]",
       "registra uma nota (uma ligação, uma conversa) no histórico do cliente",
       "  --text TEXTO    o que foi conversado (até 2000 caracteres)",
       {}, {"--text", "--source", "--store"}, 1, 1, &runClientNote},
      {{"link"},
       "regua link CLIENTE [--as-of DATA] [--source NOME]",
       "o link da página do cliente: títulos em aberto com o valor do dia, PIX e boleto",
       "  CLIENTE        o id do cliente na origem, o CPF/CNPJ ou o id interno\n"
       "  --as-of DATA   o dia em que o link passa a valer (padrão: hoje); vale pelos\n"
       "                 client_page.valid_days dias seguintes\n"
       "  --source NOME  a fonte do id, quando duas usam o mesmo\n"
       "A última linha é o endereço. Precisa de client_page (base_url e key) em regua.yaml.",
       {}, {"--as-of", "--source", "--store"}, 1, 1, &runClientLink},
      {{"import"},
       "regua import ARQUIVO [--format cnab240|cnab400|ofx] [--bank LAYOUT] [--dry-run] [--json] [--store URL]",
       "importa um arquivo do banco: retorno de cobrança (CNAB) ou extrato (OFX)",
       "  --format   o formato; sem ele, é reconhecido pelo conteúdo\n"
       "  --bank     o layout CNAB do banco (febraban, 033, 237, 104); sem ele, o do banco\n"
       "             que o arquivo diz ser\n"
       "  --dry-run  mostra o que faria, sem gravar nada\n"
       "  --json     o resultado em JSON (payments, occurrences, queued, summary)\n"
       "Cada liquidação quita o título pelo nosso número (ou seu número) como um pagamento\n"
       "da planilha; os outros movimentos vão ao histórico; o que não achar título vai à fila\n"
       "de conciliação. O mesmo arquivo de novo não muda nada.",
       {"--dry-run", "--json"}, {"--format", "--bank", "--store"}, 1, 1, &runImport},
      {{"reconcile", "list"},
       "regua reconcile list [--all] [--json] [--store URL]",
       "os créditos do banco que esperam conciliação, com os títulos que podem ser",
       "  --all    também os já associados ou ignorados, com quem decidiu\n"
       "  --json   um array JSON, como GET /api/v1/reconciliation\n"
       "Um crédito espera quando o banco cita um boleto que o Régua não conhece, ou quando\n"
       "o valor do extrato serve a mais de um título (ou a nenhum).",
       {"--all", "--json"}, {"--store"}, 0, 0, &runReconcileList},
      {{"reconcile", "match"},
       "regua reconcile match CRÉDITO TÍTULO... [--by NOME] [--store URL]",
       "associa um crédito a um ou mais títulos e o registra como pagamento deles",
       "  CRÉDITO    o número do crédito (regua reconcile list)\n"
       "  TÍTULO...  o id do título na origem ou o id interno; em ordem: cada um recebe o que\n"
       "             deve na data do crédito e o último, o resto (o que passar vira crédito do\n"
       "             cliente)\n"
       "  --by NOME  quem decidiu, para o histórico (padrão: o usuário do sistema)\n"
       "Vários créditos para um título: associe cada um a ele.",
       {}, {"--by", "--store"}, 2, 1000, &runReconcileMatch},
      {{"reconcile", "ignore"},
       "regua reconcile ignore CRÉDITO [--reason TEXTO] [--by NOME] [--store URL]",
       "tira um crédito da fila sem associá-lo (transferência entre contas do escritório, ...)",
       "  --reason TEXTO  o motivo, que vai ao histórico\n"
       "  --by NOME       quem decidiu (padrão: o usuário do sistema)",
       {}, {"--reason", "--by", "--store"}, 1, 1, &runReconcileIgnore},
      {{"receivable", "cancel"},
       "regua receivable cancel TÍTULO [--reason TEXTO] [--as-of DATA] [--store URL]",
       "cancela um título que não será cobrado (emitido por engano, substituído)",
       "  TÍTULO          o id do título na origem ou o id interno\n"
       "  --reason TEXTO  o motivo, que vai ao histórico do cliente\n"
       "As ações pendentes do título são canceladas e as tarefas sem mais nada a cobrar,\n"
       "encerradas. Só um título em aberto pode ser cancelado.",
       {}, {"--reason", "--as-of", "--store"}, 1, 1, &runReceivableCancel},
      {{"api-key", "create"},
       "regua api-key create --name NOME --role PAPEL [--store URL]",
       "cria uma chave de acesso à API REST e a mostra uma única vez (última linha)",
       "  --name NOME    quem vai usá-la (o sistema contábil, um script); aparece no registro\n"
       "                 de cada requisição, a chave nunca\n"
       "  --role PAPEL   admin (tudo), operador (leitura, promessas, acordos, pagamentos),\n"
       "                 leitura (só leitura) ou integracao (envio de cadastros e leitura)\n"
       "O Régua guarda só um hash lento (Argon2id) da chave: quem a perder cria outra.",
       {}, {"--name", "--role", "--store"}, 0, 0, &runApiKeyCreate},
      {{"api-key", "list"},
       "regua api-key list [--json] [--store URL]",
       "as chaves de acesso à API: nome, papel, quando foi criada e se foi revogada",
       "  --json   um array JSON (name, role, created_at, revoked_at)",
       {"--json"}, {"--store"}, 0, 0, &runApiKeyList},
      {{"api-key", "revoke"},
       "regua api-key revoke NOME [--store URL]",
       "revoga a chave ativa NOME: a partir daí a API responde 401 a ela",
       "O nome fica livre para uma chave nova.",
       {}, {"--store"}, 1, 1, &runApiKeyRevoke},
      {{"user", "create"},
       "regua user create --email E --role PAPEL [--store URL]",
       "cria um usuário das páginas do escritório (o painel em /)",
       "  --email E      o e-mail da pessoa; é o login\n"
       "  --role PAPEL   admin (tudo, inclusive aprovar acordo fora dos limites), operador\n"
       "                 (promessas, acordos, pausas, notas) ou leitura (só consulta)\n"
       "Depois defina a senha com regua user password E.",
       {}, {"--email", "--role", "--store"}, 0, 0, &runUserCreate},
      {{"user", "password"},
       "regua user password E [--store URL]",
       "define a senha de um usuário (lida da entrada; num terminal, sem eco e duas vezes)",
       "Pelo menos 10 caracteres. O Régua guarda só um hash lento (Argon2id). Trocar a senha\n"
       "desbloqueia a conta e encerra as sessões abertas.",
       {}, {"--store"}, 1, 1, &runUserPassword},
      {{"user", "list"},
       "regua user list [--store URL]",
       "os usuários das páginas: e-mail, papel, sem senha ou bloqueado",
       "Cinco senhas erradas seguidas bloqueiam a conta por 15 minutos.",
       {}, {"--store"}, 0, 0, &runUserList},
      {{"webhooks", "list"},
       "regua webhooks list [--json] [--store URL]",
       "os webhooks de regua.yaml: ativo ou desativado (e por quê), eventos aguardando",
       "  --json   um array JSON (name, url, state, pending; reason quando desativado), como em /health",
       {"--json"}, {"--store"}, 0, 0, &runWebhooksList},
      {{"webhooks", "enable"},
       "regua webhooks enable NOME [--store URL]",
       "reativa um webhook que o receptor desativou com 410",
       "Corrija antes a URL em regua.yaml. O que esperava sai na próxima passada do\n"
       "regua serve (ou de regua webhooks deliver), na ordem de cada cliente.",
       {}, {"--store"}, 1, 1, &runWebhooksEnable},
      {{"webhooks", "deliver"},
       "regua webhooks deliver [--store URL]",
       "entrega agora os eventos que esperam (o regua serve faz isso a cada segundo)",
       "Para quem roda a régua pelo cron, sem o regua serve. Sai com 1 quando algum evento\n"
       "ficou esperando (receptor fora do ar, ou webhook desativado).",
       {}, {"--store"}, 0, 0, &runWebhooksDeliver},
      {{"tasks", "push"},
       "regua tasks push [--retry-refused] [--store URL]",
       "envia agora as tarefas pendentes aos destinos (Redmine, ...)",
       "  --retry-refused   tenta de novo as tarefas que um destino recusou (depois de\n"
       "                    corrigir o que ele apontou: um usuário fora do projeto, ...)\n"
       "A régua (regua run, regua serve) já faz isso sozinha; use depois de consertar um\n"
       "destino que estava fora do ar ou recusou tarefas. Sai com 1 quando algum destino\n"
       "recusou uma tarefa ou foi desativado (o motivo vai para a saída de erro).",
       {"--retry-refused"}, {"--store"}, 0, 0, &runTasksPush},
      {{"agreement", "offers"},
       "regua agreement offers CLIENTE [--as-of DATA] [--json]",
       "as ofertas de acordo que a política permite para a dívida vencida de um cliente",
       "  CLIENTE        o id do cliente na origem ou o CPF/CNPJ\n"
       "  --as-of DATA   o dia da oferta (padrão: hoje); multa e juros até esse dia\n"
       "  --json         a dívida, título a título, e cada oferta com o cronograma\n"
       "À vista com o desconto da política e, para cada plano (negotiation.plans), o maior\n"
       "número de parcelas que não fica abaixo da parcela mínima. Mais antigos primeiro.",
       {"--json"}, {"--as-of", "--store"}, 1, 1, &runAgreementOffers},
      {{"agreement", "propose"},
       "regua agreement propose CLIENTE --installments N [--down VALOR] [--first-due DATA] [--approver NOME] [--json]",
       "propõe um acordo: o cronograma das parcelas, gravado como proposta",
       "  --installments N   parcelas depois da entrada (1 sem entrada = à vista, com desconto)\n"
       "  --down VALOR       entrada (padrão: o mínimo da política, se houver)\n"
       "  --first-due DATA   primeiro vencimento (padrão: negotiation.first_due_business_days\n"
       "                     dias úteis); cada vencimento cai em dia útil\n"
       "  --approver NOME    quem aprovou uma proposta acima dos limites da política (mais\n"
       "                     parcelas, parcela ou entrada abaixo do mínimo); vai ao histórico\n"
       "  --as-of DATA       o dia da proposta (padrão: hoje)\n"
       "As parcelas são arredondadas ao centavo e a última absorve a diferença.",
       {"--json"}, {"--installments", "--down", "--first-due", "--approver", "--as-of", "--store"}, 1, 1,
       &runAgreementPropose},
      {{"agreement", "accept"},
       "regua agreement accept ACORDO [--as-of DATA]",
       "aceita uma proposta: os títulos originais ficam negociados e as parcelas viram títulos",
       "As parcelas seguem a política do acordo (negotiation.policy). Recusa uma proposta\n"
       "expirada, cancelada ou cujos títulos mudaram (pagamento) desde a proposta.",
       {}, {"--as-of", "--store"}, 1, 1, &runAgreementAccept},
      {{"agreement", "cancel"},
       "regua agreement cancel ACORDO [--as-of DATA]",
       "cancela uma proposta, ou encerra um acordo ativo devolvendo a dívida à régua",
       "Um acordo ativo cancelado é tratado como quebrado: o que foi pago nas parcelas vai\n"
       "aos títulos originais nas datas dos pagamentos e o resto volta com os encargos desde\n"
       "os vencimentos originais.",
       {}, {"--as-of", "--store"}, 1, 1, &runAgreementCancel},
      {{"agreement", "list"},
       "regua agreement list [--client CLIENTE] [--json]",
       "os acordos: situação, plano, total, quanto foi pago e quanto falta",
       "  --client CLIENTE   só os do cliente (id na origem ou CPF/CNPJ)\n"
       "  --json             um array JSON com o cronograma de cada acordo",
       {"--json"}, {"--client", "--store"}, 0, 0, &runAgreementList},
      {{"promise"},
       "regua promise CLIENTE --until DATA [--amount VALOR] [--as-of DATA]",
       "registra uma promessa de pagamento: a cobrança do cliente pausa até a data",
       "  --until DATA     o dia prometido\n"
       "  --amount VALOR   o valor prometido (sem ele, qualquer pagamento cumpre a promessa)\n"
       "Sem pagamento até o dia útil seguinte, a régua dispara o estágio 'on: promise_broken'\n"
       "da política do cliente.",
       {}, {"--until", "--amount", "--as-of", "--store"}, 1, 1, &runPromise},
      {{"quote"},
       "regua quote --amount VALOR --due DATA --on DATA [taxas] [--person | --company] [--json]",
       "calcula multa, juros e desconto de um título pago em uma data (regras brasileiras)",
       "  --amount VALOR                 o principal: 1000.00, 1000,00 ou 1.000,00\n"
       "  --due DATA / --on DATA         vencimento original e dia do pagamento\n"
       "  --fine-percent F               multa (uma vez; até 2% para pessoa física, CDC art. 52)\n"
       "  --interest-monthly-percent I   juros simples ao mês, pro rata die desde o vencimento\n"
       "  --grace-days G                 tolerância em dias corridos após o vencimento efetivo\n"
       "  --discount-percent P | --discount-amount V   desconto de pontualidade\n"
       "  --discount-until DATA          último dia do desconto (no máximo o vencimento)\n"
       "  --issued DATA                  emissão: um pagamento antes dela é recusado\n"
       "  --person | --company           devedor pessoa física (padrão) ou jurídica\n"
       "  --city CÓDIGO                  município (IBGE) para o vencimento efetivo\n"
       "  --json                         principal, fine, interest, discount, total (centavos),\n"
       "                                 effective_due, days_late, notes\n"
       "Sem as taxas, usa a seção penalties da política padrão. Vencimento em dia não útil\n"
       "passa ao próximo dia útil sem encargos (Lei 7.089/1983). Cada componente é\n"
       "arredondado uma vez ao centavo (meio para cima) e o total é a soma deles.",
       {"--person", "--company", "--json"},
       {"--amount", "--due", "--on", "--fine-percent", "--interest-monthly-percent", "--grace-days",
        "--discount-percent", "--discount-amount", "--discount-until", "--issued", "--city"},
       0, 0, &runQuote},
      {{"pix", "make"},
       "regua pix make --key CHAVE --name NOME --city CIDADE [--amount VALOR] [--txid T] [--info TEXTO]",
       "monta o PIX copia e cola (BR Code estático) com CRC",
       "  --key     CPF, CNPJ, e-mail, telefone +55DDDNÚMERO ou chave aleatória (UUID)\n"
       "  --name    recebedor (sem acentos, até 25 caracteres)\n"
       "  --city    cidade do recebedor (sem acentos, até 15 caracteres)\n"
       "  --amount  valor; sem ele o pagador digita\n"
       "  --txid    identificador (até 25 letras e dígitos)\n"
       "  --info    texto mostrado ao pagador",
       {}, {"--key", "--name", "--city", "--amount", "--txid", "--info"}, 0, 0, &runPixMake},
      {{"pix", "parse"},
       "regua pix parse CÓDIGO [--json]",
       "valida um PIX copia e cola (tamanhos, campos obrigatórios, CRC) e mostra os campos",
       "Sai com 0 e os campos, ou 1 e o que está errado.",
       {"--json"}, {}, 1, 1, &runPixParse},
      {{"boleto", "parse"},
       "regua boleto parse CÓDIGO [--reference DATA] [--json]",
       "valida código de barras (44) ou linha digitável (47) e mostra banco, valor e vencimento",
       "  --reference DATA   o fator de vencimento recomeçou em 22/02/2025: a data escolhida é\n"
       "                     a mais próxima desta (padrão: hoje)\n"
       "Confere os dígitos de cada campo (módulo 10) e o geral (módulo 11); sai com 1 e\n"
       "o campo que falhou. Pontos e espaços são ignorados.",
       {"--json"}, {"--reference"}, 1, 1, &runBoletoParse},
      {{"boleto", "make"},
       "regua boleto make --bank BANCO --amount VALOR --free-field CAMPO_LIVRE [--due DATA] [--json]",
       "monta código de barras e linha digitável de um boleto bancário",
       "  --bank        código FEBRABAN do banco, 3 dígitos (001, 237, 341...)\n"
       "  --amount      valor (1.234,56 ou 1234.56); 0 deixa o valor para o pagador\n"
       "  --free-field  os 25 dígitos do campo livre, no leiaute do banco (carteira,\n"
       "                nosso número, agência e conta)\n"
       "  --due DATA    vencimento; sem ele o boleto não tem vencimento (fator 0000)",
       {"--json"}, {"--bank", "--amount", "--free-field", "--due"}, 0, 0, &runBoletoMake},
      {{"serve"},
       "regua serve [--port N]",
       "carrega os plugins, roda a régua e serve a API REST e /health até SIGTERM ou Ctrl+C",
       "  --port N   porta HTTP (0 escolhe uma livre); padrão: http.port de regua.yaml\n"
       "Um plugin 'required: true' que falha impede a partida (saída 78, com o motivo);\n"
       "os opcionais que falham ficam desativados e /health mostra por quê.\n"
       "Ao parar: servidor HTTP, depois conectores, instâncias e por fim as bibliotecas.",
       {}, {"--port"}, 0, 0, &runServe},
  };
  return table;
}

constexpr std::string_view kGlobalHelp =
    "Régua — servidor de cobrança\n"
    "\n"
    "Uso: regua [--config ARQUIVO] COMANDO [opções]\n"
    "\n"
    "Opções globais:\n"
    "  --config ARQUIVO   configuração do host (padrão: config/regua.yaml)\n"
    "  --version          versão do Régua e do ABI de plugins\n"
    "  --help             esta ajuda; 'regua COMANDO --help' detalha um comando\n"
    "\n"
    "Comandos:\n";

constexpr std::string_view kExitCodes =
    "\nCódigos de saída: 0 ok, 1 problema encontrado, 2 plugin recusado, 64 uso incorreto,\n"
    "78 configuração inválida ou plugin obrigatório com falha.\n";

void printCommandList(std::ostream& out, std::string_view group) {
  for (const auto& c : commands()) {
    if (!group.empty() && c.path.front() != group) continue;
    out << "  " << c.usage << "\n      " << c.summary << "\n";
  }
}

void printGlobalHelp(std::ostream& out) {
  out << kGlobalHelp;
  printCommandList(out, {});
  out << kExitCodes;
}

// `regua report --help`: the group's subcommands, not the whole program's help.
void printGroupHelp(std::ostream& out, std::string_view group) {
  out << "Uso: regua [--config ARQUIVO] " << group << " SUBCOMANDO [opções]\n\nSubcomandos de 'regua " << group
      << "':\n";
  printCommandList(out, group);
  out << "\n'regua " << group << " SUBCOMANDO --help' detalha um deles.\n" << kExitCodes;
}

void printCommandHelp(std::ostream& out, const Command& c) {
  out << "Uso: " << c.usage << "\n\n" << c.summary << "\n\n" << c.details << "\n"
      << "  --config ARQUIVO   configuração do host (padrão: config/regua.yaml)\n" << kExitCodes;
}

bool contains(const std::vector<std::string_view>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

int usageError(const std::string& message, const std::string& helpHint) {
  std::cerr << "regua: " << message << "\nVeja '" << helpHint << " --help'.\n";
  return kExitUsage;
}

}  // namespace

namespace {

// The longest command whose path is a prefix of the leading non-option words, and how
// many words it took; null when none matches.
const Command* findCommand(const std::vector<std::string>& leading, std::size_t& consumed) {
  const Command* command = nullptr;
  consumed = 0;
  for (const auto& c : commands()) {
    if (c.path.size() > leading.size()) continue;
    if (std::equal(c.path.begin(), c.path.end(), leading.begin()) && c.path.size() > consumed) {
      command = &c;
      consumed = c.path.size();
    }
  }
  return command;
}

// No command matched `leading`: the global help, a group's help or "unknown command".
int reportNoCommand(const std::vector<std::string>& leading, bool help) {
  if (leading.empty()) {
    printGlobalHelp(help ? std::cout : std::cerr);
    return help ? kExitOk : kExitUsage;
  }
  const bool isGroup = std::any_of(commands().begin(), commands().end(),
                                   [&](const Command& c) { return c.path.front() == leading.front(); });
  if (isGroup && (help || leading.size() == 1)) {
    printGroupHelp(help ? std::cout : std::cerr, leading.front());
    return help ? kExitOk : kExitUsage;
  }
  std::string typed;
  for (const auto& w : leading) typed += (typed.empty() ? "" : " ") + w;
  return usageError("comando desconhecido: '" + typed + "'", "regua");
}

// The command's own options and positional arguments, after its words; an exit code
// when they are wrong.
std::optional<int> readArguments(const Command& command, const std::string& name, const std::vector<std::string>& rest,
                                 std::size_t first, Invocation& invocation) {
  for (std::size_t i = first; i < rest.size(); ++i) {
    const std::string& w = rest[i];
    if (w.rfind("--", 0) != 0) {
      invocation.args.push_back(w);
      continue;
    }
    const auto eq = w.find('=');
    const std::string key = w.substr(0, eq);
    if (contains(command.flags, key) && eq == std::string::npos) {
      invocation.options[key] = "";
    } else if (contains(command.valued, key)) {
      if (eq != std::string::npos) {
        invocation.options[key] = w.substr(eq + 1);
      } else if (i + 1 < rest.size()) {
        invocation.options[key] = rest[++i];
      } else {
        return usageError(key + " precisa de um valor", name);
      }
    } else {
      return usageError("opção desconhecida " + key + " para '" + name + "'", name);
    }
  }
  if (invocation.args.size() < command.minArgs || invocation.args.size() > command.maxArgs) {
    return usageError("argumentos errados; uso: " + std::string(command.usage), name);
  }
  return std::nullopt;
}

}  // namespace

int runCli(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  Invocation invocation;
  invocation.argv0 = argv[0];
  invocation.configFile = "config/regua.yaml";

  // Pass 1: global options and the command words, in any order.
  std::vector<std::string> rest;
  bool help = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "--version") {
      std::cout << "regua " << kVersion << " (ABI de plugins " << abiVersion() << ")\n";
      return kExitOk;
    }
    if (w == "--help" || w == "-h") {
      help = true;
    } else if (w == "--config" || w.rfind("--config=", 0) == 0) {
      if (w == "--config" && i + 1 >= words.size()) return usageError("--config precisa de um ARQUIVO", "regua");
      invocation.configFile = (w == "--config") ? words[++i] : w.substr(9);
      invocation.configGiven = true;
    } else {
      rest.push_back(w);
    }
  }

  std::vector<std::string> leading;
  for (const auto& w : rest) {
    if (w.rfind("--", 0) == 0) break;
    leading.push_back(w);
  }
  std::size_t consumed = 0;
  const Command* command = findCommand(leading, consumed);
  if (command == nullptr) return reportNoCommand(leading, help);
  std::string name = "regua";
  for (auto p : command->path) name += " " + std::string(p);
  if (help) {
    printCommandHelp(std::cout, *command);
    return kExitOk;
  }
  // Pass 2: the command's own options and positional arguments.
  if (auto code = readArguments(*command, name, rest, consumed, invocation)) return *code;
  useOfficeTimeZone(invocation);
  return runReportingFailures(command->run, invocation);
}

}  // namespace regua::app
