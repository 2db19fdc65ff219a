// Package fakewp runs a local HTTP server that speaks the WordPress REST
// API (wp/v2) as the integrations use it, so that tests drive the real
// client code:
//
//   - HTTP Basic authentication with an application password (401 with
//     {"code":"incorrect_password","message":…,"data":{"status":401}});
//   - GET /wp-json/wp/v2/users/me;
//   - GET /wp-json/wp/v2/categories and /tags (search, per_page), POST to
//     create one (400 term_exists with data.term_id when the name is
//     taken);
//   - POST /wp-json/wp/v2/posts (201) and POST /wp-json/wp/v2/posts/<id>
//     (200; 404 rest_post_invalid_id), with WordPress's post shape:
//     title/content/excerpt as {"rendered": …}, slug, link, status,
//     categories, tags. A slug sent on create is kept (a draft's too, as
//     wp_insert_post keeps an explicit post_name); a published post
//     without one gets its title's, made unique with -2, -3…;
//   - GET /wp-json/wp/v2/posts?slug=…&status=… (slug: one or more,
//     comma-separated or slug[]=; status: publish by default, "any" is
//     every status but trash, another status than publish needs the
//     credentials, else 401 rest_forbidden_status; X-WP-Total and
//     X-WP-TotalPages headers);
//   - what an editor does in wp-admin: Trash (status trash, the slug
//     renamed <slug>__trashed, as wp_trash_post does) and Delete
//     (permanently: the id then answers 404 rest_post_invalid_id); an
//     update out of the trash gets the slug back;
//   - faults on demand (Fail: a 5xx with WordPress's error body;
//     StallCreate: the next create stores the post, then does not answer
//     for a while, like a site that is slow after its insert).
//
// Every error body is WordPress's {"code","message","data":{"status"}}.
// The package imports only the standard library.
package fakewp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Post is a stored post.
type Post struct {
	ID         int64
	Title      string
	Content    string
	Excerpt    string
	Status     string
	Slug       string
	Categories []int64
	// desiredSlug is the slug before the trash (_wp_desired_post_slug).
	desiredSlug string
	Tags        []int64
	Modified    time.Time
}

// Term is a category or tag.
type Term struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Server is one fake WordPress site.
type Server struct {
	*httptest.Server
	User, Password string

	mu       sync.Mutex
	posts    map[int64]*Post
	terms    map[string][]Term // "categories", "tags"
	nextID   int64
	fail     int
	failCode int
	writes   int
	stall    time.Duration
}

// New starts a fake site accepting user with the application password.
func New(user, password string) *Server {
	s := &Server{User: user, Password: password, posts: map[int64]*Post{}, nextID: 100,
		terms: map[string][]Term{"categories": {{ID: 1, Name: "Uncategorized", Slug: "uncategorized"}}, "tags": nil}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /wp-json/wp/v2/users/me", s.auth(s.me))
	mux.HandleFunc("GET /wp-json/wp/v2/posts", s.listPosts)
	mux.HandleFunc("GET /wp-json/wp/v2/{taxonomy}", s.auth(s.listTerms))
	mux.HandleFunc("POST /wp-json/wp/v2/{taxonomy}", s.auth(s.create))
	mux.HandleFunc("POST /wp-json/wp/v2/posts/{id}", s.auth(s.updatePost))
	s.Server = httptest.NewServer(mux)
	return s
}

// Fail makes the next n requests answer code (5xx) with WordPress's body.
func (s *Server) Fail(n, code int) { s.mu.Lock(); s.fail, s.failCode = n, code; s.mu.Unlock() }

// StallCreate makes the next post creation store the post and then hold
// its answer for d (or until the client goes away).
func (s *Server) StallCreate(d time.Duration) { s.mu.Lock(); s.stall = d; s.mu.Unlock() }

// Trash moves a post to the trash as wp-admin's "Move to Trash" does.
func (s *Server) Trash(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.posts[id]; ok && p.Status != "trash" {
		p.Status = "trash"
		if p.Slug != "" {
			p.desiredSlug = p.Slug
			p.Slug += "__trashed"
		}
	}
}

// Delete deletes a post permanently.
func (s *Server) Delete(id int64) { s.mu.Lock(); delete(s.posts, id); s.mu.Unlock() }

// Posts returns a copy of the stored posts.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Post, 0, len(s.posts))
	for _, p := range s.posts {
		out = append(out, *p)
	}
	return out
}

// TermNames maps the ids of a taxonomy ("categories", "tags") to names.
func (s *Server) TermNames(taxonomy string, ids []int64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, id := range ids {
		for _, t := range s.terms[taxonomy] {
			if t.ID == id {
				out = append(out, t.Name)
			}
		}
	}
	return out
}

func wpError(w http.ResponseWriter, status int, code, msg string, extra map[string]any) {
	data := map[string]any{"status": status}
	for k, v := range extra {
		data[k] = v
	}
	writeJSON(w, status, map[string]any{"code": code, "message": msg, "data": data})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.refused(w, r, true) {
			return
		}
		next(w, r)
	}
}

// refused answers a fault or a credential problem (no credentials only
// when they are required: WordPress checks the ones sent either way).
func (s *Server) refused(w http.ResponseWriter, r *http.Request, required bool) bool {
	s.mu.Lock()
	failing, code := s.fail > 0, s.failCode
	if failing {
		s.fail--
	}
	s.mu.Unlock()
	user, pw, ok := r.BasicAuth()
	switch {
	case failing:
		wpError(w, code, "internal_server_error", "<p>There has been a critical error on this website.</p>", nil)
	case !ok && required:
		wpError(w, http.StatusUnauthorized, "rest_not_logged_in", "You are not currently logged in.", nil)
	case ok && (user != s.User || pw != s.Password):
		wpError(w, http.StatusUnauthorized, "incorrect_password", "The provided password is an invalid application password.", nil)
	default:
		return false
	}
	return true
}

func (s *Server) me(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"id": 1, "name": s.User, "slug": strings.ToLower(s.User), "link": s.URL + "/author/" + s.User + "/"})
}

func (s *Server) listTerms(w http.ResponseWriter, r *http.Request) {
	tax := r.PathValue("taxonomy")
	if tax != "categories" && tax != "tags" {
		wpError(w, http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.", nil)
		return
	}
	search := strings.ToLower(r.URL.Query().Get("search"))
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Term{}
	for _, t := range s.terms[tax] {
		if search == "" || strings.Contains(strings.ToLower(t.Name), search) {
			out = append(out, t)
		}
	}
	w.Header().Set("X-WP-Total", strconv.Itoa(len(out)))
	writeJSON(w, http.StatusOK, out)
}

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

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	tax := r.PathValue("taxonomy")
	var b postBody
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		wpError(w, http.StatusBadRequest, "rest_invalid_json", "Invalid JSON body passed.", nil)
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
	var b postBody
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		wpError(w, http.StatusBadRequest, "rest_invalid_json", "Invalid JSON body passed.", nil)
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
