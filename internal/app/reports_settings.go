package app

import (
	"cmp"
	"fmt"
	"slices"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

// LevelInUseError: a risk level some key student has had cannot be
// removed (its label prints on the records).
type LevelInUseError struct{ Level casework.RiskLevel }

func (e *LevelInUseError) Error() string { return fmt.Sprintf("risk level %q in use", e.Level.Code) }

// SaveSettings changes the settings with f, validates and saves them.
// Validation errors come back as casework.ValidationErrors.
func (s *Session) SaveSettings(f func(*casework.Settings) error) error {
	settings := s.Settings
	if err := f(&settings); err != nil {
		return err
	}
	if err := settings.Validate(); err != nil {
		return err
	}
	if err := s.Store.SaveSettings(settings); err != nil {
		return err
	}
	s.Settings = settings
	s.changed()
	return nil
}

// LevelsInUse are the level codes any key student has had.
func (s *Session) LevelsInUse() (map[string]bool, error) {
	keys, err := store.ListAs[*casework.KeyStudent](s.Store, store.Filter{})
	if err != nil {
		return nil, err
	}
	inUse := map[string]bool{}
	for _, k := range keys {
		for _, l := range k.Levels {
			inUse[l.Level] = true
		}
	}
	return inUse, nil
}

// RiskLevels are the configured levels by rank and the codes in use.
func (s *Session) RiskLevels() ([]casework.RiskLevel, map[string]bool, error) {
	inUse, err := s.LevelsInUse()
	if err != nil {
		return nil, nil, err
	}
	lv := slices.Clone(s.Settings.RiskLevels)
	slices.SortStableFunc(lv, func(a, b casework.RiskLevel) int { return cmp.Compare(a.Rank, b.Rank) })
	return lv, inUse, nil
}

// SaveRiskLevels replaces the configured levels; removing a level in use
// is refused with a LevelInUseError.
func (s *Session) SaveRiskLevels(levels []casework.RiskLevel) error {
	inUse, err := s.LevelsInUse()
	if err != nil {
		return err
	}
	return s.SaveSettings(func(x *casework.Settings) error {
		kept := map[string]bool{}
		for _, l := range levels {
			kept[l.Code] = true
		}
		for _, l := range x.RiskLevels {
			if inUse[l.Code] && !kept[l.Code] {
				return &LevelInUseError{Level: l}
			}
		}
		x.RiskLevels = levels
		return nil
	})
}

// SaveTerms replaces the configured terms.
func (s *Session) SaveTerms(terms []casework.Term) error {
	return s.SaveSettings(func(x *casework.Settings) error {
		x.Terms = terms
		return nil
	})
}
