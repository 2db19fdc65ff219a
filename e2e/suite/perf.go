package suite

import (
	"context"
	"errors"
)

// RunPerf is not written yet.
func RunPerf(ctx context.Context, e *Env) error { return errors.New("perf: not yet") }
