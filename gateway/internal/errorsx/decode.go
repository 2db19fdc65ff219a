package errorsx

import (
	"encoding/json"
	"errors"
	"strings"
)

// grpc-gateway wraps a decoder error as status.Errorf(InvalidArgument,
// "%v", err): only the message survives. A problem found by the gateway's
// own decoders therefore travels as a message with this prefix followed by
// the JSON of a Problem, which Handler recognises.
const decodePrefix = "copydesk-gateway-decode:"

// Problem kinds the decoders report besides pydantic-like violation types.
const (
	KindBodyTooLarge = "body_too_large"
)

// Problem is a request the gateway could not decode.
type Problem struct {
	// Kind is KindBodyTooLarge or a violation type such as "json_invalid"
	// or "extra_forbidden".
	Kind string   `json:"kind"`
	Loc  []string `json:"loc,omitempty"`
	Msg  string   `json:"msg,omitempty"`
}

// DecodeError returns an error whose message carries p.
func DecodeError(p Problem) error {
	b, _ := json.Marshal(p) // a struct of strings always marshals
	return errors.New(decodePrefix + string(b))
}

// BodyTooLarge is the decoders' error for a body over the limit.
func BodyTooLarge() error { return DecodeError(Problem{Kind: KindBodyTooLarge}) }

// parseProblem finds a Problem in a status message.
func parseProblem(msg string) (Problem, bool) {
	i := strings.Index(msg, decodePrefix)
	if i < 0 {
		return Problem{}, false
	}
	var p Problem
	if err := json.Unmarshal([]byte(msg[i+len(decodePrefix):]), &p); err != nil || p.Kind == "" {
		return Problem{}, false
	}
	return p, true
}
