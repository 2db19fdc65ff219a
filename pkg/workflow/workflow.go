// Package workflow is the one engine of the status workflows (tickets,
// campaigns): the states in order, the legal steps, and who may take each
// step. Who an actor is stays with each service — a bit set of its own
// type (tickets: manager, assignee, client, creator; campaigns: manager,
// admin, scheduler) — and the engine only compares bits. It also holds
// the optimistic version rule every workflow write follows (version.go).
// It imports no database or transport code.
package workflow

import (
	"fmt"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Actors is a service's bit set of actor kinds.
type Actors interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64
}

// Steps maps each state to the states it may move to, with the actors
// who may take that step (bits OR-ed).
type Steps[A Actors] map[string]map[string]A

// Words names the thing that moves in refusals:
//
//	illegal: "Cannot move[ <Illegal>] from <a> to <b>; allowed: <list>"
//	denied:  "Your role may not move <Denied> from <a> to <b>"
type Words struct {
	Illegal string
	Denied  string
}

// Machine is one workflow.
type Machine[A Actors] struct {
	states []string
	steps  Steps[A]
	words  Words
}

// New returns the workflow with the states in order and its steps. A step
// from or to a state not in states is a programming error (it panics, at
// package initialisation of the service that declares it).
func New[A Actors](states []string, steps Steps[A], words Words) *Machine[A] {
	for from, tos := range steps {
		if !slices.Contains(states, from) {
			panic(fmt.Sprintf("workflow: step from unknown state %q", from))
		}
		for to := range tos {
			if !slices.Contains(states, to) {
				panic(fmt.Sprintf("workflow: step from %q to unknown state %q", from, to))
			}
		}
	}
	return &Machine[A]{states: slices.Clone(states), steps: steps, words: words}
}

// States lists every state in order.
func (m *Machine[A]) States() []string { return slices.Clone(m.states) }

// AllowedFrom lists the states reachable from `from`, in state order.
func (m *Machine[A]) AllowedFrom(from string) []string {
	var out []string
	for _, to := range m.states {
		if _, ok := m.steps[from][to]; ok {
			out = append(out, to)
		}
	}
	return out
}

// May reports whether one of the actors `who` may take the step from → to
// (false for an illegal step).
func (m *Machine[A]) May(from, to string, who A) bool { return m.steps[from][to]&who != 0 }

// Check decides whether actors `who` may move from → to: an illegal step
// is errs.ErrInvalidTransition (409) naming the allowed steps, a legal
// step none of them may take is errs.ErrPermissionDenied (403).
func (m *Machine[A]) Check(from, to string, who A) error {
	rule, ok := m.steps[from][to]
	if !ok {
		list := "none"
		if allowed := m.AllowedFrom(from); len(allowed) > 0 {
			list = strings.Join(allowed, ", ")
		}
		return errs.New(errs.ErrInvalidTransition, "Cannot move%s from %s to %s; allowed: %s", prefixed(m.words.Illegal), from, to, list)
	}
	if rule&who == 0 {
		return errs.New(errs.ErrPermissionDenied, "Your role may not move%s from %s to %s", prefixed(m.words.Denied), from, to)
	}
	return nil
}

func prefixed(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}
