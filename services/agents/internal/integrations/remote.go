package integrations

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// TestResult says whether a connection's credentials work.
type TestResult struct {
	OK      bool
	Message string
}

// Test checks a connection's credentials with one harmless call.
func (s *Service) Test(ctx context.Context, p principal.Principal, id string) (TestResult, error) {
	sc, err := adminScope(p, "")
	if err != nil {
		return TestResult{}, err
	}
	it, err := s.Store.Get(ctx, sc, id)
	if err != nil {
		return TestResult{}, err
	}
	secret, err := s.Store.Secret(ctx, it.CompanyID, it.ID)
	if err != nil {
		return TestResult{}, err
	}
	var name string
	switch it.Kind {
	case KindShopify:
		name, err = s.Shopify.Shop(ctx, ShopifyConn{Domain: it.ShopDomain, Version: it.APIVersion, Token: secret})
	default:
		name, err = s.WordPress.Me(ctx, WPConn{SiteURL: it.SiteURL, Username: it.Username, Password: secret})
	}
	var re *RemoteError
	switch {
	case errors.As(err, &re):
		return TestResult{OK: false, Message: re.Msg}, nil
	case err != nil:
		return TestResult{}, err
	case it.Kind == KindShopify:
		return TestResult{OK: true, Message: "Connected to the shop " + name}, nil
	}
	return TestResult{OK: true, Message: "Connected as " + name}, nil
}

// PublishInput is one post to write through a WordPress connection.
// Post.Slug is the caller's deterministic marker of the content (tickets:
// copydesk-<ticket id>): a create first adopts the post that has it.
type PublishInput struct {
	IntegrationID, CompanyID string
	PostID                   int64
	Post                     Post
	Categories, Tags         []string
}

// slugPattern is what a marker slug may be (WordPress's sanitize_title
// leaves such a slug as it is, so the lookup finds it).
var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// Publish writes a post through a WordPress connection of the company
// the content belongs to (called by the tickets service with the caller's
// token: managers of that company, or a superadmin). Categories and tags
// are named; missing ones are created.
func (s *Service) Publish(ctx context.Context, p principal.Principal, in PublishInput) (PostResult, error) {
	if !p.HasRole(PublishRoles...) {
		return PostResult{}, errs.New(errs.ErrPermissionDenied, "Your role may not publish")
	}
	sc, err := tenancy.ReadScope(p, PublishRoles, in.CompanyID)
	if err != nil {
		return PostResult{}, err
	}
	var v errs.Validator
	v.Check(in.CompanyID != "", "company_id", "missing", "company_id is required")
	v.Check(in.Post.Status == "draft" || in.Post.Status == "publish", "status", "literal_error", "status must be draft or publish")
	v.Check(strings.TrimSpace(in.Post.Title) != "", "title", "missing", "title is required")
	v.Check(in.Post.Slug == "" || slugPattern.MatchString(in.Post.Slug), "slug", "value_error", "slug must be 1 to 100 of a-z, 0-9 and -")
	if err := v.Err(); err != nil {
		return PostResult{}, err
	}
	it, err := s.Store.Get(ctx, sc, in.IntegrationID)
	if errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrMalformedID) || (err == nil && it.CompanyID != in.CompanyID) {
		v.Add("integration_id", "not_found", "No WordPress connection of the ticket's company has this id")
		return PostResult{}, v.Err()
	}
	if err != nil {
		return PostResult{}, err
	}
	if it.Kind != KindWordPress || !it.Active {
		v.Add("integration_id", "value_error", "integration_id must be an active wordpress connection")
		return PostResult{}, v.Err()
	}
	secret, err := s.Store.Secret(ctx, it.CompanyID, it.ID)
	if err != nil {
		return PostResult{}, err
	}
	conn := WPConn{SiteURL: it.SiteURL, Username: it.Username, Password: secret}
	post := in.Post
	if post.Categories, err = s.WordPress.TermIDs(ctx, conn, "categories", clean(in.Categories)); err != nil {
		return PostResult{}, remoteFailure(err)
	}
	if post.Tags, err = s.WordPress.TermIDs(ctx, conn, "tags", clean(in.Tags)); err != nil {
		return PostResult{}, remoteFailure(err)
	}
	r, err := s.savePost(ctx, conn, in.PostID, post)
	if err != nil {
		return PostResult{}, remoteFailure(err)
	}
	return r, nil
}

// savePost updates post id or, with none, adopts the post that has the
// marker slug before creating one: an earlier attempt whose answer was
// lost (a deadline, a crash) may have made it, and a retry must not make
// a second. A post deleted permanently in WordPress (404
// rest_post_invalid_id on update) is made again the same way; a trashed
// one is updated (and so restored to the status asked for).
func (s *Service) savePost(ctx context.Context, conn WPConn, id int64, post Post) (PostResult, error) {
	if id > 0 {
		r, err := s.WordPress.SavePost(ctx, conn, id, post)
		if !IsPostGone(err) {
			return r, err
		}
		s.Log.InfoContext(ctx, "the post was deleted in WordPress: it is made again", "post_id", id)
	}
	if post.Slug != "" {
		found, err := s.WordPress.FindPost(ctx, conn, post.Slug)
		if err != nil {
			return PostResult{}, err
		}
		if found > 0 {
			return s.WordPress.SavePost(ctx, conn, found, post)
		}
	}
	return s.WordPress.SavePost(ctx, conn, 0, post)
}

// remoteFailure makes a failed WordPress call an Unavailable whose
// message (WordPress's status and code, never an address or a secret)
// reaches the caller.
func remoteFailure(err error) error {
	var re *RemoteError
	if errors.As(err, &re) {
		return errs.New(errs.ErrUnavailable, "%s", re.Msg)
	}
	return err
}

// clean trims names and drops empty and repeated ones (case-insensitive,
// as WordPress compares term names).
func clean(names []string) []string {
	var out []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n != "" && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, n) }) {
			out = append(out, n)
		}
	}
	return out
}
