package fakewp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Posts: create, update, list (by slug and status) as wp/v2 does.

// postBody is what a client sends to create or update a post.
type postBody struct {
	Title      *string  `json:"title"`
	Content    *string  `json:"content"`
	Excerpt    *string  `json:"excerpt"`
	Status     *string  `json:"status"`
	Categories *[]int64 `json:"categories"`
	Tags       *[]int64 `json:"tags"`
	Slug       *string  `json:"slug"`
	Name       string   `json:"name"`
}

// decodeBody reads a create or update body, answering WordPress's 400
// for JSON it cannot parse.
func decodeBody(w http.ResponseWriter, r *http.Request) (postBody, bool) {
	var b postBody
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		wpError(w, http.StatusBadRequest, "rest_invalid_json", "Invalid JSON body passed.", nil)
		return b, false
	}
	return b, true
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	tax := r.PathValue("taxonomy")
	b, ok := decodeBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch tax {
	case "posts":
		s.nextID++
		p := &Post{ID: s.nextID, Status: "draft"}
		if !s.apply(w, p, b) {
			s.nextID--
			return
		}
		s.posts[p.ID] = p
		s.writes++
		out, stall := s.render(p), s.stall
		s.stall = 0
		if stall > 0 {
			// The post is stored; the answer is late (the lock is not
			// held meanwhile).
			s.mu.Unlock()
			select {
			case <-time.After(stall):
			case <-r.Context().Done():
			}
			s.mu.Lock()
		}
		writeJSON(w, http.StatusCreated, out)
	case "categories", "tags":
		name := strings.TrimSpace(b.Name)
		if name == "" {
			wpError(w, http.StatusBadRequest, "rest_missing_callback_param", "Missing parameter(s): name", map[string]any{"params": []string{"name"}})
			return
		}
		for _, t := range s.terms[tax] {
			if strings.EqualFold(t.Name, name) {
				wpError(w, http.StatusBadRequest, "term_exists", "A term with the name provided already exists.", map[string]any{"term_id": t.ID})
				return
			}
		}
		s.nextID++
		t := Term{ID: s.nextID, Name: name, Slug: strings.ToLower(strings.ReplaceAll(name, " ", "-"))}
		s.terms[tax] = append(s.terms[tax], t)
		writeJSON(w, http.StatusCreated, t)
	default:
		wpError(w, http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.", nil)
	}
}

