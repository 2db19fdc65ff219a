package fakeshopify

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// cursor is what a page_info token carries (Shopify's is opaque too).
type cursor struct {
	AfterID int64  `json:"a"`
	Status  string `json:"s"`
	Since   string `json:"u"`
}

func (s *Server) productsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 50
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 250 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"errors": map[string][]string{"limit": {"must be between 1 and 250"}}})
			return
		}
		limit = n
	}
	var c cursor
	if pi := q.Get("page_info"); pi != "" {
		for k := range q {
			if k != "page_info" && k != "limit" && k != "fields" {
				writeJSON(w, http.StatusBadRequest, map[string]any{"errors": map[string][]string{"page_info": {"Invalid value. " + k + " cannot be passed with page_info."}}})
				return
			}
		}
		raw, err := base64.RawURLEncoding.DecodeString(pi)
		if err != nil || json.Unmarshal(raw, &c) != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"errors": map[string][]string{"page_info": {"Invalid value."}}})
			return
		}
	} else {
		c = cursor{Status: q.Get("status"), Since: q.Get("updated_at_min")}
	}
	var since time.Time
	if c.Since != "" {
		t, err := time.Parse(time.RFC3339, c.Since)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"errors": map[string][]string{"updated_at_min": {"is invalid"}}})
			return
		}
		since = t
	}
	s.mu.Lock()
	s.pages++
	page, hook := s.pages, s.onProduct
	s.mu.Unlock()
	if hook != nil {
		hook(page)
	}
	s.mu.Lock()
	var match []Product
	for _, p := range s.products {
		if p.ID > c.AfterID && (c.Status == "" || slices.Contains(strings.Split(c.Status, ","), p.Status)) && !p.UpdatedAt.Before(since) {
			match = append(match, *p)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(match, func(a, b Product) int { return int(a.ID - b.ID) })
	more := len(match) > limit
	if more {
		match = match[:limit]
	}
	if more {
		next := c
		next.AfterID = match[len(match)-1].ID
		b, _ := json.Marshal(next)
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
		v := url.Values{"limit": {strconv.Itoa(limit)}, "page_info": {base64.RawURLEncoding.EncodeToString(b)}}
		if f := q.Get("fields"); f != "" {
			v.Set("fields", f)
		}
		u.RawQuery = v.Encode()
		w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", u.String()))
	}
	out := make([]any, 0, len(match))
	for _, p := range match {
		out = append(out, project(p, q.Get("fields")))
	}
	writeJSON(w, http.StatusOK, map[string]any{"products": out})
}

// project keeps only the fields asked for (fields=id,updated_at).
func project(p Product, fields string) any {
	if fields == "" {
		return p
	}
	b, _ := json.Marshal(p)
	var all map[string]json.RawMessage
	_ = json.Unmarshal(b, &all)
	out := map[string]json.RawMessage{}
	for _, f := range strings.Split(fields, ",") {
		if v, ok := all[strings.TrimSpace(f)]; ok {
			out[strings.TrimSpace(f)] = v
		}
	}
	return out
}
