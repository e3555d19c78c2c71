//go:build !unix && !windows

package safefs

const (
	oNoFollow = 0
	oNonBlock = 0
)

func isLoop(error) bool    { return false }
func transient(error) bool { return false }
