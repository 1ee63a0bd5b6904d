# Runs inside Redmine (rails runner, see redmine.sh setup): enables the REST
# API, turns e-mail notifications off (no mail server here; Lantian's notices
# are inbox rows), makes the admin an API key, creates the project "bench"
# with the default trackers, and bulk-inserts ISSUES issues (insert_all, no
# callbacks: like Lantian's seeder) whose shape follows
# bench/problems_seed.cpp: issue n was opened (730 - 730 n / N) days ago, of
# young ones ~70 % still open (New / In Progress / Feedback), of year-old ones
# 8 %, of older ones 2 %; the due date 5-60 days after opening, so open
# issues past it are overdue. Prints KEY=VALUE lines for run_problems.sh.
n_issues = Integer(ENV.fetch('ISSUES', '100000'))
Setting.rest_api_enabled = '1'
Setting.notified_events = []
Setting.default_projects_public = '1'
admin = User.find_by_login('admin')
admin.must_change_passwd = false
admin.save!
key = admin.api_key  # creates the token on first use
project = Project.find_by_identifier('bench') || Project.create!(
  name: 'Bench', identifier: 'bench', is_public: true,
  tracker_ids: Tracker.pluck(:id), enabled_module_names: %w[issue_tracking])
tracker = Tracker.order(:position).first
priority = IssuePriority.default || IssuePriority.first
statuses = IssueStatus.order(:position).to_a
open_ids = statuses.reject(&:is_closed).map(&:id)
closed_ids = statuses.select(&:is_closed).map(&:id)
today = Date.today
mix = lambda do |x|
  x = (x + 0x9e3779b97f4a7c15) & 0xffffffffffffffff
  x = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & 0xffffffffffffffff
  x = ((x ^ (x >> 27)) * 0x94d049bb133111eb) & 0xffffffffffffffff
  x ^ (x >> 31)
end
first_id = (Issue.maximum(:id) || 0) + 1
overdue = 0
(0...n_issues).each_slice(1000) do |slice|
  rows = slice.map do |n|
    h = mix.call(n * 7 + 3)
    age = 730 - (730 * n) / [n_issues, 1].max
    created = today - age
    open_pct = age < 30 ? 70 : age < 90 ? 35 : age < 365 ? 8 : 2
    open = (h >> 4) % 100 < open_pct
    status = open ? open_ids[(h >> 12) % open_ids.size] : closed_ids[(h >> 12) % closed_ids.size]
    due = created + 5 + (h >> 50) % 56
    overdue += 1 if open && due < today
    id = first_id + n
    t = created.to_time + 8 * 3600 + (h % 36000)
    { id: id, tracker_id: tracker.id, project_id: project.id, subject: "Bench issue #{n}",
      description: 'Found on site: fugitive dust, material not covered; rectify and report with photos.',
      due_date: due, status_id: status, priority_id: priority.id, author_id: admin.id,
      lock_version: 0, created_on: t, updated_on: t, start_date: created, done_ratio: 0,
      is_private: false, root_id: id, lft: 1, rgt: 2, closed_on: open ? nil : t }
  end
  Issue.insert_all(rows) unless rows.empty?
end
puts "API_KEY=#{key}"
puts "PROJECT_ID=#{project.id}"
puts "TRACKER_ID=#{tracker.id}"
puts "PRIORITY_ID=#{priority.id}"
puts "STATUS_A=#{open_ids[0]}"
puts "STATUS_B=#{open_ids[1]}"
puts "ISSUES=#{Issue.count}"
puts "OVERDUE=#{overdue}"
puts "REDMINE_VERSION=#{Redmine::VERSION}"
