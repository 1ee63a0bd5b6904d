# Rack entry for the Redmine peer (bench/peers/redmine/redmine.sh start): the
# Debian package's Redmine as its own config.ru loads it, with the Rails log
# at warn (Lantian is measured with --log-level warn; Redmine's production
# default is info, one multi-line entry per request).
require '/usr/share/redmine/config/environment'
Rails.logger.level = Logger::WARN
run Rails.application
