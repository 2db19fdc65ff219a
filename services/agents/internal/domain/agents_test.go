package domain_test

import (
	"sync"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

func page() domain.Page { return domain.Page{Limit: 100, Sort: "number", Desc: true} }

func TestRolesOnAgents(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	a := h.agent(t, user(principal.RoleContentManager, companyA))
	writer, client := user(principal.RoleContentWriter, companyA), user(principal.RoleClient, companyA)
	if _, err := h.svc.Get(ctx, writer, a.ID); err != nil {
		t.Fatalf("writer reads: %v", err)
	}
	if _, err := h.svc.Chat(ctx, writer, domain.ChatInput{AgentID: a.ID, Message: "hi"}, nil); err != nil {
		t.Fatalf("writer chats: %v", err)
	}
	name := "Renamed"
	for what, err := range map[string]error{
		"writer creates": func() error { _, err := h.svc.Create(ctx, writer, domain.CreateInput{Name: "x"}); return err }(),
		"writer updates": func() error { _, err := h.svc.Update(ctx, writer, a.ID, domain.UpdateInput{Name: &name}); return err }(),
		"writer deletes": func() error { _, err := h.svc.Delete(ctx, writer, a.ID); return err }(),
		"client reads":   func() error { _, err := h.svc.Get(ctx, client, a.ID); return err }(),
		"client chats": func() error {
			_, err := h.svc.Chat(ctx, client, domain.ChatInput{AgentID: a.ID, Message: "hi"}, nil)
			return err
		}(),
	} {
		if !isKind(err, errs.ErrPermissionDenied) {
			t.Errorf("%s: %v, want permission denied", what, err)
		}
	}
	got, err := h.svc.Get(ctx, writer, a.ID)
	if err != nil || got.Name != "Trail Voice" || got.Version != 1 {
		t.Fatalf("agent changed by refused writes: %+v %v", got, err)
	}
}

func TestAnAgentOfAnotherCompanyIsNotFound(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	b := h.agent(t, user(principal.RoleCompanyAdmin, companyB))
	adminA := user(principal.RoleCompanyAdmin, companyA)
	name := "stolen"
	for what, err := range map[string]error{
		"get":      func() error { _, err := h.svc.Get(ctx, adminA, b.ID); return err }(),
		"update":   func() error { _, err := h.svc.Update(ctx, adminA, b.ID, domain.UpdateInput{Name: &name}); return err }(),
		"delete":   func() error { _, err := h.svc.Delete(ctx, adminA, b.ID); return err }(),
		"versions": func() error { _, _, err := h.svc.Versions(ctx, adminA, b.ID, page()); return err }(),
		"chat": func() error {
			_, err := h.svc.Chat(ctx, adminA, domain.ChatInput{AgentID: b.ID, Message: "hi"}, nil)
			return err
		}(),
	} {
		if !isKind(err, errs.ErrNotFound) {
			t.Errorf("%s: %v, want not found", what, err)
		}
	}
	list, n, err := h.svc.List(ctx, adminA, domain.ListInput{Page: domain.Page{Limit: 100, Sort: "created_at"}})
	if err != nil || n != 0 || len(list) != 0 {
		t.Fatalf("A lists B's agents: %v %d %v", list, n, err)
	}
}

func TestPersonaVersions(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	mgr := user(principal.RoleContentManager, companyA)
	a := h.agent(t, mgr)
	if a.PersonaVersion != 1 {
		t.Fatalf("new agent persona version %d", a.PersonaVersion)
	}
	name := "Renamed"
	a, err := h.svc.Update(ctx, mgr, a.ID, domain.UpdateInput{Name: &name, Persona: &domain.Persona{Voice: "warm"}})
	if err != nil || a.PersonaVersion != 1 || a.Version != 2 {
		t.Fatalf("a rename with the same persona: %+v %v", a, err)
	}
	a, err = h.svc.Update(ctx, mgr, a.ID, domain.UpdateInput{Persona: &domain.Persona{Voice: "crisp"}})
	if err != nil || a.PersonaVersion != 2 {
		t.Fatalf("a new persona: %+v %v", a, err)
	}
	a, err = h.svc.Update(ctx, mgr, a.ID, domain.UpdateInput{Model: &domain.ModelSettings{Temperature: 0.2, MaxTokens: 300}})
	if err != nil || a.PersonaVersion != 3 {
		t.Fatalf("new model settings: %+v %v", a, err)
	}
	vs, n, err := h.svc.Versions(ctx, mgr, a.ID, page())
	if err != nil || n != 3 || vs[0].Number != 3 || vs[1].Persona.Voice != "crisp" || vs[2].Persona.Voice != "warm" || vs[0].Model.MaxTokens != 300 {
		t.Fatalf("versions: %+v %d %v", vs, n, err)
	}
}

// Concurrent edits of one agent: every write that wins has its own persona
// version number and its own snapshot; the losers get 409 and leave none.
func TestConcurrentPersonaEditsNeverShareAVersion(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := t.Context()
	mgr := user(principal.RoleContentManager, companyA)
	a := h.agent(t, mgr)
	const writers = 8
	var wg sync.WaitGroup
	results := make([]domain.Agent, writers)
	errsOut := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			results[i], errsOut[i] = h.svc.Update(ctx, mgr, a.ID, domain.UpdateInput{Version: 1,
				Persona: &domain.Persona{Voice: string(rune('a' + i))}})
		})
	}
	wg.Wait()
	won := map[int64]string{}
	for i := range writers {
		if errsOut[i] != nil {
			if !isKind(errsOut[i], errs.ErrConflict) {
				t.Fatalf("writer %d: %v", i, errsOut[i])
			}
			continue
		}
		if prev, dup := won[results[i].PersonaVersion]; dup {
			t.Fatalf("persona version %d given to %q and %q", results[i].PersonaVersion, prev, results[i].Persona.Voice)
		}
		won[results[i].PersonaVersion] = results[i].Persona.Voice
	}
	if len(won) != 1 {
		t.Fatalf("%d writers of version 1 won, want exactly 1", len(won))
	}
	vs, n, err := h.svc.Versions(ctx, mgr, a.ID, page())
	if err != nil || n != 2 {
		t.Fatalf("versions: %+v %d %v", vs, n, err)
	}
	if voice := won[vs[0].Number]; voice != vs[0].Persona.Voice {
		t.Fatalf("version %d holds %q, the winner wrote %q", vs[0].Number, vs[0].Persona.Voice, voice)
	}
	// Without a version each writer edits the current one: several win in
	// turn; each winner's persona is stored under a number of its own.
	var winners []string
	for i := range writers {
		wg.Go(func() {
			_, errsOut[i] = h.svc.Update(ctx, mgr, a.ID, domain.UpdateInput{Persona: &domain.Persona{Voice: "v" + string(rune('a'+i))}})
		})
	}
	wg.Wait()
	for i := range writers {
		if errsOut[i] == nil {
			winners = append(winners, "v"+string(rune('a'+i)))
		} else if !isKind(errsOut[i], errs.ErrConflict) {
			t.Fatalf("writer %d: %v", i, errsOut[i])
		}
	}
	vs, n, err = h.svc.Versions(ctx, mgr, a.ID, page())
	if err != nil || int(n) != 2+len(winners) {
		t.Fatalf("%d versions after %d more winners: %v", n, len(winners), err)
	}
	numbers, voices := map[int64]bool{}, map[string]int{}
	for _, v := range vs {
		if numbers[v.Number] {
			t.Fatalf("persona version %d stored twice", v.Number)
		}
		numbers[v.Number] = true
		voices[v.Persona.Voice]++
	}
	for k := int64(1); k <= n; k++ {
		if !numbers[k] {
			t.Fatalf("persona version %d missing: a loser spent a number (%v)", k, numbers)
		}
	}
	for _, w := range winners {
		if voices[w] != 1 {
			t.Fatalf("winner %q is in %d versions, want 1: %+v", w, voices[w], vs)
		}
	}
	cur, err := h.svc.Get(ctx, mgr, a.ID)
	if err != nil || cur.PersonaVersion != vs[0].Number || cur.Persona.Voice != vs[0].Persona.Voice {
		t.Fatalf("agent at persona version %d (%q), newest version %d (%q)", cur.PersonaVersion, cur.Persona.Voice, vs[0].Number, vs[0].Persona.Voice)
	}
}
