-- School years (docs/DOMAIN.md "Time"): a student's leaving day and class
-- history, and a released key student's hand-over note for the next school.

ALTER TABLE students ADD COLUMN left_on TEXT;
ALTER TABLE students ADD COLUMN class_history TEXT;
ALTER TABLE key_students ADD COLUMN handover TEXT;
