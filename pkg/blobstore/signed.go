package blobstore

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"mime"
	"net/url"
	"strconv"
	"time"
)

// FilesPrefix is the path under which the gateway serves disk links.
const FilesPrefix = "/files/"

// Signer signs and checks disk links: HMAC-SHA256 over the key, the
// expiry, the file name and the content type, with a key derived from a
// shared secret (so the link secret is never the secret itself).
type Signer struct{ key []byte }

// NewSigner derives the link key from secret.
func NewSigner(secret string) Signer {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("copydesk file links v1"))
	return Signer{key: m.Sum(nil)}
}

func (s Signer) mac(key string, exp int64, name, ctype string) []byte {
	m := hmac.New(sha256.New, s.key)
	for _, part := range []string{key, strconv.FormatInt(exp, 10), name, ctype} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

// Sign returns the query of a link to key valid until exp.
func (s Signer) Sign(key string, exp time.Time, name, ctype string) url.Values {
	e := exp.Unix()
	return url.Values{
		"expires": {strconv.FormatInt(e, 10)}, "name": {name}, "type": {ctype},
		"signature": {base64.RawURLEncoding.EncodeToString(s.mac(key, e, name, ctype))},
	}
}

// Verify checks a link's query for key at now and returns the file name
// and content type it was signed with.
func (s Signer) Verify(key string, q url.Values, now time.Time) (name, ctype string, ok bool) {
	e, err := strconv.ParseInt(q.Get("expires"), 10, 64)
	if err != nil || now.Unix() > e {
		return "", "", false
	}
	sig, err := base64.RawURLEncoding.DecodeString(q.Get("signature"))
	if err != nil {
		return "", "", false
	}
	name, ctype = q.Get("name"), q.Get("type")
	if !hmac.Equal(sig, s.mac(key, e, name, ctype)) {
		return "", "", false
	}
	return name, ctype, true
}

// ContentDisposition is an attachment disposition for a display name
// (RFC 6266 with the RFC 5987 filename* form for non-ASCII names).
func ContentDisposition(name string) string {
	if name == "" {
		return "attachment"
	}
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}
