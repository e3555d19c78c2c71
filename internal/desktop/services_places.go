package desktop

import (
	"context"

	"fyne.io/fyne/v2"

	"xinqing/internal/app"
	"xinqing/internal/desktop/startup"
	"xinqing/internal/ui"
	"xinqing/internal/workspace"
)

// places adapts the vault's whereabouts (app.Site) to ui.Places.
type places struct {
	s    *services
	site app.Site
}

// NewAt returns the real services with site as the PC: its drives,
// pointer file and markers (tests pass temporary ones).
func NewAt(o workspace.Options, site app.Site) ui.Deps {
	return newServices(o).depsAt(site)
}

// depsAt are the services with site as the PC.
func (s *services) depsAt(site app.Site) ui.Deps {
	d := s.deps()
	d.Vault = notingVault{services: s, site: site}
	d.Places = &places{s: s, site: site}
	return d
}

// notingVault records, at every lock, the newest generation this PC
// saved in the profile's marker: a folder put back older afterwards is
// then reported at the next unlock.
type notingVault struct {
	*services
	site app.Site
}

func (v notingVault) Lock(ctx context.Context) error {
	ws, _ := v.workspace()
	err := v.services.Lock(ctx)
	if ws != nil {
		if g := ws.State().Gen; g > 0 {
			if merr := v.site.Seen(ws.ID(), g); merr != nil {
				fyne.LogError("record the newest generation", merr)
			}
		}
	}
	return err
}

// Installed returns the real services on this PC, as the app runs.
func Installed() ui.Deps {
	d := NewAt(workspace.Options{}, app.DefaultSite())
	d.Screen = startup.Screen
	return d
}

func (p *places) VaultPlaces(ctx context.Context) (ui.VaultPlaces, error) {
	if err := ctx.Err(); err != nil {
		return ui.VaultPlaces{}, err
	}
	pl, err := app.PlaceVault(p.site.Fixed, app.DefaultDir())
	out := ui.VaultPlaces{Recommended: pl.Recommended, OtherDrive: pl.Reason == app.OtherDrive}
	for _, d := range pl.Drives {
		out.Drives = append(out.Drives, ui.FixedDrive{Root: d.Root, Free: d.Free, System: d.System})
	}
	return out, err
}

func (p *places) RememberedDir() string { return p.site.Remembered() }

func (p *places) Remember(dir string) error { return uiErr(p.site.Remember(dir)) }

func (p *places) MoveVault(ctx context.Context, dir, pass string) error {
	if err := p.s.app.MoveVault(ctx, p.site, dir, pass); err != nil {
		if err == app.ErrMoveTarget {
			return ui.ErrVaultExists
		}
		return uiErr(err)
	}
	p.s.app.BuildIndexInBackground()
	return nil
}

func (p *places) CheckRollback(ctx context.Context) (ui.Rollback, error) {
	if _, err := p.s.app.FinishMove(p.site); err != nil {
		fyne.LogError("remove the folder the vault moved from", err)
	}
	r, err := p.s.app.CheckRollback(ctx, p.site)
	return ui.Rollback{Local: r.Local, Newer: r.Newer, File: r.File, Stick: r.Stick}, uiErr(err)
}

func (p *places) KeepRollback(r ui.Rollback) error {
	return uiErr(p.s.app.AcceptRollback(p.site, app.Rollback{Local: r.Local, Newer: r.Newer, File: r.File, Stick: r.Stick}))
}

func (p *places) SystemDriveReverted(dir string) bool {
	rev, err := p.site.SystemDriveReverted(dir)
	if err != nil {
		fyne.LogError("check for a reverted system drive", err)
	}
	return rev
}

func (p *places) CleanExit(dir string) {
	if err := p.site.CleanExit(dir); err != nil {
		fyne.LogError("record a clean exit", err)
	}
}
