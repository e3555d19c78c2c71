package casework

import "fmt"

// ScoreSheet is Score for a sheet typed from paper: an unanswered item
// (-1) or an answer outside the item's options is refused with a
// sentence naming the item.
func (sc Scoring) ScoreSheet(answers []int) (Score, error) {
	if len(answers) != len(sc.Items) {
		return Score{}, &Error{Code: EINVALID, Field: "answers",
			MessageZH: fmt.Sprintf("%s共%d题，收到%d个答案", sc.Name, len(sc.Items), len(answers)),
			MessageEN: fmt.Sprintf("%s has %d items, got %d answers", sc.Name, len(sc.Items), len(answers))}
	}
	for i, v := range answers {
		it := sc.Items[i]
		if v < 0 {
			return Score{}, &Error{Code: EINVALID, Field: "answers",
				MessageZH: fmt.Sprintf("第%d题未作答", it.No), MessageEN: fmt.Sprintf("item %d has no answer", it.No)}
		}
		if v >= len(it.Options) {
			return Score{}, &Error{Code: EINVALID, Field: "answers",
				MessageZH: fmt.Sprintf("第%d题的答案%d不在选项范围内（0–%d）", it.No, v, len(it.Options)-1),
				MessageEN: fmt.Sprintf("item %d: answer %d is not among its options (0–%d)", it.No, v, len(it.Options)-1)}
		}
	}
	return sc.Score(answers)
}
