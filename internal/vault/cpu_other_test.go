//go:build !unix

package vault_test

import "time"

// selfCPU is not measured here; the CPU ratios then read 0.
func selfCPU() time.Duration { return 0 }
