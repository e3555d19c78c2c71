-- One STRICT table per record kind (casework). Scalar JSON keys are typed
-- columns named exactly like the key; nested arrays and objects are JSON
-- text. Empty values are NULL. Columns prefixed x_ are derived on write
-- (pinyin forms of names) and are not JSON keys. Required references are
-- foreign keys, so a referenced record cannot be deleted from under them.

CREATE TABLE students (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	name TEXT,
	gender TEXT,
	birth_date TEXT,
	student_no TEXT,
	grade TEXT,
	class TEXT,
	homeroom_teacher TEXT,
	boarding INTEGER NOT NULL DEFAULT 0,
	guardian_name TEXT,
	guardian_relation TEXT,
	guardian_phone TEXT,
	family_structure TEXT,
	special_groups TEXT,
	status TEXT,
	graduation_year INTEGER,
	notes TEXT,
	x_pinyin TEXT,
	x_pinyin_full TEXT,
	x_initials TEXT
) STRICT;
CREATE INDEX students_student_no ON students (student_no);
CREATE INDEX students_class ON students (grade, class);
CREATE INDEX students_pinyin_full ON students (x_pinyin_full);
CREATE INDEX students_initials ON students (x_initials);

CREATE TABLE cases (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	student_id TEXT REFERENCES students (id),
	client_kind TEXT,
	client_name TEXT,
	case_no TEXT,
	opened_on TEXT,
	source TEXT,
	problem_types TEXT,
	presenting_problem TEXT,
	background TEXT,
	goals TEXT,
	status TEXT,
	closed_on TEXT,
	closing_summary TEXT
) STRICT;
CREATE INDEX cases_student ON cases (student_id);
CREATE INDEX cases_opened_on ON cases (opened_on);
CREATE INDEX cases_closed_on ON cases (closed_on);

CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	case_id TEXT REFERENCES cases (id),
	date TEXT,
	start TEXT,
	duration_min INTEGER,
	place TEXT,
	mode TEXT,
	form TEXT,
	observations TEXT,
	interventions TEXT,
	assessment TEXT,
	risk TEXT,
	effect TEXT,
	next_appointment TEXT,
	homework TEXT,
	private_note TEXT
) STRICT;
CREATE INDEX sessions_case ON sessions (case_id);
CREATE INDEX sessions_date ON sessions (date);

CREATE TABLE key_students (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	student_id TEXT REFERENCES students (id),
	included_on TEXT,
	inclusion_source TEXT,
	reasons TEXT,
	reason_text TEXT,
	initial_interview TEXT,
	responsible TEXT,
	plan TEXT,
	levels TEXT,
	follow_ups TEXT,
	released_on TEXT,
	release_basis TEXT
) STRICT;
CREATE INDEX key_students_student ON key_students (student_id);
CREATE INDEX key_students_included_on ON key_students (included_on);

CREATE TABLE crises (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	student_id TEXT REFERENCES students (id),
	discovered_on TEXT,
	discovered_by TEXT,
	place TEXT,
	risk_type TEXT,
	level TEXT,
	description TEXT,
	actions TEXT,
	disclosures TEXT,
	guardian_handover_on TEXT,
	hospital_escort INTEGER NOT NULL DEFAULT 0,
	follow_up_plan TEXT,
	closed_on TEXT,
	conclusion TEXT
) STRICT;
CREATE INDEX crises_student ON crises (student_id);
CREATE INDEX crises_discovered_on ON crises (discovered_on);

CREATE TABLE referrals (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	student_id TEXT REFERENCES students (id),
	suggested_on TEXT,
	reason TEXT,
	institution TEXT,
	department TEXT,
	guardian_informed_on TEXT,
	receipt_signed INTEGER NOT NULL DEFAULT 0,
	status TEXT,
	visited_on TEXT,
	feedback TEXT,
	leave_from TEXT,
	returned_on TEXT,
	return_assessment TEXT
) STRICT;
CREATE INDEX referrals_student ON referrals (student_id);
CREATE INDEX referrals_suggested_on ON referrals (suggested_on);

CREATE TABLE contacts (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	student_id TEXT REFERENCES students (id),
	date TEXT,
	counterpart TEXT,
	method TEXT,
	purpose TEXT,
	summary TEXT,
	follow_up TEXT
) STRICT;
CREATE INDEX contacts_student ON contacts (student_id);
CREATE INDEX contacts_date ON contacts (date);

