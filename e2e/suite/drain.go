package suite

import (
	"context"
	"errors"
)

// DrainReplicas runs two replicas of every service.
func DrainReplicas() map[string]int { return nil }

// RunDrain is not written yet.
func RunDrain(ctx context.Context, e *Env, users int) error { return errors.New("drain: not yet") }

// RunPerf is not written yet.
func RunPerf(ctx context.Context, e *Env) error { return errors.New("perf: not yet") }
