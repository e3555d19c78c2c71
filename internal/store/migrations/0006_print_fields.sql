-- Fields the printed forms carry (docs/DOMAIN.md "Other printed outputs"):
-- the case record's counselor, recorder and structured background, the
-- group record's recorder and opening words, the committee roster's term
-- end and contact, the referral letter's institution address and phone,
-- and the trend frozen with a monthly return. All optional.
ALTER TABLE cases ADD COLUMN counselor TEXT;
ALTER TABLE cases ADD COLUMN recorder TEXT;
ALTER TABLE cases ADD COLUMN profile TEXT;
ALTER TABLE group_sessions ADD COLUMN recorder TEXT;
ALTER TABLE group_sessions ADD COLUMN opening_words TEXT;
ALTER TABLE committee_members ADD COLUMN term_end TEXT;
ALTER TABLE committee_members ADD COLUMN phone TEXT;
ALTER TABLE referrals ADD COLUMN institution_address TEXT;
ALTER TABLE referrals ADD COLUMN institution_phone TEXT;
ALTER TABLE returns ADD COLUMN trend TEXT;