CREATE TABLE group_sessions (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	title TEXT,
	series TEXT,
	series_no INTEGER,
	group_type TEXT,
	target TEXT,
	date TEXT,
	start TEXT,
	duration_min INTEGER,
	place TEXT,
	leader TEXT,
	stage TEXT,
	goals TEXT,
	preparation TEXT,
	process TEXT,
	participants INTEGER,
	attendance TEXT,
	evaluation TEXT,
	reflection TEXT,
	follow_up_student_ids TEXT
) STRICT;
CREATE INDEX group_sessions_date ON group_sessions (date);

CREATE TABLE committee_members (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	student_id TEXT REFERENCES students (id),
	grade TEXT,
	class TEXT,
	role TEXT,
	appointed_on TEXT,
	left_on TEXT,
	trainings TEXT,
	notes TEXT
) STRICT;
CREATE INDEX committee_members_student ON committee_members (student_id);
CREATE INDEX committee_members_class ON committee_members (class);

CREATE TABLE class_reports (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	class TEXT,
	week_start TEXT,
	member_id TEXT REFERENCES committee_members (id),
	mood TEXT,
	concerns INTEGER,
	concern_notes TEXT,
	actions TEXT,
	needs_counselor INTEGER NOT NULL DEFAULT 0,
	homeroom_signed INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX class_reports_week_start ON class_reports (week_start);
CREATE INDEX class_reports_member ON class_reports (member_id);

CREATE TABLE activities (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	kind TEXT,
	date TEXT,
	title TEXT,
	target TEXT,
	classes INTEGER,
	lessons INTEGER,
	participants INTEGER,
	hours REAL,
	notes TEXT
) STRICT;
CREATE INDEX activities_date ON activities (date);

CREATE TABLE duty_days (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	date TEXT,
	open_hours TEXT,
	on_duty TEXT,
	notes TEXT
) STRICT;
CREATE INDEX duty_days_date ON duty_days (date);

CREATE TABLE visits (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	date TEXT,
	time TEXT,
	visitor_type TEXT,
	method TEXT,
	category TEXT,
	handling TEXT
) STRICT;
CREATE INDEX visits_date ON visits (date);

CREATE TABLE mailbox (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	opened_on TEXT,
	letters INTEGER,
	handling TEXT
) STRICT;
CREATE INDEX mailbox_opened_on ON mailbox (opened_on);

CREATE TABLE screenings (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	name TEXT,
	instrument TEXT,
	date_from TEXT,
	date_to TEXT,
	grades TEXT,
	expected INTEGER,
	tested INTEGER,
	valid INTEGER,
	flagged INTEGER,
	confirmed INTEGER,
	consent_collected INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX screenings_date_to ON screenings (date_to);

-- attachment_id is checked through casework's Refs, not by a foreign key:
-- the interchange document carries consents but not attachments.
CREATE TABLE consents (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	student_id TEXT REFERENCES students (id),
	kind TEXT,
	date TEXT,
	guardian_signed INTEGER NOT NULL DEFAULT 0,
	student_signed INTEGER NOT NULL DEFAULT 0,
	attachment_id TEXT
) STRICT;
CREATE INDEX consents_student ON consents (student_id);

CREATE TABLE attachments (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	owner_type TEXT,
	owner_id TEXT,
	filename TEXT,
	mime TEXT,
	size INTEGER,
	sha256 TEXT,
	added_on TEXT
) STRICT;
CREATE INDEX attachments_owner ON attachments (owner_type, owner_id);

CREATE TABLE month_notes (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	month TEXT UNIQUE,
	highlights TEXT,
	problems TEXT,
	next_plan TEXT,
	training_hours REAL
) STRICT;

CREATE TABLE returns (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	month TEXT,
	generated_at TEXT,
	pdf_sha256 TEXT,
	figures TEXT
) STRICT;
CREATE INDEX returns_month ON returns (month);

-- The audit chain's head (last seq and hash), so that dropping the newest
-- entries is detected too.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq INTEGER NOT NULL,
	hash TEXT NOT NULL
) STRICT;
