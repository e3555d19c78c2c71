-- Appointments (docs/DOMAIN.md "Appointments 预约"): the counselor's week.
CREATE TABLE appointments (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	student_id TEXT REFERENCES students (id),
	client_kind TEXT,
	client_name TEXT,
	date TEXT,
	start TEXT,
	duration_min INTEGER,
	place TEXT,
	via TEXT,
	status TEXT,
	case_id TEXT REFERENCES cases (id),
	session_id TEXT REFERENCES sessions (id),
	note TEXT
) STRICT;
CREATE INDEX appointments_date ON appointments (date);
CREATE INDEX appointments_student ON appointments (student_id);
