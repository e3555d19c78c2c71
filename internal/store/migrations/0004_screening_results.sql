-- Screening results (docs/DOMAIN.md "Screening results"): one student's
-- result of a screening and the interview that followed a flag. A
-- screening's guardian consent flag is screenings.consent_collected.

CREATE TABLE screening_results (
	id TEXT PRIMARY KEY,
	created_at TEXT,
	updated_at TEXT,
	screening_id TEXT REFERENCES screenings (id),
	student_id TEXT REFERENCES students (id),
	date TEXT,
	raw_score REAL,
	subscales TEXT,
	valid INTEGER NOT NULL DEFAULT 1,
	flagged INTEGER NOT NULL DEFAULT 0,
	flag_reason TEXT,
	interviewed_on TEXT,
	interview_outcome TEXT,
	interview_note TEXT,
	key_student_id TEXT REFERENCES key_students (id)
) STRICT;
CREATE INDEX screening_results_screening ON screening_results (screening_id);
CREATE INDEX screening_results_student ON screening_results (student_id);
