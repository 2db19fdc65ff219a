package outbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// Delivery headers.
const (
	HeaderTimestamp = "X-Copydesk-Timestamp" // unix seconds of the attempt
	HeaderSignature = "X-Copydesk-Signature" // "sha256=" + hex HMAC
	HeaderEvent     = "X-Copydesk-Event"     // event type, e.g. ticket.status_changed
	HeaderDelivery  = "X-Copydesk-Delivery"  // delivery id, the same on every retry
)

// Sign returns the X-Copydesk-Signature value: "sha256=" and the hex
// HMAC-SHA256, keyed with the webhook secret, of the timestamp, a dot and
// the raw body.
func Sign(secret string, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(timestamp, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature in constant time (for receivers and tests).
func Verify(secret string, timestamp int64, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, timestamp, body)), []byte(signature))
}
