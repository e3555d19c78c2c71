package interchange

import (
	"bytes"
	"testing"

	"xinqing/internal/casework"
)

// The optional keys the printed forms carry go through import and export
// with the real store, byte for byte.
func TestThePrintedFormsKeysRoundTrip(t *testing.T) {
	m := func(id string) casework.Meta {
		return casework.Meta{ID: id, CreatedAt: exportTime, UpdatedAt: exportTime}
	}
	const stu = "33333333-3333-4333-8333-333333333333"
	d := NewDocument(casework.DefaultSettings())
	d.ExportedAt = exportTime
	d.Students = []*casework.Student{{Meta: m(stu), Name: "周舟", Gender: casework.GenderMale, Grade: "八年级", Class: "八(2)班"}}
	d.Cases = []*casework.Case{{Meta: m("66666666-6666-4666-8666-666666666666"), StudentID: stu, CaseNo: "2026-001", OpenedOn: "2026-10-09",
		Source: casework.CaseSourceSelf, ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion},
		Counselor: "王老师", Recorder: "李老师", Profile: &casework.CaseProfile{FamilyMembers: "父母、祖母", Health: "未服药"}}}
	d.GroupSessions = []*casework.GroupSession{{Meta: m("77777777-7777-4777-8777-777777777777"), Title: "认识情绪", GroupType: casework.GroupTypeClass,
		Date: "2026-10-12", Leader: "王老师", Participants: 30, Recorder: "李老师", OpeningWords: "今天我们一起认识情绪。"}}
	d.CommitteeMembers = []*casework.CommitteeMember{{Meta: m("88888888-8888-4888-8888-888888888888"), StudentID: stu, Grade: "八年级", Class: "八(2)班",
		AppointedOn: "2026-09-05", TermEnd: "2027-07-10", Phone: "0000-7654321"}}
	d.Referrals = []*casework.Referral{{Meta: m("99999999-9999-4999-8999-999999999999"), StudentID: stu, SuggestedOn: "2026-10-20", Reason: "建议就医检查",
		Institution: "示例市精神卫生中心", InstitutionAddress: "示例市和平路88号", InstitutionPhone: "0000-87654321"}}
	doc := encode(t, d)
	for _, key := range []string{`"counselor": "王老师"`, `"family_members": "父母、祖母"`, `"opening_words": "今天我们一起认识情绪。"`,
		`"term_end": "2027-07-10"`, `"phone": "0000-7654321"`, `"institution_address": "示例市和平路88号"`, `"institution_phone": "0000-87654321"`} {
		if !bytes.Contains(doc, []byte(key)) {
			t.Errorf("document lacks %s", key)
		}
	}
	if bytes.Contains(doc, []byte(`"profile": {}`)) {
		t.Error("an empty profile is written")
	}
	raw, st := newRealStore(t)
	if _, err := Import(bytes.NewReader(doc), st, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if again := export(t, raw); !bytes.Equal(doc, again) {
		t.Fatalf("round trip differs: %s", firstDiff(doc, again))
	}
	// A committee term that ends before the appointment is refused by its key.
	bad := bytes.Replace(doc, []byte(`"term_end": "2027-07-10"`), []byte(`"term_end": "2026-01-01"`), 1)
	if ie := importErr(t, bad); !ie.Has("committee_members[0].term_end") {
		t.Errorf("got %v, want an error of committee_members[0].term_end", ie)
	}
}
