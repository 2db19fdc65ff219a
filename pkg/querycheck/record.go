package querycheck

import (
	"context"
	"fmt"
	"path"
	"runtime"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/event"
)

// Recorder collects the distinct shapes of the commands a client sends.
// Commands sent by a _test.go file itself (a test reading what a store
// wrote) are left out: the check is about the code that ships. So are the
// commands of a migration (run under mongox.Migrate): a data migration
// reads its collection once, by design.
type Recorder struct {
	mu     sync.Mutex
	seen   map[string]bool
	shapes []Shape
	sink   func(Shape) // called once per new shape, under mu
}

// NewRecorder returns an empty recorder; sink, when not nil, receives
// each new shape (log.go writes it to a file).
func NewRecorder(sink func(Shape)) *Recorder {
	return &Recorder{seen: map[string]bool{}, sink: sink}
}

// Monitor is the event.CommandMonitor to set on the client.
func (r *Recorder) Monitor() *event.CommandMonitor {
	return &event.CommandMonitor{Started: r.started}
}

// started runs in the goroutine that sends the command, so the stack
// names the store function behind it.
func (r *Recorder) started(_ context.Context, e *event.CommandStartedEvent) {
	shapes := FromCommand(e.DatabaseName, e.CommandName, e.Command)
	if len(shapes) == 0 {
		return
	}
	caller, ok := senderOf()
	if !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range shapes {
		s.Caller = caller
		if k := s.Key(); !r.seen[k] {
			r.seen[k] = true
			r.shapes = append(r.shapes, s)
			if r.sink != nil {
				r.sink(s)
			}
		}
	}
}

// Shapes returns the shapes recorded so far.
func (r *Recorder) Shapes() []Shape {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Shape(nil), r.shapes...)
}

// infrastructure are the packages whose frames are skipped to find the
// code that sent a command.
var infrastructure = []string{
	"go.mongodb.org/", "runtime.", "github.com/copydesk/copydesk/pkg/mongox.",
	"github.com/copydesk/copydesk/pkg/querycheck.",
}

// senderOf is callerOf, replaced in this package's tests (whose queries
// come from a _test.go file).
var senderOf = callerOf

// migrate is the function under which migrations run.
const migrate = "github.com/copydesk/copydesk/pkg/mongox.Migrate"

// callerOf names the first frame outside the driver and pkg/mongox, as
// "package.Func (file.go:line)"; ok is false when that frame is in a
// _test.go file or the command is part of a migration.
func callerOf() (string, bool) {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	caller := ""
	for {
		f, more := frames.Next()
		if f.Function == migrate {
			return "", false
		}
		if caller == "" && strings.HasSuffix(f.File, "_test.go") {
			return "", false
		}
		// A mongox closure inlined into its caller keeps its file.
		if caller == "" && !skipped(f.Function) && !strings.Contains(f.File, "/pkg/mongox/") {
			fn := strings.TrimPrefix(f.Function, "github.com/copydesk/copydesk/")
			caller = fmt.Sprintf("%s (%s:%d)", fn, path.Base(f.File), f.Line)
		}
		if !more {
			return caller, caller != ""
		}
	}
}

func skipped(fn string) bool {
	for _, p := range infrastructure {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}
