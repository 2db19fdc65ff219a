package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// client talks to the gateway as a user would.
type client struct {
	t   *testing.T
	url string
}

type answer struct {
	status int
	body   []byte
}

func (a answer) String() string { return fmt.Sprintf("%d %s", a.status, a.body) }

// do sends body as a form (url.Values) or JSON (anything else but nil).
func (c client) do(method, path, token string, body any) answer {
	c.t.Helper()
	var r io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		r, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		r, ctype = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.url+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	return answer{status: resp.StatusCode, body: data}
}

// login is the OAuth2 password grant at POST /auth/token; it returns the
// access token.
func (c client) login(email, password string) string {
	c.t.Helper()
	a := c.do(http.MethodPost, "/auth/token", "", url.Values{
		"grant_type": {"password"}, "username": {email}, "password": {password}})
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if a.status != http.StatusOK || json.Unmarshal(a.body, &tok) != nil || tok.AccessToken == "" {
		c.t.Fatalf("login %s: %s", email, a)
	}
	return tok.AccessToken
}

func (c client) createCompany(token, name string) string {
	c.t.Helper()
	a := c.do(http.MethodPost, "/api/companies", token, map[string]any{"name": name})
	var co struct {
		ID string `json:"id"`
	}
	if a.status/100 != 2 || json.Unmarshal(a.body, &co) != nil || co.ID == "" {
		c.t.Fatalf("create company: %s", a)
	}
	return co.ID
}

// hasCompany reports whether GET /api/companies?q=name lists the company.
func (c client) hasCompany(token, name, id string) bool {
	c.t.Helper()
	a := c.do(http.MethodGet, "/api/companies?q="+url.QueryEscape(name), token, nil)
	var list struct {
		Data []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"data"`
	}
	if a.status != http.StatusOK || json.Unmarshal(a.body, &list) != nil {
		c.t.Fatalf("list companies: %s", a)
	}
	for _, co := range list.Data {
		if co.ID == id && co.Name == name {
			return true
		}
	}
	return false
}
