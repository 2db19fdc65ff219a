package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A ticket assign sent with a W3C traceparent is one trace across the
// gateway, tickets and users, exported over OTLP by each process: the
// gateway's server span is the caller's child, tickets serves the
// gateway's client call, users serves tickets' client call.
func TestTraceSpansGatewayTicketsUsers(t *testing.T) {
	co := newTicketsCo(t)
	tk := createTicket(t, co.client, uniq("traced"))
	traceID, callerSpan := randomHex(16), randomHex(8)
	r := call(t, http.MethodPost, "/api/tickets/"+str(tk, "id")+"/assign", co.manager.Access,
		map[string]any{"user_id": co.writer.ID, "version": version(tk)},
		"traceparent", "00-"+traceID+"-"+callerSpan+"-01")
	want(t, r, http.StatusOK)

	var spans []span
	deadline := time.Now().Add(30 * time.Second) // a guard: the exporters flush every 100 ms here
	for time.Now().Before(deadline) {
		spans = otlp.trace(traceID)
		if chain(spans, callerSpan) == "" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if problem := chain(spans, callerSpan); problem != "" {
		var seen []string
		for _, s := range spans {
			seen = append(seen, fmt.Sprintf("%s %s %s %s<-%s", s.service, s.kind, s.name, s.id, s.parent))
		}
		t.Fatalf("%s; spans of the trace:\n%s", problem, strings.Join(seen, "\n"))
	}
}

// chain returns "" when spans hold caller → gateway server → gateway
// client → tickets server … tickets client → users server, or what is
// missing.
func chain(spans []span, callerSpan string) string {
	find := func(service, kind, parent string, under func(span) bool) (span, bool) {
		for _, s := range spans {
			if s.service == service && s.kind == kind && (parent == "" || s.parent == parent) && (under == nil || under(s)) {
				return s, true
			}
		}
		return span{}, false
	}
	gw, ok := find("gateway", "SPAN_KIND_SERVER", callerSpan, nil)
	if !ok {
		return "no gateway server span child of the caller's span"
	}
	byID := map[string]span{}
	for _, s := range spans {
		byID[s.id] = s
	}
	// descends reports whether s is below ancestor.
	descends := func(ancestor string) func(span) bool {
		return func(s span) bool {
			for p := s.parent; p != ""; p = byID[p].parent {
				if p == ancestor {
					return true
				}
				if _, ok := byID[p]; !ok {
					return false
				}
			}
			return false
		}
	}
	tickets, ok := find("tickets", "SPAN_KIND_SERVER", "", func(s span) bool {
		return strings.HasSuffix(s.name, "TicketService/AssignTicket")
	})
	if !ok || !descends(gw.id)(tickets) || byID[tickets.parent].service != "gateway" {
		return "no tickets server span (Assign) under a gateway client span"
	}
	users, ok := find("users", "SPAN_KIND_SERVER", "", descends(tickets.id))
	if !ok || byID[users.parent].service != "tickets" {
		return "no users server span under a tickets client span"
	}
	return ""
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
