package desktop

import (
	"context"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/ui"
)

// yearService is 设置 → 学年 and the student page's 转出 / 返校 over the
// application layer (internal/app/promote.go).
type yearService struct{ a *app.App }

func (s *services) years() ui.YearService { return yearService{s.app} }

func (x yearService) PreviewPromotion(ctx context.Context, on casework.Date) (casework.Promotion, error) {
	p, err := x.a.PreviewPromotion(ctx, on)
	return p, uiErr(err)
}

func (x yearService) CheckPromotion(ctx context.Context, p casework.Promotion) error {
	return uiErr(x.a.CheckPromotion(ctx, p))
}

func (x yearService) ApplyPromotion(ctx context.Context, p casework.Promotion) (ui.PromotionResult, error) {
	r, err := x.a.ApplyPromotion(ctx, p)
	return ui.PromotionResult{Promoted: r.Promoted, Graduated: r.Graduated, KeyStudentsReleased: r.KeyStudentsReleased,
		CommitteeMembersEnded: r.CommitteeMembersEnded, Before: r.Before}, uiErr(err)
}

func (x yearService) TransferOut(ctx context.Context, studentID string, on casework.Date) error {
	_, err := x.a.TransferOut(ctx, studentID, on)
	return uiErr(err)
}

func (x yearService) ReturnToSchool(ctx context.Context, studentID string, on casework.Date) error {
	_, err := x.a.ReturnToSchool(ctx, studentID, on, "", "")
	return uiErr(err)
}
