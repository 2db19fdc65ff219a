// Package wordpress is the client of the WordPress REST API (wp/v2) that
// publishing uses (integrations.WordPress): the user's own record (the
// credential test), categories and tags by name (created when missing)
// and posts, with HTTP Basic auth of an application password, every
// connection through pkg/netguard. Hand-written on net/http: five
// endpoints, and no maintained Go client of the WP REST API exists.
//
// Every request ends before the caller's deadline, with a reserve
// (requestDeadline): a site that does not answer in time is a
// RemoteError the caller can record, never the caller's own deadline
// passing while WordPress may have acted.
package wordpress

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// Client calls WordPress sites.
type Client struct {
	// HTTP must come from netguard (dial-time checks, no redirects).
	HTTP *http.Client
}

var _ integrations.WordPress = (*Client)(nil)

// Me reads the authenticated user's name.
func (c *Client) Me(ctx context.Context, conn integrations.WPConn) (string, error) {
	var out struct {
		Name string `json:"name"`
	}
	if err := c.do(ctx, conn, http.MethodGet, "/users/me", nil, &out); err != nil {
		return "", err
	}
	return out.Name, nil
}

type term struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// TermIDs maps names to the ids of a taxonomy's terms, creating the
// missing ones (a concurrent creator's term_exists answer carries the id).
func (c *Client) TermIDs(ctx context.Context, conn integrations.WPConn, taxonomy string, names []string) ([]int64, error) {
	ids := make([]int64, 0, len(names))
	for _, name := range names {
		var found []term
		if err := c.do(ctx, conn, http.MethodGet, "/"+taxonomy+"?"+url.Values{"search": {name}, "per_page": {"100"}}.Encode(), nil, &found); err != nil {
			return nil, err
		}
		id := int64(0)
		for _, t := range found {
			if strings.EqualFold(htmlUnescape(t.Name), name) {
				id = t.ID
				break
			}
		}
		if id == 0 {
			var created term
			err := c.do(ctx, conn, http.MethodPost, "/"+taxonomy, map[string]string{"name": name}, &created)
			var we *wpError
			switch {
			case errorAs(err, &we) && we.Code == "term_exists" && we.Data.TermID > 0:
				id = we.Data.TermID
			case err != nil:
				return nil, err
			default:
				id = created.ID
			}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// SavePost creates a post (id 0; with p.Slug when set) or updates post
// id (the slug is left as it is: a published post keeps its permalink).
func (c *Client) SavePost(ctx context.Context, conn integrations.WPConn, id int64, p integrations.Post) (integrations.PostResult, error) {
	body := map[string]any{"title": p.Title, "content": p.Content, "excerpt": p.Excerpt, "status": p.Status,
		"categories": nonNil(p.Categories), "tags": nonNil(p.Tags)}
	path := "/posts"
	if id > 0 {
		path += "/" + strconv.FormatInt(id, 10)
	} else if p.Slug != "" {
		body["slug"] = p.Slug
	}
	var out struct {
		ID     int64  `json:"id"`
		Link   string `json:"link"`
		Status string `json:"status"`
	}
	if err := c.do(ctx, conn, http.MethodPost, path, body, &out); err != nil {
		return integrations.PostResult{}, err
	}
	return integrations.PostResult{ID: out.ID, Link: out.Link, Status: out.Status}, nil
}

// FindPost looks a post up by slug in every status but trash:
// GET /posts?slug=<slug>&status=any (status=any needs the edit_posts
// capability, which publishing needs anyway). It returns 0 when none has
// it.
func (c *Client) FindPost(ctx context.Context, conn integrations.WPConn, slug string) (int64, error) {
	var found []struct {
		ID   int64  `json:"id"`
		Slug string `json:"slug"`
	}
	q := url.Values{"slug": {slug}, "status": {"any"}, "per_page": {"1"}, "_fields": {"id,slug"}}
	if err := c.do(ctx, conn, http.MethodGet, "/posts?"+q.Encode(), nil, &found); err != nil {
		return 0, err
	}
	for _, p := range found {
		if p.Slug == slug {
			return p.ID, nil
		}
	}
	return 0, nil
}

func nonNil(v []int64) []int64 {
	if v == nil {
		return []int64{}
	}
	return v
}

// wpError is WordPress's error body.
type wpError struct {
	Status  int
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    struct {
		Status int   `json:"status"`
		TermID int64 `json:"term_id"`
	} `json:"data"`
}

func (e *wpError) Error() string {
	return fmt.Sprintf("WordPress answered %d (%s)", e.Status, e.Code)
}

// maxReserve is the most of the caller's time a request leaves unused.
const maxReserve = 2 * time.Second

// requestDeadline bounds one request by the caller's deadline less a
// reserve (a fifth of the time left, at most maxReserve), so that the
// caller learns of a site that does not answer while it can still record
// it. The client's own timeout (INTEGRATIONS_TIMEOUT) bounds it too.
func requestDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	return context.WithDeadline(ctx, dl.Add(-min(time.Until(dl)/5, maxReserve)))
}

// do sends one request to <site>/wp-json/wp/v2<path>.
func (c *Client) do(parent context.Context, conn integrations.WPConn, method, path string, in, out any) error {
	ctx, cancel := requestDeadline(parent)
	defer cancel()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode wordpress request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(conn.SiteURL, "/")+"/wp-json/wp/v2"+path, body)
	if err != nil {
		return &integrations.RemoteError{Msg: "invalid site URL"}
	}
	req.SetBasicAuth(conn.Username, conn.Password)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "Copydesk-Integrations/1")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if parent.Err() != nil {
			return parent.Err()
		}
		if ctx.Err() != nil {
			return &integrations.RemoteError{Msg: "WordPress did not answer in time"}
		}
		return &integrations.RemoteError{Msg: "WordPress could not be reached: " + netguard.Describe(err)}
	}
	defer func() { _ = resp.Body.Close() }()
	raw, rerr := io.ReadAll(resp.Body)
	if rerr != nil && parent.Err() == nil && ctx.Err() != nil {
		return &integrations.RemoteError{Status: resp.StatusCode, Msg: "WordPress did not answer in time"}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		we := &wpError{Status: resp.StatusCode}
		_ = json.Unmarshal(raw, we)
		return remote(we)
	}
	if rerr != nil {
		return &integrations.RemoteError{Status: resp.StatusCode, Msg: "WordPress's answer could not be read: " + netguard.Describe(rerr)}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &integrations.RemoteError{Status: resp.StatusCode, Msg: "WordPress answered something that is not the expected JSON"}
	}
	return nil
}

// remoteErr is a RemoteError that still carries WordPress's code (for
// term_exists).
type remoteErr struct {
	integrations.RemoteError
	wp *wpError
}

func (e *remoteErr) Unwrap() []error { return []error{&e.RemoteError, e.wp} }

func remote(we *wpError) error {
	msg := fmt.Sprintf("WordPress answered %d", we.Status)
	switch {
	case we.Status == http.StatusUnauthorized || we.Status == http.StatusForbidden:
		msg = fmt.Sprintf("WordPress refused the username or application password (%d %s)", we.Status, we.Code)
	case we.Code != "":
		msg += " (" + we.Code + ")"
	}
	return &remoteErr{RemoteError: integrations.RemoteError{Status: we.Status, Msg: msg}, wp: we}
}