func (s *Server) updatePost(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	b, ok := decodeBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.posts[id]
	if !ok {
		wpError(w, http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.", nil)
		return
	}
	if !s.apply(w, p, b) {
		return
	}
	s.writes++
	writeJSON(w, http.StatusOK, s.render(p))
}

func (s *Server) apply(w http.ResponseWriter, p *Post, b postBody) bool {
	if b.Status != nil {
		switch *b.Status {
		case "draft", "publish", "pending", "private", "future":
			if p.Status == "trash" && p.desiredSlug != "" {
				// Out of the trash: wp_insert_post restores the slug.
				p.Slug, p.desiredSlug = p.desiredSlug, ""
			}
			p.Status = *b.Status
		default:
			wpError(w, http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): status", map[string]any{"params": map[string]string{"status": "status is not one of publish, future, draft, pending, private."}})
			return false
		}
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.Title, b.Title)
	set(&p.Content, b.Content)
	set(&p.Excerpt, b.Excerpt)
	if b.Slug != nil {
		p.Slug = sanitizeTitle(*b.Slug)
	}
	if p.Slug == "" && (p.Status == "publish" || p.Status == "private" || p.Status == "future") {
		p.Slug = sanitizeTitle(p.Title)
	}
	if p.Slug != "" && p.Status != "draft" && p.Status != "pending" {
		p.Slug = s.uniqueSlug(p.ID, p.Slug)
	}
	if b.Categories != nil {
		p.Categories = *b.Categories
	}
	if b.Tags != nil {
		p.Tags = *b.Tags
	}
	p.Modified = time.Now().UTC()
	return true
}

func (s *Server) render(p *Post) map[string]any {
	rendered := func(v string) map[string]any { return map[string]any{"rendered": v, "protected": false} }
	return map[string]any{
		"id": p.ID, "date": p.Modified.Format("2006-01-02T15:04:05"), "modified": p.Modified.Format("2006-01-02T15:04:05"),
		"slug": p.Slug, "status": p.Status, "type": "post", "link": fmt.Sprintf("%s/?p=%d", s.URL, p.ID),
		"title": map[string]any{"rendered": p.Title}, "content": rendered(p.Content), "excerpt": rendered(p.Excerpt),
		"author": 1, "categories": nonNil(p.Categories), "tags": nonNil(p.Tags),
	}
}

func nonNil(v []int64) []int64 {
	if v == nil {
		return []int64{}
	}
	return v
}

// listPosts is GET /posts: status publish unless named ("any": every
// status but trash and auto-draft); other statuses need credentials with
// edit_posts (the application password's user here).
func (s *Server) listPosts(w http.ResponseWriter, r *http.Request) {
	if s.refused(w, r, false) {
		return
	}
	q := r.URL.Query()
	statuses := splitList(q["status"], q["status[]"])
	if len(statuses) == 0 {
		statuses = []string{"publish"}
	}
	for _, st := range statuses {
		switch st {
		case "publish":
		case "any", "draft", "pending", "private", "future", "trash":
			if _, _, ok := r.BasicAuth(); !ok {
				wpError(w, http.StatusUnauthorized, "rest_forbidden_status", "Status is forbidden.", nil)
				return
			}
		default:
			wpError(w, http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): status",
				map[string]any{"params": map[string]string{"status": "status[0] is not one of publish, future, draft, pending, private, trash, auto-draft, inherit, request-pending, request-confirmed, request-failed, request-completed, any."}})
			return
		}
	}
	slugs := splitList(q["slug"], q["slug[]"])
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	var ids []int64
	for id := range s.posts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range slices.Backward(ids) { // newest first (orderby=date)
		p := s.posts[id]
		if !statusMatches(statuses, p.Status) || (len(slugs) > 0 && !slices.Contains(slugs, p.Slug)) {
			continue
		}
		out = append(out, s.render(p))
	}
	w.Header().Set("X-WP-Total", strconv.Itoa(len(out)))
	pages := 1
	if len(out) == 0 {
		pages = 0
	}
	w.Header().Set("X-WP-TotalPages", strconv.Itoa(pages))
	if len(out) > 10 {
		out = out[:10] // per_page's default
	}
	writeJSON(w, http.StatusOK, out)
}

func statusMatches(statuses []string, st string) bool {
	return slices.Contains(statuses, st) || (slices.Contains(statuses, "any") && st != "trash" && st != "auto-draft")
}

// splitList reads a WordPress list parameter: a=x,y or a[]=x&a[]=y.
func splitList(vals ...[]string) []string {
	var out []string
	for _, vs := range vals {
		for _, v := range vs {
			for _, item := range strings.Split(v, ",") {
				if item = strings.TrimSpace(item); item != "" {
					out = append(out, item)
				}
			}
		}
	}
	return out
}

// sanitizeTitle is a short sanitize_title: lower case, runs of other
// characters than a-z, 0-9, - and _ become one -.
func sanitizeTitle(v string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(v)) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// uniqueSlug is wp_unique_post_slug for posts: -2, -3… while another
// post has the slug.
func (s *Server) uniqueSlug(id int64, slug string) string {
	taken := func(c string) bool {
		for _, p := range s.posts {
			if p.ID != id && p.Slug == c {
				return true
			}
		}
		return false
	}
	out := slug
	for n := 2; taken(out); n++ {
		out = fmt.Sprintf("%s-%d", slug, n)
	}
	return out
}
