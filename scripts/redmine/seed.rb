# Seeds a throwaway Redmine for Régua's tests (run with `rails runner`): what cannot be
# done over REST — the REST API switch, a known admin API key, the tracker and the custom
# fields the redmine connector maps tasks onto. Projects, users and memberships are made
# by the tests themselves over REST.
key = ENV.fetch('REGUA_REDMINE_KEY')

Setting.rest_api_enabled = '1'
Setting.default_language = 'pt-BR'

admin = User.find_by!(login: 'admin')
admin.update_columns(must_change_passwd: false)
token = Token.find_or_create_by!(user_id: admin.id, action: 'api')
token.update_column(:value, key)  # Token generates its own value on create

status = IssueStatus.order(:position).first
cobranca = Tracker.find_or_create_by!(name: 'Cobrança') { |t| t.default_status = status }
# A new tracker has no workflow: nobody could move its issues to Closed (Redmine ignores
# the status change silently). Give it the Bug tracker's transitions for every role.
if WorkflowTransition.where(tracker_id: cobranca.id).none?
  WorkflowRule.copy(Tracker.find_by!(name: 'Bug'), nil, cobranca, nil)
end

client_field = IssueCustomField.find_or_create_by!(name: 'Cliente (CPF/CNPJ)') do |f|
  f.field_format = 'string'
  f.is_for_all = true
  f.is_filter = true
  f.searchable = true
end
type_field = IssueCustomField.find_or_create_by!(name: 'Tipo de tarefa') do |f|
  f.field_format = 'list'
  f.possible_values = %w[cobranca negociacao juridico]
  f.is_for_all = true
  f.is_filter = true
end
Tracker.all.each do |t|
  t.custom_fields << client_field unless t.custom_fields.include?(client_field)
  t.custom_fields << type_field unless t.custom_fields.include?(type_field)
end

puts "redmine-seed: tracker #{cobranca.id}, campos #{client_field.id} e #{type_field.id}"
